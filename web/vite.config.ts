import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The dashboard's build: `web/` in, `web/dist/` out (served by the api role). The manifest lets
 * `bin/build-web.js` add up what the first page loads; `/api` is proxied in `vite dev` so the
 * dashboard can be developed against a running `gramophone start`.
 */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    sourcemap: true,
    target: 'es2022',
  },
  server: {
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false } },
  },
});
