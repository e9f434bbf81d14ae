// Lint TypeScript, Svelte and Astro files with type-aware rules (typescript-eslint's
// strictTypeChecked, typed through the TypeScript project service, so every file is checked
// against tsconfig.json); formatting is prettier's job.
import js from '@eslint/js';
import astro from 'eslint-plugin-astro';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { defineConfig } from 'eslint/config';

export default defineConfig(
  { ignores: ['dist/', 'dist-*/', '.astro/', 'coverage/', 'node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...svelte.configs['flat/recommended'],
  ...astro.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte', '.astro'],
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Numbers read well in messages and labels (`got ${value}`); objects, null and undefined
      // still may not slip into a template.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `onclick={() => cell.step()}` and `.then(() => done())` are plain, not confusing.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
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
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    // astro-eslint-parser has no project service: it reads tsconfig.json itself.
    files: ['**/*.astro'],
    languageOptions: { parserOptions: { projectService: false, project: './tsconfig.json' } },
  },
  {
    // In Svelte and Astro templates TypeScript alone sees an imported component's props and a
    // JSX expression as `any` (svelte-check and astro check type them through their own
    // transforms), so the no-unsafe-* rules would flag every callback prop and every .map() of
    // markup. The other type-aware rules still apply to these files.
    files: ['**/*.svelte', '**/*.astro'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Plain JavaScript (these config files, Astro's inline scripts) is outside the TypeScript
    // project: lint it without type information.
    files: ['**/*.js', '**/*.mjs', '**/*.astro/*.js'],
    ...tseslint.configs.disableTypeChecked,
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
  {
    // Their tests may also share the core's numeric assertions (one expectClose).
    files: ['components/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: 'src/loss/(?!index$|testing/expect-close$)',
              message: 'Import the loss core from src/loss/index.ts only.',
            },
          ],
        },
      ],
    },
  },
);
