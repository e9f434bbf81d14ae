// Runs the @example line of every public function's doc comment and checks that it prints
// what the comment says (tfjs-core runs its JSDoc snippets the same way).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as core from './index';

/** Every export of every core module: examples of internal helpers run too. */
const scope: Record<string, unknown> = Object.fromEntries(
  Object.values(
    import.meta.glob<Record<string, unknown>>(['./*.ts', '!./*.test.ts'], { eager: true }),
  ).flatMap((module) => Object.entries(module)),
);

const folder = fileURLToPath(new URL('.', import.meta.url));
const sources = readdirSync(folder)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((file) => ({ file, text: readFileSync(`${folder}/${file}`, 'utf8') }));

interface Documented {
  readonly file: string;
  readonly name: string;
  readonly doc: string;
}

/** Every exported function with the doc comment right above it ('' when it has none). */
const exported: Documented[] = sources.flatMap(({ file, text }) =>
  [...text.matchAll(/(\/\*\*(?:(?!\*\/)[\s\S])*\*\/\s*)?export function (\w+)/g)].map((m) => ({
    file,
    name: m[2] as string,
    doc: m[1] ?? '',
  })),
);

const publicFunctions = Object.entries(core)
  .filter(([, value]) => typeof value === 'function' && value !== core.LossError)
  .map(([name]) => name);

/** What an example's result prints as, in the notation its comment uses. */
function printed(result: unknown): string {
  if (typeof result === 'string') return result;
  if (typeof result === 'object' && result !== null && 'dtype' in result && 'data' in result) {
    return core.formatTensor(result as core.Tensor, { defaultDtype: 'float64' });
  }
  return JSON.stringify(result);
}

describe('doc comments', () => {
  it.each(exported.map((e) => [`${e.file}: ${e.name}`, e] as const))(
    '%s has a one-line summary',
    (_, e) => {
      const summary = e.doc
        .split('\n')
        .find((line) => /^\s*\/?\*\*?\s+\S/.test(line) && !line.includes('@'));
      expect(summary, 'a doc comment with a summary line').toBeDefined();
    },
  );

  it('cover every public function with a runnable @example', () => {
    const withExamples = new Set(
      exported.filter((e) => e.doc.includes('@example')).map((e) => e.name),
    );
    expect(publicFunctions.filter((name) => !withExamples.has(name))).toEqual([]);
  });
});

describe('@example lines', () => {
  const examples = exported.flatMap((e) =>
    [...e.doc.matchAll(/@example (.+?) \/\/ (.+)$/gm)].map((m) => ({
      ...e,
      code: m[1] as string,
      expected: m[2] as string,
    })),
  );

  it.each(examples.map((e) => [`${e.name}: ${e.code}`, e] as const))('%s', (_, e) => {
    const names = Object.keys(scope);
    // Running the doc comment's own text is the point of this test, so it is evaluated.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const run = new Function(...names, `return (${e.code});`) as (...args: unknown[]) => unknown;
    const result = run(...names.map((n) => scope[n]));
    const expected = /^[[{\d-]/.test(e.expected)
      ? JSON.stringify(JSON.parse(e.expected))
      : e.expected;
    expect(printed(result)).toBe(expected);
  });
});
