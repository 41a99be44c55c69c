// Lint: TypeScript's recommended rules, React hooks rules for the renderer, and the
// house rule that domain code takes time from the injected clock, never the wall clock.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const wallClock = [
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: 'Use the injected Clock.',
  },
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Use the injected Clock.' },
  {
    selector: 'CallExpression[callee.name=/^(setTimeout|setInterval|setImmediate)$/]',
    message: 'Schedule on the injected Clock.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'e2e/artifacts/**',
      'test-results/**',
      'bench/results/**',
      '**/node_modules/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // The plant boundary: the simulated plant's truth (twin state, injected leaks) stays in
    // src/protocols/sim. Agents, alarms, storage and the renderer see readings, never the plant.
    files: [
      'src/agents/**/*.ts',
      'src/main/alarms/**/*.ts',
      'src/main/storage/**/*.ts',
      'src/renderer/**/*.{ts,tsx}',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/protocols/sim', '**/protocols/sim/*'],
              message: 'Only readings cross the plant boundary.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/agents/**/*.ts', 'src/protocols/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-syntax': ['error', ...wallClock] },
  },
);
