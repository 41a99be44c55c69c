// Builds the renderer (the operator console UI) for both hosts: Electron loads
// dist/renderer/index.html from file://, the headless web mode serves the same files.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const rendererRoot = fileURLToPath(new URL('./src/renderer', import.meta.url));
const rendererOut = fileURLToPath(new URL('./dist/renderer', import.meta.url));

/** Where `vite` (dev server) forwards /api: a core started with `aqueduct serve --port 47831`. */
const devCoreUrl = new URL(process.env.AQUEDUCT_CORE_URL ?? 'http://127.0.0.1:47831');

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
    // One bundle read from local disk (Electron) or a LAN server: size warnings tuned for
    // public websites do not apply. Raise this only knowingly.
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: {
      // Exactly /api: a prefix would also swallow the renderer's own /api/client.ts module.
      '^/api$': {
        target: devCoreUrl.origin,
        ws: true,
        // The core accepts WebSockets only from its own origin (anti DNS-rebinding and
        // cross-site checks). The dev server is a second loopback origin, so present the
        // upgrade as the core's own page would.
        changeOrigin: true,
        configure: (proxy) => {
          proxy.on('proxyReqWs', (proxyReq) => proxyReq.setHeader('origin', devCoreUrl.origin));
        },
      },
    },
  },
});
