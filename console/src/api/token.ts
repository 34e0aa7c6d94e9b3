// The API token lives in sessionStorage: it arrives once in the URL fragment (`#token=…`, never sent to a
// server or kept in history) or from the sign-in screen.
const KEY = 'bi.token';

/** Moves a `#token=…` fragment into the session and strips it from the address bar. */
export function adoptTokenFromFragment(location: Location = window.location): void {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!match?.[1]) return;
  saveToken(decodeURIComponent(match[1]));
  window.history.replaceState(null, '', location.pathname + location.search);
}

export function readToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function saveToken(token: string): void {
  sessionStorage.setItem(KEY, token.trim());
}

export function clearToken(): void {
  sessionStorage.removeItem(KEY);
}
