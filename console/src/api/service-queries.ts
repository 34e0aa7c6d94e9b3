// TanStack Query hooks for services (TraditionalService, KnativeService) and their pods and events.
import { useQuery } from '@tanstack/react-query';
import type {
  EventList,
  Instance,
  InstanceKinds,
  InstanceList,
  PodList,
} from '@batteries-included/operator/api-types';
import { api } from './client.js';

/** The service kinds by the plural their routes use. */
export const SERVICE_PLURALS = ['traditionalservices', 'knativeservices'] as const;
export type ServicePlural = (typeof SERVICE_PLURALS)[number];

/** While something is not Ready, look again every few seconds too, in case an event was missed. */
const NOT_READY_POLL_MS = 5_000;
const path = (s: Pick<Instance, 'plural' | 'namespace' | 'name'>) =>
  `/instances/${s.plural}/${encodeURIComponent(s.namespace)}/${encodeURIComponent(s.name)}`;

export const serviceKeys = {
  all: ['instances'] as const,
  kinds: ['instances', 'kinds'] as const,
  one: (plural: string, namespace: string, name: string) => ['instances', plural, namespace, name] as const,
};

export const useInstanceKinds = () =>
  useQuery({
    queryKey: serviceKeys.kinds,
    queryFn: () => api<InstanceKinds>('/instances'),
    staleTime: 60_000,
  });

/** Every service of both kinds, sorted by namespace and name. */
export const useServices = () =>
  useQuery({
    queryKey: [...serviceKeys.all, 'services'],
    queryFn: async () => {
      const lists = await Promise.all(
        SERVICE_PLURALS.map((plural) => api<InstanceList>(`/instances/${plural}`)),
      );
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
    queryKey: [...serviceKeys.all, 'postgresclusters'],
    queryFn: () => api<InstanceList>('/instances/postgresclusters'),
  });

export const useService = (plural: string, namespace: string, name: string) =>
  useQuery({
    queryKey: serviceKeys.one(plural, namespace, name),
    queryFn: () => api<Instance>(path({ plural, namespace, name })),
    retry: (count, error) => count < 2 && !('status' in error && error.status === 404),
    refetchInterval: (query) =>
      query.state.data && query.state.data.ready !== 'True' ? NOT_READY_POLL_MS : false,
  });

export const useServicePods = (service: Instance | undefined) =>
  useQuery({
    queryKey: [
      ...serviceKeys.one(service?.plural ?? '', service?.namespace ?? '', service?.name ?? ''),
      'pods',
    ],
    queryFn: () => api<PodList>(`${path(service!)}/pods`),
    enabled: Boolean(service),
    refetchInterval: NOT_READY_POLL_MS,
  });

export const useServiceEvents = (service: Instance | undefined) =>
  useQuery({
    queryKey: [
      ...serviceKeys.one(service?.plural ?? '', service?.namespace ?? '', service?.name ?? ''),
      'events',
    ],
    queryFn: () => api<EventList>(`${path(service!)}/events`),
    enabled: Boolean(service),
    refetchInterval: NOT_READY_POLL_MS * 2,
  });

export { path as servicePath };
