import { k8s } from 'cdk8s-plus-33';
import type { Resources } from '../schema/resources.js';

/** Labels that select a battery's pods; the same map goes on the pod template and in selectors. */
export function selectorLabels(name: string, component?: string): Record<string, string> {
  return component
    ? { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': component }
    : { 'app.kubernetes.io/name': name };
}

/**
 * The restricted Pod Security Standard for a container: non-root, no privilege escalation, no
 * capabilities, the runtime's seccomp profile. `readOnlyRootFilesystem` where the image allows it.
 */
export function restrictedSecurityContext(
  options: { readOnlyRootFilesystem?: boolean } = {},
): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem: options.readOnlyRootFilesystem ?? true,
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** The pod-level security context for images that run as a fixed non-root user. */
export function podSecurityContext(user: number, group = user): k8s.PodSecurityContext {
  return {
    runAsUser: user,
    runAsGroup: group,
    fsGroup: group,
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Converts resolved resources into the container field, quantities typed the way cdk8s wants them. */
export function containerResources(resources: Resources): k8s.ResourceRequirements {
  const limits: Record<string, k8s.Quantity> = { memory: k8s.Quantity.fromString(resources.limits.memory) };
  if (resources.limits.cpu) limits.cpu = k8s.Quantity.fromString(resources.limits.cpu);
  return {
    requests: {
      cpu: k8s.Quantity.fromString(resources.requests.cpu),
      memory: k8s.Quantity.fromString(resources.requests.memory),
    },
    limits,
  };
}

/** An HTTP GET probe with the thresholds most batteries want. */
export function httpProbe(
  path: string,
  port: number | string,
  options: { initialDelaySeconds?: number; periodSeconds?: number; failureThreshold?: number } = {},
): k8s.Probe {
  return {
    httpGet: {
      path,
      port: typeof port === 'number' ? k8s.IntOrString.fromNumber(port) : k8s.IntOrString.fromString(port),
    },
    initialDelaySeconds: options.initialDelaySeconds ?? 5,
    periodSeconds: options.periodSeconds ?? 10,
    timeoutSeconds: 5,
    failureThreshold: options.failureThreshold ?? 6,
  };
}

/** A TCP probe on a named or numbered port. */
export function tcpProbe(port: number | string): k8s.Probe {
  return {
    tcpSocket: {
      port: typeof port === 'number' ? k8s.IntOrString.fromNumber(port) : k8s.IntOrString.fromString(port),
    },
    initialDelaySeconds: 5,
    periodSeconds: 10,
    timeoutSeconds: 5,
    failureThreshold: 6,
  };
}
