import type { AddedUser } from '@batteries-included/operator/api-types';
import { ApiProblemError, type ApiClient } from './api-client.js';

/**
 * Creates the first admin of the sso realm once the operator has made it (the realm's `admin` group exists and
 * Keycloak answers), retrying every 2 s until `timeoutMs`. Resolves with the user and its one-time password, or
 * undefined when the user already exists (a reinstall).
 */
export async function createFirstAdmin(
  api: ApiClient,
  username: string,
  { timeoutMs, onWait }: { timeoutMs: number; onWait?: (why: string) => void },
): Promise<AddedUser | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await api.post<AddedUser>('/api/v1/users', { username, role: 'admin' });
    } catch (error) {
      if (!(error instanceof ApiProblemError)) throw error;
      const status = error.problem.status;
      if (status === 409) return undefined;
      // 503: Keycloak is not up yet; 400 on `role`: the realm's groups are not made yet; 404: sso not seen yet.
      const isEarly =
        status === 503 || status === 404 || (status === 400 && error.problem.errors?.[0]?.field === 'role');
      if (!isEarly || Date.now() > deadline) throw error;
      onWait?.(error.problem.detail ?? 'waiting for the realm');
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}
