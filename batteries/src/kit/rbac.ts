import { k8s } from 'cdk8s-plus-33';
import { Construct } from 'constructs';

export interface AccountRoleProps {
  /** The role's and binding's name. */
  readonly name: string;
  /** The ServiceAccount bound: its name (default `name`) and namespace. */
  readonly account?: string;
  readonly namespace: string;
  readonly rules: k8s.PolicyRule[];
}

/** A ClusterRole and the ClusterRoleBinding that grants it to one ServiceAccount, both named `name`. */
export class ClusterRoleForAccount extends Construct {
  constructor(scope: Construct, id: string, props: AccountRoleProps) {
    super(scope, id);
    new k8s.KubeClusterRole(this, 'role', { metadata: { name: props.name }, rules: props.rules });
    new k8s.KubeClusterRoleBinding(this, 'binding', {
      metadata: { name: props.name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: props.name },
      subjects: [{ kind: 'ServiceAccount', name: props.account ?? props.name, namespace: props.namespace }],
    });
  }
}

/**
 * A Role in `roleNamespace` (default the account's namespace) and the RoleBinding that grants it to one
 * ServiceAccount, both named `name`.
 */
export class RoleForAccount extends Construct {
  constructor(scope: Construct, id: string, props: AccountRoleProps & { readonly roleNamespace?: string }) {
    super(scope, id);
    const namespace = props.roleNamespace ?? props.namespace;
    new k8s.KubeRole(this, 'role', { metadata: { name: props.name, namespace }, rules: props.rules });
    new k8s.KubeRoleBinding(this, 'binding', {
      metadata: { name: props.name, namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: props.name },
      subjects: [{ kind: 'ServiceAccount', name: props.account ?? props.name, namespace: props.namespace }],
    });
  }
}

/** A HorizontalPodAutoscaler keeping a Deployment between `min` and `max` replicas at 80 % CPU. */
export class CpuAutoscaler extends Construct {
  constructor(
    scope: Construct,
    id: string,
    props: { name: string; namespace: string; min?: number; max?: number },
  ) {
    super(scope, id);
    new k8s.KubeHorizontalPodAutoscalerV2(this, 'autoscaler', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: props.name },
        minReplicas: props.min ?? 1,
        maxReplicas: props.max ?? 5,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
          },
        ],
      },
    });
  }
}
