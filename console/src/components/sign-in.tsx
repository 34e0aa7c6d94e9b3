import { useState, type FormEvent } from 'react';
import { api, ApiProblem } from '../api/client.js';
import { clearToken, saveToken } from '../api/token.js';

const TOKEN_COMMAND =
  "kubectl -n batteries-included-system get secret api-token -o jsonpath='{.data.token}' | base64 -d";

/** Asks for the API token when the URL brought none (or the one we had was refused). */
export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
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
    <main className="container sign-in">
      <article>
        <h1>Sign in to Batteries Included</h1>
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
      </article>
    </main>
  );
}
