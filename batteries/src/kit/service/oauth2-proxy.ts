import type { InstanceProblem } from '../../model/instance.js';

/** Whether a service may be routed from outside, and why not. */
export interface SsoDecision {
  /** False when the service asked for SSO that cannot be put in front of it: it stays inside the cluster. */
  readonly isExposable: boolean;
  readonly problems: readonly InstanceProblem[];
}

/**
 * The seam for putting a service behind SSO (oauth2-proxy in front of it, signed in through Keycloak). Until the
 * SSO work wires it here, a service that asks for it is never served from outside unprotected: it gets no route
 * and its status says why.
 */
export function decideSso(isRequested: boolean, isInstalled: (type: string) => boolean): SsoDecision {
  if (!isRequested) return { isExposable: true, problems: [] };
  return {
    isExposable: false,
    problems: [
      {
        reason: 'SsoUnavailable',
        message: isInstalled('keycloak')
          ? 'spec.oauth2Proxy: single sign-on in front of services is not available in this version yet; the service gets no outside route until it is'
          : 'spec.oauth2Proxy: needs single sign-on (the keycloak battery), which is not installed; the service gets no outside route until it is',
      },
    ],
  };
}
