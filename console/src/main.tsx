import '@picocss/pico/css/pico.min.css';
import '@batteries-included/design/tokens.css';
import './styles.css';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { adoptTokenFromFragment } from './api/token.js';
import { router } from './router.js';

adoptTokenFromFragment();

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
