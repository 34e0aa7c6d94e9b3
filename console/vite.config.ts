import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { bundleSize } from './tools/bundle-size.js';

// The console is served by the operator at `/`; `npm run console:dev` proxies the API to a running operator.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), bundleSize()],
  // Workspace packages resolve to their TypeScript source (the `source` export condition), as under tsx.
  resolve: { conditions: ['source', 'module', 'browser', 'development|production'] },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022' },
  server: {
    proxy: { '/api': process.env.BI_API_URL ?? 'http://127.0.0.1:4000' },
  },
});
