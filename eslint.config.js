// Lint TypeScript, Svelte and Astro files with type-aware rules; formatting is prettier's job.
import js from '@eslint/js';
import astro from 'eslint-plugin-astro';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { defineConfig } from 'eslint/config';

export default defineConfig(
  { ignores: ['dist/', 'dist-*/', '.astro/', 'coverage/', 'node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  ...svelte.configs['flat/recommended'],
  ...astro.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // A focused or skipped test must never reach main: it silently drops the others.
    files: ['**/*.test.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['describe', 'it', 'test'].flatMap((object) =>
          ['only', 'skip'].map((property) => ({
            object,
            property,
            message: `${object}.${property} leaves tests unrun; remove it before committing.`,
          })),
        ),
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
    },
  },
  {
    // The loss core stays pure: no DOM, no framework.
    files: ['src/loss/**/*.ts'],
    ignores: ['src/loss/**/*.test.ts', 'src/loss/testing/**'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['svelte', 'svelte/*', 'astro', 'astro:*', 'astro/*', 'node:*'] },
      ],
    },
  },
  {
    // Widgets and chapters reach the core only through its public entry.
    files: ['components/**/*.{ts,svelte,astro}', 'src/pages/**', 'src/layouts/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: 'src/loss/(?!index$)',
              message: 'Import the loss core from src/loss/index.ts only.',
            },
          ],
        },
      ],
    },
  },
);
