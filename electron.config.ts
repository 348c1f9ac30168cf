import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';

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
          // The export's PDF render thread (issue 8), started by the core with worker_threads.
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
                // The start-up calls and what they need, in chunks that import nothing else:
                // the page sends them before it evaluates Vue and the rest. The error catalogue
                // is a chunk of its own, since the applicant's page needs it and never the calls.
                name: 'startup',
                test: /src-renderer[\\/]src[\\/](startup-calls|api)\.ts$/,
              },
              {
                name: 'contract-errors',
                test: /src-main[\\/]contract[\\/]errors\.ts$/,
                priority: 1,
              },
            ],
          },
        },
      },
    },
  },
});
