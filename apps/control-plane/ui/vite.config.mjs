// Builds the web UI into ./dist, which the control plane serves at / (src/ui/ui-assets.ts).
// `npm run build:ui` runs this; `npx vite --config apps/control-plane/ui/vite.config.mjs`
// serves it with hot reload, proxying the API to a control plane on :8080.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root,
  base: '/',
  // Preact through its JSX runtime: no compat layer, no plugin needed.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Hidden source maps would be served to anyone; the UI is small and readable without them.
    sourcemap: false,
    // The editor is only needed on the policies page: it gets its own chunk.
    chunkSizeWarningLimit: 400,
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:8080' } },
});
