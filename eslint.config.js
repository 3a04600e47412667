// ESLint flat config: @eslint/js + typescript-eslint recommended (not type-checked, so it stays fast),
// plus the project's layering: the web app never imports server code, shared/ imports neither.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// TypeScript checks names in .ts/.tsx (typescript-eslint turns no-undef off there); plain JS
// scripts only need Node's globals, listed here rather than pulling in another package.
const nodeGlobals = Object.fromEntries(
  ['process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'fetch', 'globalThis'].map(
    (name) => [name, 'readonly'],
  ),
);

const serverImport = {
  group: ['**/server/**', '**/server', '../server/*', '../../server/*', '../../../server/*'],
  message: 'The web app talks to the server over HTTP only: import schemas and types from @shared/ instead.',
};
const webImport = {
  group: ['**/web/**', '**/web', '../web/*'],
  message: 'shared/ is used by both sides and may not import from web/.',
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', '.tmp/', 'coverage/'] },
  {
    files: ['{server,web,shared,e2e,scripts,bench}/**/*.{ts,tsx,js,mjs,cjs}', '*.{ts,js,mjs}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { globals: nodeGlobals },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [serverImport] }] },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ ...serverImport, message: 'shared/ is used by both sides and may not import from server/.' }, webImport] },
      ],
    },
  },
);
