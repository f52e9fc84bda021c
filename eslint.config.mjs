import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.vigil/**', 'libs/rego/runtime/**', 'apps/control-plane/ui/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Unused parameters are common in interface implementations; prefix with _ to mark them.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Boundaries (STYLE.md 16): the compiler library stays framework-free.
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['libs/rego/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@nestjs/*', 'typeorm', 'socket.io*', '@vigil/*'] }],
    },
  },
  {
    files: ['apps/agent/**/*.ts', 'libs/agent-sdk/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/control-plane/**', 'typeorm', '**/libs/*/src/**'] }] },
  },
  {
    // Apps reach a library only through its index (`@vigil/<lib>`), so a library can move its
    // internals without touching the apps (STYLE.md 1). Benchmarks may import stages directly.
    files: ['apps/control-plane/**/*.ts', 'apps/control-plane/**/*.tsx', 'apps/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/apps/agent/**', '**/libs/*/src/**'] }] },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
