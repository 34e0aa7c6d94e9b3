import type { KubeObject } from '@batteries-included/batteries';

/** What apply needs from the cluster; the kube adapter implements it, integration tests run it for real. */
export interface ApplyPort {
  /** Server-side apply (field manager `batteries-included`, force); `dryRun` persists nothing. */
  apply(object: KubeObject, options?: { dryRun?: boolean }): Promise<KubeObject>;
  get(object: KubeObject): Promise<KubeObject | undefined>;
  /** Deletes the object if it still has `uid` (so a re-created object is never deleted by mistake); 404 is fine. */
  delete(object: KubeObject, options?: { uid?: string }): Promise<void>;
  /** Sets (string) or removes (null) labels without touching fields owned by server-side apply. */
  setLabels(object: KubeObject, labels: Record<string, string | null>): Promise<void>;
}
