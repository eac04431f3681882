// Flat ESLint config (ESLint 9): Next's core-web-vitals and TypeScript rule sets.
import { defineConfig, globalIgnores } from 'eslint/config'
import nextVitals from 'eslint-config-next/core-web-vitals'
import nextTypeScript from 'eslint-config-next/typescript'

export default defineConfig([
  ...nextVitals,
  ...nextTypeScript,
  globalIgnores([
    'node_modules/**',
    '.next*/**',
    'out/**',
    'build/**',
    'dist/**',
    'coverage/**',
    'next-env.d.ts',
    'test-results/**',
    'playwright-report/**',
    '.data*/**',
    'bench/peer/**',
    'bench/results/**',
    // Each example is its own package with its own dependencies and checks.
    'examples/**',
  ]),
  {
    rules: {
      // `_`-prefixed parameters are positional placeholders (server actions receive the previous state first).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
])
