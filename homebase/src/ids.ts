/**
 * The one pattern every id in a Home Base URL must match before it reaches a query: a UUID in its canonical
 * 8-4-4-4-12 form. Anything else (36 dashes, a path) is a 404, never a Postgres cast error.
 */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` is a canonical UUID (see UUID_PATTERN). */
export function isUuid(id: string | undefined): id is string {
  return id !== undefined && UUID_PATTERN.test(id);
}

/** A confirmation or reset link's token, as `newToken()` makes it: 32 random bytes in base64url (43 characters). */
export const LINK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
