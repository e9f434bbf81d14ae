// Vitest configuration for `npm run cell-programs` alone: compiles runes as the unit project does.
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [svelte({ compilerOptions: { runes: true } })],
  resolve: { tsconfigPaths: true, conditions: ['browser'] },
  test: { include: ['scripts/cell-programs.generate.ts'], environment: 'node' },
});
