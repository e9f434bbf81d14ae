// A Svelte component's compiled styles as a string: vite-plugin-svelte's virtual stylesheet
// (`Component.svelte?svelte&type=style&lang.css`) with Vite's `inline` query.
declare module '*.svelte?inline&svelte&type=style&lang.css' {
  const css: string;
  export default css;
}
