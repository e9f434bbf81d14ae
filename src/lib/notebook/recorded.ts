// scripts/notebook-outputs.json: what real PyTorch 1.13 printed when scripts/notebooks.py ran
// every built notebook top to bottom, and which of the prose's ```python blocks it could run.
// The build reads the prose part (a block becomes a code cell only if PyTorch ran it); the site
// test compares every code cell's stored outputs with the cells part.

/** One code cell as PyTorch ran it in its notebook. */
export interface RecordedCell {
  readonly id: string;
  readonly code: string;
  readonly stdout: string;
  readonly error: string | null;
}

/** One ```python block of the prose as PyTorch ran it on its own. */
export interface RecordedProse {
  readonly code: string;
  readonly runs: boolean;
  readonly stdout: string;
  readonly error: string | null;
  /** Why it stays Markdown when it does not run. */
  readonly why?: string;
}

export interface RecordedOutputs {
  readonly pytorch: string;
  readonly notebooks: Readonly<
    Record<
      string,
      { readonly cells: readonly RecordedCell[]; readonly prose: readonly RecordedProse[] }
    >
  >;
}

const FIX =
  'regenerate it: build the site, then /usr/bin/python3 scripts/notebooks.py <dist folder>';

/** Check the JSON's shape, so a hand-edited or truncated file names what is wrong. */
export function parseRecorded(json: unknown): RecordedOutputs {
  const fail = (what: string): never => {
    throw new Error(`scripts/notebook-outputs.json: ${what}; ${FIX}`);
  };
  if (typeof json !== 'object' || json === null) return fail('not a JSON object');
  const { pytorch, notebooks } = json as Record<string, unknown>;
  if (typeof pytorch !== 'string') fail('"pytorch" (the version that ran) is missing');
  if (typeof notebooks !== 'object' || notebooks === null) return fail('"notebooks" is missing');
  for (const [slug, book] of Object.entries(notebooks)) {
    const { cells, prose } = (book ?? {}) as Record<string, unknown>;
    if (!Array.isArray(cells) || !Array.isArray(prose))
      fail(`"${slug}" needs "cells" and "prose" lists`);
    for (const entry of [...(cells as unknown[]), ...(prose as unknown[])]) {
      const e = entry as Record<string, unknown>;
      if (
        typeof e['code'] !== 'string' ||
        typeof e['stdout'] !== 'string' ||
        (e['error'] !== null && typeof e['error'] !== 'string')
      ) {
        fail(`an entry of "${slug}" lacks code, stdout or error`);
      }
    }
  }
  return json as RecordedOutputs;
}

/** The prose blocks PyTorch ran for one chapter (none when the chapter was never recorded). */
export function recordedProse(json: unknown, slug: string): readonly RecordedProse[] {
  return parseRecorded(json).notebooks[slug]?.prose ?? [];
}
