import { readdirSync, readFileSync } from 'node:fs';
import { compile } from '@mdx-js/mdx';
import remarkMath from 'remark-math';
import { describe, expect, it } from 'vitest';
import remarkCellProps from './remark-cell-props';

const FIXTURE = { barrel: 'tests/fixtures/widget-props/index.ts' };
const REAL = { barrel: 'components/widgets/index.ts' };

/** Compile a chapter's MDX with only this plugin; the error's message, or '' when it passes. */
async function problemsIn(mdx: string, options = FIXTURE): Promise<string> {
  try {
    await compile(
      { value: mdx, path: 'content/en/chapter.mdx' },
      { remarkPlugins: [[remarkCellProps, options]] },
    );
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('remarkCellProps', () => {
  it('passes a cell whose props are all known and well typed', async () => {
    expect(
      await problemsIn(
        `<Dial client:visible label="speed" value={-0.25} unit="bits" ticks={8} animated marks={[[1, 2], [3]]} steps="auto" cellId="dial-two" width="body" />\n`,
      ),
    ).toBe('');
    expect(await problemsIn(`<Dial label="x" steps={3} animated={false} />\n`)).toBe('');
  });

  it('leaves alone elements that are not barrel cells, and values it cannot read', async () => {
    expect(
      await problemsIn(`<Figure widht="page" />\n\n<Dial label={name} value={x + 1} />\n`),
    ).toBe('');
  });

  it('fails on an unknown prop with file, line and column, the nearest name and the known ones', async () => {
    const message = await problemsIn(`# A chapter\n\nText.\n\n<Dial label="x" valeu={2} />\n`);
    expect(message).toContain(
      'content/en/chapter.mdx:5:17: Dial has no prop "valeu" (did you mean "value"?); its props are',
    );
    expect(message).toContain(
      'its props are label, value, unit, ticks, animated, marks, steps, onturn, width, cellId and the client:load|idle|visible|media|only|interaction directives, all described at /widgets/. Fix: rename valeu to value',
    );
  });

  it('writes each problem on a line of the authoring shape, located at the first for Astro', async () => {
    const error = await compile(
      { value: `Text.\n\n<Dial valeu={2} />\n`, path: 'content/en/chapter.mdx' },
      { remarkPlugins: [[remarkCellProps, FIXTURE]] },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ line: 3, column: 7 });
    const lines = (error as Error).message.split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/^content\/en\/chapter\.mdx:3:\d+: .+\. Fix: /);
  });

  it('suggests nothing for a name far from every prop', async () => {
    const message = await problemsIn(`<Dial label="x" colourScheme="dark" />\n`);
    expect(message).toContain('Dial has no prop "colourScheme"; its props are');
    expect(message).toContain('. Fix: remove colourScheme');
  });

  it('fails on a string where a number, boolean or array belongs, with the fix spelled out', async () => {
    const message = await problemsIn(
      `<Dial label="x" value="0.5" animated="true" marks="[[1, 2]]" />\n`,
    );
    expect(message.split('\n')).toHaveLength(3);
    expect(message).toContain(
      `content/en/chapter.mdx:1:17: Dial's value must be a number (number), but value is the string "0.5". Fix: write value={0.5} (braces, no quotes)`,
    );
    expect(message).toContain(
      `Dial's animated must be true or false (boolean), but animated is the string "true". Fix: write animated alone (it means true)`,
    );
    expect(message).toContain('Fix: write marks={[[1, 2]]} (braces, no quotes)');
  });

  it('fails on a string outside a union, suggesting the nearest member', async () => {
    const message = await problemsIn(`<Dial label="x" unit="bit" ticks={3} />\n`);
    expect(message).toContain(
      `Dial's unit must be one of 'nats', 'bits' (Unit ('nats' | 'bits')), but unit is the string "bit". Fix: did you mean unit="bits"?`,
    );
    expect(message).toContain(
      `Dial's ticks must be one of 2, 4, 8 (2 | 4 | 8), but ticks is the number 3.`,
    );
  });

  it('names the entry of an array that has the wrong type', async () => {
    const message = await problemsIn(`<Dial label="x" marks={[[1, 2], [3, 'four']]} />\n`);
    expect(message).toContain(
      `Dial's marks must be an array of arrays of numbers (readonly (readonly number[])[]), but marks[1][1] is the string "four".`,
    );
  });

  it('fails on a missing required prop and on an unknown client directive', async () => {
    const message = await problemsIn(`Some text.\n\n<Dial client:visibel />\n`);
    expect(message).toContain('content/en/chapter.mdx:3:1: Dial needs the prop label, a string');
    expect(message).toContain(
      'content/en/chapter.mdx:3:7: Dial has no directive client:visibel; did you mean client:visible?',
    );
  });

  it('fails on two cells of a page with one cell id, given or by default', async () => {
    const message = await problemsIn(
      `<Dial label="a" />\n\n<Dial label="b" cellId="dial-b" />\n\n<Dial label="c" />\n\n<Dial label="d" cellId="dial-b" />\n`,
    );
    expect(message).toContain(
      'content/en/chapter.mdx:5:1: this Dial has the cell id "dial", as the cell on line 1 does, so a link could not tell them apart. Fix: give it cellId="dial-2"',
    );
    expect(message).toContain('content/en/chapter.mdx:7:1: this Dial has the cell id "dial-b"');
    expect(await problemsIn(`<Dial label="a" />\n\n<Dial label="b" cellId="dial-b" />\n`)).toBe('');
  });

  it('lets a spread supply a required prop or the cell id, and still checks the props written', async () => {
    expect(await problemsIn(`<Dial {...dial} />\n\n<Dial {...other} />\n`)).toBe('');
    expect(await problemsIn(`<Dial {...dial} valeu={2} />\n`)).toContain(
      'content/en/chapter.mdx:1:17: Dial has no prop "valeu" (did you mean "value"?)',
    );
  });

  it('leaves Astro’s other directives to Astro', async () => {
    expect(
      await problemsIn(
        `<Dial label="x" client:idle transition:name="dial" transition:persist server:defer set:html={html} is:raw class:list={['a']} />\n`,
      ),
    ).toBe('');
  });

  it('checks a cell placed inline in a paragraph too', async () => {
    expect(await problemsIn(`Turn it: <Dial label="x" value="high" />.\n`)).toContain(
      `Dial's value must be a number`,
    );
  });

  it('checks the real cells, as chapters place them', async () => {
    expect(
      await problemsIn(
        `<SoftmaxExplorer client:visible logits={[2, 1, 0.1]} temperature />\n\n<KlBceLab client:interaction scenario="bce-clamp" z={20} target={0} cellId="kl-bce-lab-bce" />\n`,
        REAL,
      ),
    ).toBe('');
    const message = await problemsIn(
      `<SoftmaxExplorer client:visible logit={[2, 1]} />\n\n<BatchPlayground reduction="avg" />\n`,
      REAL,
    );
    expect(message).toContain('SoftmaxExplorer has no prop "logit" (did you mean "logits"?)');
    expect(message).toContain(
      `BatchPlayground's reduction must be one of 'none', 'sum', 'mean' (BatchReduction ('none' | 'sum' | 'mean')), but reduction is the string "avg".`,
    );
  });
});

describe('the chapters', () => {
  it('place every cell with known, well-typed props', async () => {
    const chapters = readdirSync('content/en').filter((f) => f.endsWith('.mdx'));
    expect(chapters.length).toBeGreaterThan(0);
    for (const chapter of chapters) {
      const path = `content/en/${chapter}`;
      await expect(
        compile(
          { value: readFileSync(path, 'utf8'), path },
          { remarkPlugins: [remarkMath, [remarkCellProps, REAL]] },
        ),
      ).resolves.toBeDefined();
    }
  });
});
