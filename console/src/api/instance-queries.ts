// TanStack Query hooks for instances (services, data) by kind plural, and their pods, events and credentials.
import { useQuery } from '@tanstack/react-query';
import type {
  DeleteInstanceResponse,
  EventList,
  Instance,
  InstanceCredentials,
  InstanceKinds,
  InstanceList,
  PodList,
} from '@batteries-included/operator/api-types';
import { api } from './client.js';

/** While something is not Ready, look again every few seconds too, in case an event was missed. */
const NOT_READY_POLL_MS = 5_000;
const path = (s: Pick<Instance, 'plural' | 'namespace' | 'name'>) =>
  `/instances/${s.plural}/${encodeURIComponent(s.namespace)}/${encodeURIComponent(s.name)}`;

export const instanceKeys = {
  all: ['instances'] as const,
  kinds: ['instances', 'kinds'] as const,
  one: (plural: string, namespace: string, name: string) => ['instances', plural, namespace, name] as const,
};

export const useInstanceKinds = () =>
  useQuery({
    queryKey: instanceKeys.kinds,
    queryFn: () => api<InstanceKinds>('/instances'),
    staleTime: 60_000,
  });

/** Every instance of the kinds named by plural, sorted by namespace and name. */
export const useInstancesOf = (plurals: readonly string[]) =>
  useQuery({
    queryKey: [...instanceKeys.all, 'of', ...plurals],
    queryFn: async () => {
      const lists = await Promise.all(plurals.map((plural) => api<InstanceList>(`/instances/${plural}`)));
      return lists
        .flatMap((list) => list.instances)
        .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
    },
    refetchInterval: (query) =>
      query.state.data?.some((s) => s.ready !== 'True') ? NOT_READY_POLL_MS : false,
  });

/** The PostgresClusters the database credentials picker offers. */
export const usePostgresClusters = () =>
  useQuery({
    queryKey: [...instanceKeys.all, 'postgresclusters'],
    queryFn: () => api<InstanceList>('/instances/postgresclusters'),
  });

export const useInstance = (plural: string, namespace: string, name: string) =>
  useQuery({
    queryKey: instanceKeys.one(plural, namespace, name),
    queryFn: () => api<Instance>(path({ plural, namespace, name })),
    retry: (count, error) => count < 2 && !('status' in error && error.status === 404),
    refetchInterval: (query) =>
      query.state.data && query.state.data.ready !== 'True' ? NOT_READY_POLL_MS : false,
  });

export const useInstancePods = (service: Instance | undefined) =>
  useQuery({
    queryKey: [
      ...instanceKeys.one(service?.plural ?? '', service?.namespace ?? '', service?.name ?? ''),
      'pods',
    ],
    queryFn: () => api<PodList>(`${path(service!)}/pods`),
    enabled: Boolean(service),
    refetchInterval: NOT_READY_POLL_MS,
  });

export const useInstanceEvents = (service: Instance | undefined) =>
  useQuery({
    queryKey: [
      ...instanceKeys.one(service?.plural ?? '', service?.namespace ?? '', service?.name ?? ''),
      'events',
    ],
    queryFn: () => api<EventList>(`${path(service!)}/events`),
    enabled: Boolean(service),
    refetchInterval: NOT_READY_POLL_MS * 2,
  });

/**
 * The instance's credential Secrets with their values: fetched only once `isRevealed` (a click), never kept in the
 * cache after the view closes, and never refetched in the background.
 */
export const useInstanceCredentials = (instance: Instance, isRevealed: boolean) =>
  useQuery({
    queryKey: [...instanceKeys.one(instance.plural, instance.namespace, instance.name), 'credentials'],
    queryFn: () => api<InstanceCredentials>(`${path(instance)}/credentials`),
    enabled: isRevealed,
    gcTime: 0,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    retry: false,
  });

/** What deleting the instance keeps (the server's dry-run of the delete): asked when the warning opens. */
export const useDeletePreview = (instance: Instance, isAsking: boolean) =>
  useQuery({
    queryKey: [...instanceKeys.one(instance.plural, instance.namespace, instance.name), 'delete-preview'],
    queryFn: () => api<DeleteInstanceResponse>(`${path(instance)}?dryRun=true`, { method: 'DELETE' }),
    enabled: isAsking,
    gcTime: 0,
    retry: false,
  });

export { path as instancePath };
