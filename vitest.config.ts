// Three layers, one runner: unit tests beside the code, built-site tests over dist/, and
// browser tests driving the system Chromium against the built site.
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

// `~/` is the project root (tsconfig "paths"), as in the site build.
const resolve = { tsconfigPaths: true };

export default defineConfig({
  test: {
    projects: [
      {
        // Widgets' state classes use runes: compile them as the browser does.
        plugins: [svelte({ compilerOptions: { runes: true } })],
        resolve: { ...resolve, conditions: ['browser'] },
        test: {
          name: 'unit',
          include: [
            'src/**/*.test.ts',
            'components/**/*.test.ts',
            'tests/support/**/*.test.ts',
            'tests/claims/**/*.test.ts',
            'scripts/**/*.test.ts',
          ],
          environment: 'node',
        },
      },
      {
        resolve,
        test: {
          name: 'site',
          include: ['tests/site/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        resolve,
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
    coverage: {
      provider: 'v8',
      include: ['src/loss/**/*.ts'],
      exclude: ['src/loss/**/*.test.ts', 'src/loss/testing/**'],
      thresholds: { lines: 95, branches: 95, functions: 95, statements: 95 },
    },
  },
});
