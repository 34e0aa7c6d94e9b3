import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';
import { bundleSize } from './tools/bundle-size.js';

// The console is served by the operator at `/`; `npm run console:dev` proxies the API to a running operator.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), bundleSize()],
  // Workspace packages point `source` at their TypeScript (as tsc and tsx do), so a fresh clone builds without
  // building them first. The console imports exactly one of them at run time: the batteries' quantity parser.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022' },
  server: {
    proxy: { '/api': process.env.BI_API_URL ?? 'http://127.0.0.1:4000' },
  },
});
