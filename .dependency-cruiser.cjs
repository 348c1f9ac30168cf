/**
 * Cycles between modules, type imports included: a circle that runs through `import type`
 * only still ties the modules together for the next reader, and ESLint's import rules do not
 * see it. Layering (which folder may import which) is ESLint's job (eslint.config.mjs).
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules must not depend on each other in a circle, not even through types.',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
  },
};
