import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import importX from 'eslint-plugin-import-x';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const sideEffectModules = [
  'electron',
  'better-sqlite3-multiple-ciphers',
  'serialport',
  'node-hid',
  'pdf-lib',
  'pkcs11js',
];

/** Where code may import from: shell -> api -> services -> store|devices|print|sync|export -> domain. */
const layerZones = [
  {
    target: './src-main/domain',
    from: './src-main',
    except: ['./domain'],
    message: 'domain/ is pure rules: it imports nothing else from src-main (STYLE.md A).',
  },
  {
    target: './src-main/contract',
    from: './src-main',
    except: ['./contract', './domain'],
    message: 'contract/ may only use domain/: the renderer imports it.',
  },
  ...['store', 'devices', 'print', 'sync', 'export'].map((layer) => ({
    target: `./src-main/${layer}`,
    from: ['./src-main/api', './src-main/services', './src-main/shell'],
    message: 'Adapters point inward: they never import api, services or shells.',
  })),
  {
    target: './src-main/services',
    from: ['./src-main/api', './src-main/shell'],
    message: 'Use cases never import the api layer or a shell.',
  },
  {
    target: './src-main/api',
    from: './src-main/shell',
    message: 'The api layer never imports a shell.',
  },
  {
    target: './src-renderer',
    from: ['./src-main', './src-preload'],
    except: ['./contract', './domain'],
    message: 'The renderer reaches the core only through the contract.',
  },
  {
    target: './src-preload',
    from: './src-main',
    except: ['./contract', './domain'],
    message: 'The preload exposes the contract; it never loads the core.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'node_modules/**',
      'test-results/**',
      'bench/results.json',
      'resources/**',
      '**/*.d.ts',
      '.dependency-cruiser.cjs',
      '**/*.d.mts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...vue.configs['flat/recommended'],
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.vue'],
      },
      globals: { ...globals.node },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver': { node: { extensions: ['.ts', '.js', '.vue', '.mjs'] } },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
      'import-x/no-default-export': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'Only src-main/shell/electron and src-preload import electron.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/domain/**', 'src-main/contract/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: sideEffectModules.map((name) => ({
            name,
            message: 'domain/ and contract/ are pure TypeScript (STYLE.md A).',
          })),
          patterns: [
            { group: ['node:*'], message: 'domain/ and contract/ run in the renderer too.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/shell/electron/**', 'src-preload/**', 'tests/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain', 'ipcRenderer'],
              message: 'Only the typed wrappers (shell/electron/ipc.ts, src-preload) touch IPC.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/shell/electron/ipc.ts', 'src-preload/index.ts', 'tests/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.vue'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser },
      globals: { ...globals.browser },
    },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['*.config.ts', '*.config.mjs', 'eslint.config.mjs', 'scripts/**', 'bench/**'],
    rules: { 'import-x/no-default-export': 'off' },
  },
  {
    files: ['**/*.mjs', 'scripts/**'],
    ...tseslint.configs.disableTypeChecked,
  },
  prettier,
);
