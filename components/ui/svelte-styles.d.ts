// A Svelte component's compiled styles as a string (src/lib/vite-svelte-styles.ts).
declare module 'svelte-styles:*' {
  const css: string;
  export default css;
}
