// Who the console signed in as: `GET /api/v1/session` answers the name, role and way (an API token or a Keycloak
// session). A viewer reads everything and may preview, but every write answers 403, so the console hides or disables
// what would write.
import { useQuery } from '@tanstack/react-query';
import type { Session } from '@batteries-included/operator/api-types';
import { api } from './client.js';

export const useSession = () =>
  useQuery({ queryKey: ['session'], queryFn: () => api<Session>('/session'), staleTime: 60_000 });

/** Whether writes are offered: only to the admin token (false while the role is not known yet). */
export function useCanWrite(): boolean {
  return useSession().data?.role === 'admin';
}

/** Why a write control is disabled, for its title and a note beside it. */
export const READ_ONLY_NOTE = 'Read-only: you are signed in as a viewer.';
