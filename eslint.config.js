// @ts-check
/**
 * ESLint: typescript-eslint's type-aware recommended rules, and
 * eslint-plugin-regexp, whose no-super-linear-* rules keep every regex that
 * runs on scanned input linear (test/linear-time.test.ts measures the same
 * promise). `npm test` runs it before the tests.
 */
import js from '@eslint/js';
import globals from 'globals';
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'bench/.corpus/', '.scan-keys-tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  regexp.configs['flat/recommended'],
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A super-linear regex on input is a denial of service: errors, not warnings.
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
      // Nothing may pass an input-sized array as arguments: 125,000 of them overflow the stack.
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='push'] > SpreadElement",
          message: 'push(...items) passes every item as an argument and overflows the stack on large input: push in a loop.',
        },
      ],
      // `_name` marks a binding kept on purpose (a destructured field left out of a copy).
      '@typescript-eslint/no-unused-vars': ['error', { varsIgnorePattern: '^_', argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Control characters in regexes are deliberate here: the scanner escapes and reports them.
      'no-control-regex': 'off',
      // Every String(x) it flags quotes an unknown CLI or config value in an error message, on purpose.
      '@typescript-eslint/no-base-to-string': 'off',
      // Async functions and generators that do not await still honour an async interface (AsyncIterable, Promise).
      '@typescript-eslint/require-await': 'off',
      // Purely stylistic (\w for [A-Za-z0-9_], the i flag, \d, classes for one-character alternatives):
      // rewriting the rule patterns for them would churn the code and hide what each class spells out.
      'regexp/prefer-w': 'off',
      'regexp/prefer-d': 'off',
      'regexp/use-ignore-case': 'off',
      'regexp/prefer-character-class': 'off',
    },
  },
  {
    files: ['test/**'],
    rules: {
      // The CLI's JSON output is parsed as `any`; typing every field a test reads would add nothing.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Tests match scan-keys's own short output, never untrusted input (linear-time.test.ts covers src/).
      'regexp/no-super-linear-backtracking': 'off',
      'regexp/no-super-linear-move': 'off',
      'regexp/optimal-quantifier-concatenation': 'off',
      // Two spaces in a pattern match two spaces of the text report, as written.
      'no-regex-spaces': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
