import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';

/**
 * What the counter page's login screen shares with the applicant's page and the lazy screens
 * (Vue, its router and store, the error catalogue, small helpers), in one chunk beside the
 * entry's. Left to itself the bundler splits them into half a dozen files, and on a two-core
 * counter PC each file of the first page is a round trip that waits on the browser's own
 * start (docs/benchmarks.md). The applicant's page evaluates this chunk too: nothing that acts
 * when loaded (the start-up calls) may go in. tests/e2e/built-shell.test.ts counts the files.
 */
const FIRST_SCREEN_MODULES = [
  /node_modules[\\/](@vue|vue|vue-router|pinia)[\\/]/,
  /src-renderer[\\/]src[\\/]lib[\\/]format\.ts$/,
  /src-main[\\/]contract[\\/]errors\.ts$/,
  /src-main[\\/]domain[\\/]missing-case\.ts$/,
  // Vue's component helper and Vite's loader of lazy chunks.
  /plugin-vue:export-helper|vite[\\/]preload-helper/,
];

/**
 * electron-vite: the main process bundle holds both shells (the Electron entry and the
 * loopback browser shell), the preload is one sandbox-safe CommonJS file, and the renderer is
 * the same Vue app for both shells.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // Bundled, not loaded from node_modules: one file to compile instead of a hundred small
      // modules to resolve and read, which the browser shell's start waits for.
      externalizeDeps: { exclude: ['zod', 'file-type'] },
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src-main/shell/electron/main.ts'),
          web: resolve(import.meta.dirname, 'src-main/shell/web/main.ts'),
          // The export's PDF render thread, started by the core with worker_threads.
          'pdf-worker': resolve(import.meta.dirname, 'src-main/print/pdf-render-worker.ts'),
          // The export's XLSX index thread: exceljs loads and runs off the core's thread.
          'xlsx-worker': resolve(import.meta.dirname, 'src-main/export/xlsx-index-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // Sandboxed preloads cannot load node_modules: bundle zod and the contract in.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src-preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src-renderer'),
    base: './',
    plugins: [vue()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      emptyOutDir: true,
      // The counter PCs are slow: ship the renderer minified (about 40 % less to parse).
      minify: true,
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src-renderer/index.html'),
          // The applicant's own screen (second display / paired /applicant page).
          applicant: resolve(import.meta.dirname, 'src-renderer/applicant.html'),
        },
        output: {
          codeSplitting: {
            groups: [
              {
                name: 'first-screen',
                test: (id) => FIRST_SCREEN_MODULES.some((pattern) => pattern.test(id)),
              },
            ],
          },
        },
      },
    },
  },
});
