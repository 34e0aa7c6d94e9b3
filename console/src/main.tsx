import '@picocss/pico/css/pico.min.css';
import '@batteries-included/design/tokens.css';
import './styles.css';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { CALLBACK_PATH, completeSignIn, fetchAuthConfig } from './api/oidc.js';
import { adoptTokenFromFragment } from './api/token.js';
import { router } from './router.js';

adoptTokenFromFragment();

/** Back from Keycloak (`/auth/callback?code=…`): finish the sign-in before the app renders, then drop the code from the URL. */
async function finishKeycloakSignIn(): Promise<void> {
  if (window.location.pathname !== CALLBACK_PATH) return;
  const config = await fetchAuthConfig();
  let target = '/';
  if (config.mode === 'oidc') {
    try {
      target = await completeSignIn(config);
    } catch (error) {
      sessionStorage.setItem('bi.signInError', error instanceof Error ? error.message : String(error));
    }
  }
  window.history.replaceState(null, '', target);
}

await finishKeycloakSignIn();

const queryClient = new QueryClient({
  defaultOptions: {
    // The event stream invalidates what changed; no polling, no refetch storms on focus.
    queries: { staleTime: 30_000, refetchOnWindowFocus: false, retry: 1 },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
