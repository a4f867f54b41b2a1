/**
 * Static build of the teaching page (`npm run teach`). The output must also work opened from disk
 * (file://), where Chromium refuses module scripts and module workers (the page's origin is opaque):
 * so the bundle is one classic (IIFE) script loaded without `type="module"`/`crossorigin`, the
 * simulation worker is inlined as a Blob URL (`?worker&inline`), and the model and cell-line files
 * are bundled as text (`?raw`) — nothing is fetched at run time.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

/** Rewrite the built HTML's module script and stylesheet tags into ones file:// accepts. */
function classicScripts(): Plugin {
  return {
    name: 'nrf2sim-classic-scripts',
    apply: 'build',
    enforce: 'post',
    transformIndexHtml: {
      order: 'post',
      handler: (html) =>
        html
          .replace(/<script type="module" crossorigin src="([^"]+)"><\/script>/g, '<script defer src="$1"></script>')
          .replace(/<link rel="stylesheet" crossorigin href=/g, '<link rel="stylesheet" href=')
          .replace(/<link rel="modulepreload"[^>]*>/g, ''),
    },
  };
}

export default defineConfig({
  root: here,
  base: './',
  logLevel: 'warn',
  plugins: [classicScripts()],
  build: {
    outDir: resolve(here, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: false,
    chunkSizeWarningLimit: 8000,
    // The worker plugin's load is slow on purpose (it bundles the simulator): no timing warnings.
    rolldownOptions: { output: { format: 'iife', codeSplitting: false }, checks: { bundlerTimings: false } },
  },
  worker: { format: 'iife' },
});
