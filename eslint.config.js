// ESLint (flat config) with typescript-eslint. Formatting is Prettier's job (`npm run format`);
// these rules keep files and functions small enough to read, and catch real mistakes.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/**', 'var/**', 'web/dist/**', 'web/public/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-constant-condition': ['error', { checkLoops: false }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // The browser bundle runs in the browser, not in Node.
    files: ['web/src/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Every file small enough to read (the two i18n string tables are long by nature).
    files: ['**/*.ts', '**/*.mjs', '**/*.js'],
    ignores: ['web/src/**/i18n*.ts', 'web/src/**/strings*.ts'],
    rules: { 'max-lines': ['error', { max: 300 }] },
  },
  {
    // Functions too, outside tests: there a describe() callback is a list of cases, not a function to read as one.
    files: ['src/**/*.ts', 'web/src/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.{ts,mjs}'],
    rules: { 'max-lines-per-function': ['error', { max: 80 }] },
  },
);
