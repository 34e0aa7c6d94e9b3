// TanStack Query hooks over the API. Keys are arrays starting with the resource; the event stream invalidates them.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.js';
import type {
  Access,
  BatteryDetail,
  BatteryList,
  Catalog,
  DeleteBatteryResponse,
  DocumentDiff,
  ObjectHistory,
  ObjectList,
  PassDetail,
  PassPage,
  PassRequested,
  Preview,
  PreviewEntry,
  PreviewRequest,
  PutBatteryRequest,
  PutBatteryResponse,
  RollbackPreview,
  RollbackRequest,
  RollbackResult,
  StoredDocument,
} from '@batteries-included/operator/api-types';

export const keys = {
  catalog: ['catalog'] as const,
  access: ['access'] as const,
  batteries: ['batteries'] as const,
  battery: (type: string) => ['batteries', type] as const,
  passes: (status?: string) => ['passes', { status }] as const,
  pass: (id: number) => ['passes', id] as const,
  objects: (battery?: string) => ['objects', { battery }] as const,
  objectHistory: (ref: string) => ['objects', 'history', ref] as const,
};

export const useCatalog = () => useQuery({ queryKey: keys.catalog, queryFn: () => api<Catalog>('/catalog') });

/** Battery UI URLs, TLS and the platform CA (`GET /access`). */
export const useAccess = () => useQuery({ queryKey: keys.access, queryFn: () => api<Access>('/access') });

/** While something is not Ready, look again every few seconds too, in case an event was missed. */
const NOT_READY_POLL_MS = 5_000;

export const useBatteries = () =>
  useQuery({
    queryKey: keys.batteries,
    queryFn: () => api<BatteryList>('/batteries'),
    refetchInterval: (query) =>
      query.state.data?.batteries.some((b) => b.ready !== 'True') ? NOT_READY_POLL_MS : false,
  });

export const useBattery = (type: string) =>
  useQuery({
    queryKey: keys.battery(type),
    queryFn: () => api<BatteryDetail>(`/batteries/${encodeURIComponent(type)}`),
    retry: (count, error) => count < 2 && !('status' in error && error.status === 404),
    refetchInterval: (query) =>
      query.state.data && query.state.data.ready !== 'True' ? NOT_READY_POLL_MS : false,
  });

export const usePasses = (status?: string, limit = 50) =>
  useQuery({
    queryKey: [...keys.passes(status), limit],
    queryFn: () =>
      api<PassPage>(`/passes?limit=${limit}${status ? `&status=${encodeURIComponent(status)}` : ''}`),
  });

/** Passes newest first, a page at a time (keyset paging on `before`). */
export const usePassPages = (status?: string, limit = 50) =>
  useInfiniteQuery({
    queryKey: [...keys.passes(status), 'pages', limit],
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) =>
      api<PassPage>(
        `/passes?limit=${limit}${status ? `&status=${encodeURIComponent(status)}` : ''}${
          pageParam === undefined ? '' : `&before=${pageParam}`
        }`,
      ),
    getNextPageParam: (last) => last.nextBefore,
  });

export const usePass = (id: number) =>
  useQuery({
    queryKey: keys.pass(id),
    queryFn: () => api<PassDetail>(`/passes/${id}`),
    enabled: Number.isFinite(id),
  });

export const useObjects = (battery?: string) =>
  useQuery({
    queryKey: keys.objects(battery),
    queryFn: () => api<ObjectList>(`/objects${battery ? `?battery=${encodeURIComponent(battery)}` : ''}`),
  });

export const useObjectHistory = (ref: string) =>
  useQuery({
    queryKey: keys.objectHistory(ref),
    queryFn: () => api<ObjectHistory>(`/objects/history?ref=${encodeURIComponent(ref)}`),
    enabled: ref !== '',
  });

export const useDocument = (hash: string | undefined) =>
  useQuery({
    queryKey: ['documents', hash],
    queryFn: () => api<StoredDocument>(`/documents/${hash}`),
    enabled: Boolean(hash),
    staleTime: Infinity, // content-addressed: a hash never changes
  });

export const useDocumentDiff = (from: string | undefined, to: string | undefined) =>
  useQuery({
    queryKey: ['documents', 'diff', from, to],
    queryFn: () => api<DocumentDiff>(`/documents/diff?from=${from}&to=${to}`),
    enabled: Boolean(from && to),
    staleTime: Infinity,
  });

export const useRollbackPreview = (passId: number, cascade: boolean) =>
  useQuery({
    queryKey: ['rollback', passId, { cascade }],
    queryFn: () => api<RollbackPreview>(`/rollback/${passId}/preview${cascade ? '?cascade=true' : ''}`),
    enabled: Number.isFinite(passId),
  });

/** Previews a change; the answer is the plan the operator would run. */
export const usePreview = () =>
  useMutation({
    mutationFn: (batteries: PreviewEntry[]) =>
      api<Preview>('/preview', { method: 'POST', body: { batteries } satisfies PreviewRequest }),
  });

/** Installs or updates a battery. */
export const useSaveBattery = () => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { type: string; spec: Record<string, unknown>; generation?: number }) =>
      api<PutBatteryResponse>(`/batteries/${encodeURIComponent(input.type)}`, {
        method: 'PUT',
        body: {
          spec: input.spec,
          ...(input.generation !== undefined ? { generation: input.generation } : {}),
        } satisfies PutBatteryRequest,
      }),
    onSuccess: () => void client.invalidateQueries(),
  });
};

export const useUninstall = () => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { type: string; cascade: boolean }) =>
      api<DeleteBatteryResponse>(
        `/batteries/${encodeURIComponent(input.type)}${input.cascade ? '?cascade=true' : ''}`,
        { method: 'DELETE' },
      ),
    onSuccess: () => void client.invalidateQueries(),
  });
};

export const useRollback = () => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { passId: number; cascade: boolean }) =>
      api<RollbackResult>(`/rollback/${input.passId}`, {
        method: 'POST',
        body: { cascade: input.cascade } satisfies RollbackRequest,
      }),
    onSuccess: () => void client.invalidateQueries(),
  });
};

export const useRequestPass = () =>
  useMutation({ mutationFn: () => api<PassRequested>('/passes', { method: 'POST' }) });
