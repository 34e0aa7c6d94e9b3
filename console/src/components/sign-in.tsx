import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiProblem } from '../api/client.js';
import { beginSignIn, fetchAuthConfig, type AuthConfig } from '../api/oidc.js';
import { clearToken, saveToken } from '../api/token.js';

const TOKEN_COMMAND =
  "kubectl -n batteries-included-system get secret api-token -o jsonpath='{.data.token}' | base64 -d";

/**
 * Asks the user to sign in: through Keycloak while sso is installed (the API token stays available as the
 * break-glass path), otherwise with the API token the URL did not bring (or that was refused).
 */
export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [config, setConfig] = useState<AuthConfig>();
  useEffect(() => {
    void fetchAuthConfig().then(setConfig);
  }, []);
  const keycloakError = sessionStorage.getItem('bi.signInError');
  if (config?.mode === 'oidc')
    return (
      <main className="container sign-in">
        <article>
          <h1>Sign in to Batteries Included</h1>
          <p>Sign in with your Batteries Included account (Keycloak, realm batterycore).</p>
          {keycloakError && <p role="alert">{keycloakError}</p>}
          <button
            type="button"
            onClick={() => {
              sessionStorage.removeItem('bi.signInError');
              void beginSignIn(config, window.location.pathname);
            }}
          >
            Sign in with Keycloak
          </button>
          <details>
            <summary>Use the API token instead (break-glass)</summary>
            <TokenForm onSignedIn={onSignedIn} />
          </details>
        </article>
      </main>
    );
  return (
    <main className="container sign-in">
      <article>
        <h1>Sign in to Batteries Included</h1>
        <TokenForm onSignedIn={onSignedIn} />
      </article>
    </main>
  );
}

/** The API token form: the bootstrap path, and the break-glass one once sso is installed. */
function TokenForm({ onSignedIn }: { onSignedIn: () => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    saveToken(token);
    try {
      await api('/catalog');
      onSignedIn();
    } catch (e) {
      clearToken();
      setError(e instanceof ApiProblem && e.status === 401 ? 'That token was refused.' : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <p>
        Open the link <code>npm start</code> printed, or paste the API token. It is in the Secret{' '}
        <code>api-token</code>:
      </p>
      <pre>
        <code>{TOKEN_COMMAND}</code>
      </pre>
      <form onSubmit={submit}>
        <label htmlFor="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          value={token}
          required
          onChange={(e) => setToken(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'token-error' : undefined}
        />
        {error && <small id="token-error">{error}</small>}
        <button type="submit" aria-busy={busy} disabled={busy || token.trim() === ''}>
          Sign in
        </button>
      </form>
    </>
  );
}
