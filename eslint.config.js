// One ESLint config for every workspace (each workspace's eslint.config.js re-exports this one):
// typescript-eslint's recommended rules, plus the few rules that keep the codebase honest.
// Type-aware rules need the TypeScript program: the project service finds each file's nearest
// tsconfig.json, so a .ts/.tsx file must be included by its workspace's tsconfig.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // Patterns are relative to the workspace folder eslint runs in (and to the root).
    ignores: [
      '**/node_modules/**',
      '**/generated/**',
      '**/dist/**',
      '**/coverage/**',
      '**/.data/**',
      '**/.turbo/**',
      '**/public/vendor/**',
      '**/screenshots/**',
      '**/.stryker-tmp/**',
      '**/reports/mutation/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    languageOptions: {
      parserOptions: { projectService: true },
    },
    rules: {
      // A forgotten `await` on a Redis write or a socket emit loses errors silently in a server:
      // await it, return it, or mark it deliberately fire-and-forget with `void`.
      '@typescript-eslint/no-floating-promises': 'error',
      // An async function passed where a callback's result is ignored (e.g. an Express handler
      // or an event listener) drops its rejection; callbacks returning void are still allowed.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
    },
  },
);
