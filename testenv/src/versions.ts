/** Versions of the control-plane components; the binary cache is keyed by them (and by go.mod/go.sum). */
export const KUBERNETES_VERSION = 'v1.34.4';
/** The etcd version Kubernetes 1.34 names in its go.mod (go.etcd.io/etcd/server/v3). */
export const ETCD_VERSION = 'v3.6.4';
/** kwok v0.7.0: its go directive (1.24) is accepted by any Go ≥ 1.24; v0.8.0 needs Go 1.26. */
export const KWOK_VERSION = 'v0.7.0';

/** The Go packages built by `ensureBinaries`, by the binary name they are installed under. */
export const KUBERNETES_COMMANDS = {
  'kube-apiserver': 'k8s.io/kubernetes/cmd/kube-apiserver',
  'kube-controller-manager': 'k8s.io/kubernetes/cmd/kube-controller-manager',
  'kube-scheduler': 'k8s.io/kubernetes/cmd/kube-scheduler',
  kubectl: 'k8s.io/kubernetes/cmd/kubectl',
  etcd: 'go.etcd.io/etcd/server/v3',
} as const;

export const KWOK_PACKAGE = 'sigs.k8s.io/kwok/cmd/kwok';

export type BinaryName = keyof typeof KUBERNETES_COMMANDS | 'kwok';
export const BINARY_NAMES: readonly BinaryName[] = [
  ...(Object.keys(KUBERNETES_COMMANDS) as BinaryName[]),
  'kwok',
];

/** Bump when the way binaries are built changes (flags), so cached binaries are rebuilt. */
export const BUILD_REVISION = 2;

/** Link-time version stamps, as Kubernetes' own build sets them (otherwise binaries say v0.0.0-master). */
export function versionLdflags(): string {
  const [major, minor] = KUBERNETES_VERSION.slice(1).split('.');
  const stamp = (pkg: string) => [
    `-X ${pkg}.gitVersion=${KUBERNETES_VERSION}`,
    `-X ${pkg}.gitMajor=${major}`,
    `-X ${pkg}.gitMinor=${minor}`,
    `-X ${pkg}.gitTreeState=clean`,
    `-X ${pkg}.buildDate=1970-01-01T00:00:00Z`,
  ];
  return [
    '-s',
    '-w',
    ...stamp('k8s.io/component-base/version'),
    ...stamp('k8s.io/client-go/pkg/version'),
  ].join(' ');
}
