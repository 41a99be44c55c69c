// Builds the renderer (the operator console UI) for both hosts: Electron loads
// dist/renderer/index.html from file://, the headless web mode serves the same files.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const rendererRoot = fileURLToPath(new URL('./src/renderer', import.meta.url));
const rendererOut = fileURLToPath(new URL('./dist/renderer', import.meta.url));

/** Where `vite` (dev server) forwards /api so the console can talk to a running core. */
const devCoreUrl = process.env.AQUEDUCT_CORE_URL ?? 'ws://127.0.0.1:47831';

/**
 * The dev server's React Fast Refresh needs one inline module script, which the strict
 * CSP in index.html forbids. Relax script-src for `vite serve` only; the built files
 * (what Electron and the web mode ship) keep the strict policy.
 */
function allowInlineScriptInDevServer(): Plugin {
  return {
    name: 'aqueduct:dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
  };
}

export default defineConfig({
  root: rendererRoot,
  // Relative asset URLs, so Electron can load the build from file://.
  base: './',
  plugins: [react(), allowInlineScriptInDevServer()],
  build: {
    outDir: rendererOut,
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    proxy: { '/api': { target: devCoreUrl, ws: true } },
  },
});
