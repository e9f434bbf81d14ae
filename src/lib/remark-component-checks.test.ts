import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProcessor } from '@mdx-js/mdx';
import { VFile } from 'vfile';
import { afterAll, describe, expect, it } from 'vitest';
import remarkComponentChecks from './remark-component-checks';

// A loss-core folder of one file with one region, for CoreSource.
const core = mkdtempSync(join(tmpdir(), 'cen-core-'));
afterAll(() => rmSync(core, { recursive: true, force: true }));
mkdirSync(core, { recursive: true });
writeFileSync(
  join(core, 'log-sum-exp.ts'),
  '// #region log-sum-exp\nexport const x = 1;\n// #endregion log-sum-exp\n',
);

const path = 'content/en/chapter.mdx';

/** Compile a chapter body with the checks, as the build does. */
async function check(body: string): Promise<void> {
  await createProcessor({ remarkPlugins: [[remarkComponentChecks, { core }]] }).process(
    new VFile({ path, value: body }),
  );
}

describe('remarkComponentChecks', () => {
  it('accepts well-formed figures, numbers and listings, and props only the page can compute', async () => {
    const body = [
      '<Figure width="page" caption="A">x</Figure>',
      '',
      'It is <CoreNumber quantity="cross-entropy" p={[1, 0]} q={[0.2, 0.8]} digits={3} /> nats,',
      'and <CoreNumber quantity="loss" logits={[-1, 2]} target={1} /> and <CoreNumber quantity={q} />.',
      '',
      '<CoreSource file="log-sum-exp.ts" region="log-sum-exp" summary="log Σ exp, stably." />',
      '',
      '<Figure width={w}>y</Figure> <Other width="wide" />',
    ].join('\n');
    await expect(check(body)).resolves.toBeUndefined();
  });

  it.each([
    [
      '<Figure width="wide">x</Figure>',
      '1:1: <Figure width="wide"> is not a figure width. Fix: write width="body" (the text column, the default), "page" or "screen"',
    ],
    [
      'A\n<Figure width="pages">x</Figure>',
      '2:1: <Figure width="pages"> is not a figure width. Fix: write width="body" (the text column, the default), "page" or "screen"; did you mean "page"?',
    ],
    [
      'It is <CoreNumber quantity="entropi" p={[1, 1]} />.',
      '1:7: <CoreNumber quantity="entropi"> is not a quantity the core computes. Fix: did you mean "entropy"? (each quantity\'s props are listed in components/ui/core-number.ts)',
    ],
    [
      'It is <CoreNumber p={[1, 1]} />.',
      '1:7: <CoreNumber quantity=null> is not a quantity the core computes. Fix: write quantity="…", one of entropy,',
    ],
    [
      'It is <CoreNumber quantity="cross-entropy" p={[1, 0]} />.',
      '1:7: <CoreNumber quantity="cross-entropy"> cannot be computed from {"quantity":"cross-entropy","p":[1,0]}: ',
    ],
    [
      'It is <CoreNumber quantity="entropy" p={[1, 1]} digits="2" />.',
      '1:7: <CoreNumber quantity="entropy"> cannot be computed from {"quantity":"entropy","p":[1,1]}: digits must be a number, got "2". Fix: give the props components/ui/core-number.ts lists for "entropy"',
    ],
    [
      '<CoreSource file="log-sum-exp.ts" region="log-sum-exp" />',
      '1:1: <CoreSource> has no summary. Fix: add summary="…": one line saying what the code does',
    ],
    [
      '<CoreSource file="logsumexp.ts" region="log-sum-exp" summary="S." />',
      '1:1: <CoreSource file="logsumexp.ts"> names no file of src/loss/. Fix: write a file name of src/loss/: did you mean "log-sum-exp.ts"?',
    ],
    [
      '<CoreSource file="log-sum-exp.ts" region="lse" summary="S." />',
      '1:1: <CoreSource region="lse">: Source region "lse" not found in src/loss/log-sum-exp.ts. Fix: mark the code with // #region lse … // #endregion lse, or show a region the file has: the regions are: log-sum-exp',
    ],
  ])('rejects %j at its line with a fix', async (body, message) => {
    await expect(check(body)).rejects.toThrow(`${path}:${message}`);
  });
});
