import { PatchStrategy, type KubeConfig } from '@kubernetes/client-node';
import {
  API_GROUP,
  API_VERSION,
  formatRef,
  type InstanceDefinition,
  type KubeObject,
} from '@batteries-included/batteries';
import { deleteObject } from '../kube/delete.js';
import type { Discovery } from '../kube/discovery.js';
import { KubeApiError, toKubeApiError } from '../kube/errors.js';
import { requestJson } from '../kube/json-request.js';
import { objectPath } from '../kube/object-path.js';
import { API_FIELD_MANAGER, type BatteryWriteRequest } from './battery-writer.js';

/** One instance object by kind, namespace and name. */
export interface InstanceTarget {
  readonly definition: InstanceDefinition;
  readonly namespace: string;
  readonly name: string;
}

/** The API's reads and writes of instance objects: fresh from the API server, writes as server-side applies. */
export interface InstanceWriter {
  get(target: InstanceTarget): Promise<KubeObject | undefined>;
  /** Server-side apply of `{spec}` as `batteries-included-console` (force); creates the object when missing. */
  apply(target: InstanceTarget, spec: unknown, request: BatteryWriteRequest): Promise<KubeObject>;
  /** Replaces the whole spec (PUT), refused (409) when the resourceVersion moved: used when others own spec fields. */
  replace(existing: KubeObject, spec: unknown, request: BatteryWriteRequest): Promise<KubeObject>;
  /** Deletes it, refused (409) when the object by that name is no longer the one read (uid). */
  delete(existing: KubeObject, request: Pick<BatteryWriteRequest, 'dryRun'>): Promise<boolean>;
}

const API_VERSION_OF_INSTANCES = `${API_GROUP}/${API_VERSION}`;

/**
 * An InstanceWriter over a KubeConfig; errors are KubeApiErrors starting with the instance's ref.
 * @example await createInstanceWriter(config, discovery).get({ definition, namespace: 'team-a', name: 'web' })
 */
export function createInstanceWriter(config: KubeConfig, discovery: Discovery): InstanceWriter {
  const targetOf = ({ definition, namespace, name }: InstanceTarget) => ({
    apiVersion: API_VERSION_OF_INSTANCES,
    kind: definition.kind,
    namespace,
    name,
  });
  const refOf = (target: InstanceTarget) =>
    formatRef({ group: API_GROUP, version: API_VERSION, kind: target.definition.kind, ...target });
  return {
    async get(target) {
      try {
        return await requestJson<KubeObject>(config, { path: await objectPath(discovery, targetOf(target)) });
      } catch (error) {
        const failure = error instanceof KubeApiError ? error : toKubeApiError(refOf(target), error);
        if (failure.status === 404) return undefined;
        throw failure;
      }
    },
    async apply(target, spec, { dryRun, resourceVersion }) {
      const object = {
        apiVersion: API_VERSION_OF_INSTANCES,
        kind: target.definition.kind,
        metadata: {
          name: target.name,
          namespace: target.namespace,
          ...(resourceVersion ? { resourceVersion } : {}),
        },
        spec,
      };
      try {
        return await requestJson<KubeObject>(config, {
          method: 'PATCH',
          path: await objectPath(discovery, targetOf(target)),
          query: { fieldManager: API_FIELD_MANAGER, force: true, dryRun: dryRun ? 'All' : undefined },
          body: object,
          contentType: PatchStrategy.ServerSideApply,
        });
      } catch (error) {
        throw toKubeApiError(refOf(target), error);
      }
    },
    async replace(existing, spec, { dryRun, resourceVersion }) {
      const { managedFields: _managedFields, ...metadata } = existing.metadata;
      const object = {
        ...existing,
        metadata: { ...metadata, resourceVersion: resourceVersion ?? metadata.resourceVersion },
        spec,
      };
      const target = {
        apiVersion: existing.apiVersion,
        kind: existing.kind,
        namespace: metadata.namespace!,
        name: metadata.name,
      };
      try {
        return await requestJson<KubeObject>(config, {
          method: 'PUT',
          path: await objectPath(discovery, target),
          query: { fieldManager: API_FIELD_MANAGER, dryRun: dryRun ? 'All' : undefined },
          body: object,
        });
      } catch (error) {
        throw toKubeApiError(`${existing.kind}/${metadata.namespace}/${metadata.name}`, error);
      }
    },
    delete: (existing, { dryRun }) =>
      deleteObject(
        config,
        discovery,
        {
          group: API_GROUP,
          version: API_VERSION,
          kind: existing.kind,
          namespace: existing.metadata.namespace!,
          name: existing.metadata.name,
        },
        { preconditions: { uid: existing.metadata.uid as string }, dryRun },
      ),
  };
}
