import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const TEST_CODE = { group: ['**/test/**', '**/emulator/**'], message: 'src/ must not import test code.' };

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'bench/results/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      curly: ['error', 'multi-line'],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-throw-literal': 'error',
    },
  },
  {
    // The extension never ships or calls the emulator.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [TEST_CODE] }],
    },
  },
  {
    // The HTTP clients must stay free of the vscode API so they run in plain Node. This block comes
    // after the src/** one and repeats its pattern: a later block replaces a rule's options, it does
    // not add to them, so in the other order this ban was silently dropped.
    files: ['src/net/**/*.ts', 'src/platform/**/*.ts', 'src/wave/**/*.ts', 'src/ssh/**/*.ts', 'src/nfcore/**/*.ts', 'src/credentials/**/*.ts', 'src/schedule/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'net/, platform/, wave/, ssh/, nfcore/, credentials/ and schedule/ must not depend on the vscode API.' }], patterns: [TEST_CODE] },
      ],
    },
  },
);
