// Literate code: chapters show the loss core's real source, cut from its files at build time
// between `// #region name` and `// #endregion name` markers, so the page can never drift
// from the code that computes its numbers.

export interface SourceRegion {
  /** The region's code, dedented, with any nested region markers removed. */
  readonly code: string;
  /** 1-based line numbers of the first and last code lines in the file. */
  readonly firstLine: number;
  readonly lastLine: number;
}

const START = /^\s*\/\/\s*#region\s+([\w-]+)\s*$/;
const END = /^\s*\/\/\s*#endregion(?:\s+([\w-]+))?\s*$/;

/** Cut one named region out of a source file; a missing or unclosed region is an error naming both. */
export function extractRegion(source: string, region: string, file: string): SourceRegion {
  const lines = source.split('\n');
  const start = lines.findIndex((line) => START.exec(line)?.[1] === region);
  if (start < 0) throw new Error(`Source region "${region}" not found in ${file}`);
  let depth = 0;
  let end = -1;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (START.test(line)) depth++;
    else if (END.test(line)) {
      if (depth === 0) {
        end = i;
        break;
      }
      depth--;
    }
  }
  if (end < 0) throw new Error(`Source region "${region}" in ${file} has no // #endregion`);
  const body = lines.slice(start + 1, end);
  const kept = body.filter((line) => !START.test(line) && !END.test(line));
  const indent = Math.min(
    ...kept
      .filter((line) => line.trim() !== '')
      .map((line) => line.length - line.trimStart().length),
  );
  return {
    code: kept
      .map((line) => line.slice(Number.isFinite(indent) ? indent : 0))
      .join('\n')
      .trimEnd(),
    firstLine: start + 2,
    lastLine: end,
  };
}
