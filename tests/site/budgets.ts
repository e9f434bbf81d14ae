// Size budgets the built site must keep.

/** JavaScript one page may ship, gzipped: the Svelte runtime, the widgets and the loss core. */
export const JS_BUDGET_GZIP = 35_000;
