import { readdirSync, readFileSync } from 'node:fs';
import { compile } from '@mdx-js/mdx';
import remarkMath from 'remark-math';
import { describe, expect, it } from 'vitest';
import remarkCellProps, { type CellPropsOptions } from './remark-cell-props';

const FIXTURE = { barrel: 'tests/fixtures/widget-props/index.ts', ui: 'components/ui' };
const REAL = { barrel: 'components/widgets/index.ts' };

/** The imports a test chapter needs, after its text so that its line numbers stay as written. */
const IMPORTS =
  "\n\nimport { Dial } from '~/components/widgets';\nimport Figure from '~/components/ui/Figure.astro';\n";

/** Compile a chapter's MDX with only this plugin; the error's message, or '' when it passes. */
async function problemsIn(
  mdx: string,
  options: CellPropsOptions = FIXTURE,
  imports = IMPORTS,
): Promise<string> {
  try {
    await compile(
      { value: mdx + imports, path: 'content/en/chapter.mdx' },
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
    expect(
      await problemsIn(`<Dial label="x" steps={3} animated={false} client:interaction />\n`),
    ).toBe('');
  });

  it('leaves alone elements that are not barrel cells, and values it cannot read', async () => {
    expect(
      await problemsIn(
        `<Figure widht="page" />\n\n<Dial label={name} value={x + 1} client:visible />\n`,
      ),
    ).toBe('');
  });

  it('fails on an unknown prop with file, line and column, the nearest name and the known ones', async () => {
    const message = await problemsIn(
      `# A chapter\n\nText.\n\n<Dial label="x" valeu={2} client:visible />\n`,
    );
    expect(message).toContain(
      'content/en/chapter.mdx:5:17: Dial has no prop "valeu" (did you mean "value"?); its props are',
    );
    expect(message).toContain(
      'its props are label, value, unit, ticks, animated, marks, steps, onturn, width, cellId and the client:visible|interaction directives, all described at /widgets/. Fix: rename valeu to value',
    );
  });

  it('writes each problem on a line of the authoring shape, located at the first for Astro', async () => {
    const error = await compile(
      {
        value: `Text.\n\n<Dial valeu={2} client:visible />${IMPORTS}`,
        path: 'content/en/chapter.mdx',
      },
      { remarkPlugins: [[remarkCellProps, FIXTURE]] },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ line: 3, column: 1 });
    const lines = (error as Error).message.split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/^content\/en\/chapter\.mdx:3:\d+: .+\. Fix: /);
  });

  it('suggests nothing for a name far from every prop', async () => {
    const message = await problemsIn(`<Dial label="x" colourScheme="dark" client:visible />\n`);
    expect(message).toContain('Dial has no prop "colourScheme"; its props are');
    expect(message).toContain('. Fix: remove colourScheme');
  });

  it('fails on a string where a number, boolean or array belongs, with the fix spelled out', async () => {
    const message = await problemsIn(
      `<Dial label="x" value="0.5" animated="true" marks="[[1, 2]]" client:visible />\n`,
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
    const message = await problemsIn(`<Dial label="x" unit="bit" ticks={3} client:visible />\n`);
    expect(message).toContain(
      `Dial's unit must be one of 'nats', 'bits' (Unit ('nats' | 'bits')), but unit is the string "bit". Fix: did you mean unit="bits"?`,
    );
    expect(message).toContain(
      `Dial's ticks must be one of 2, 4, 8 (2 | 4 | 8), but ticks is the number 3.`,
    );
  });

  it('names the entry of an array that has the wrong type', async () => {
    const message = await problemsIn(
      `<Dial label="x" marks={[[1, 2], [3, 'four']]} client:visible />\n`,
    );
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
      `<Dial label="a" client:visible />\n\n<Dial label="b" cellId="dial-b" client:visible />\n\n<Dial label="c" client:visible />\n\n<Dial label="d" cellId="dial-b" client:visible />\n`,
    );
    expect(message).toContain(
      'content/en/chapter.mdx:5:1: this Dial has the cell id "dial", as the cell on line 1 does, so a link could not tell them apart. Fix: give it cellId="dial-2"',
    );
    expect(message).toContain('content/en/chapter.mdx:7:1: this Dial has the cell id "dial-b"');
    expect(
      await problemsIn(
        `<Dial label="a" client:visible />\n\n<Dial label="b" cellId="dial-b" client:visible />\n`,
      ),
    ).toBe('');
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
        `<Dial label="x" client:visible transition:name="dial" transition:persist server:defer set:html={html} is:raw class:list={['a']} />\n`,
      ),
    ).toBe('');
  });

  it('checks a cell placed inline in a paragraph too', async () => {
    expect(
      await problemsIn(`Turn it: <Dial label="x" value="high" client:visible />.\n`),
    ).toContain(`Dial's value must be a number`);
  });

  it('checks the real cells, as chapters place them', async () => {
    expect(
      await problemsIn(
        `<SoftmaxExplorer client:visible logits={[2, 1, 0.1]} temperature />\n\n<KlBceLab client:interaction scenario="bce-clamp" z={20} target={0} cellId="kl-bce-lab-bce" />\n`,
        REAL,
        "\n\nimport { SoftmaxExplorer, KlBceLab } from '~/components/widgets';\n",
      ),
    ).toBe('');
    const message = await problemsIn(
      `<SoftmaxExplorer client:visible logit={[2, 1]} />\n\n<BatchPlayground reduction="avg" client:visible />\n`,
      REAL,
      "\n\nimport { SoftmaxExplorer, BatchPlayground } from '~/components/widgets';\n",
    );
    expect(message).toContain('SoftmaxExplorer has no prop "logit" (did you mean "logits"?)');
    expect(message).toContain(
      `BatchPlayground's reduction must be one of 'none', 'sum', 'mean' (BatchReduction ('none' | 'sum' | 'mean')), but reduction is the string "avg".`,
    );
  });
});

describe('remarkCellProps on directives', () => {
  it('fails on a cell without a client: directive, which would ship with dead controls', async () => {
    expect(await problemsIn(`Text.\n\n<Dial label="x" />\n`)).toBe(
      'content/en/chapter.mdx:3:1: Dial has no client: directive, so it would ship without its script: its controls would show but do nothing. Fix: add client:visible (or client:interaction for a heavy cell, which loads on first touch; the gallery shows each cell’s usual one)',
    );
  });

  it('refuses Astro’s other hydration directives, each with its reason, and two at once', async () => {
    const message = await problemsIn(
      `<Dial label="x" client:load />\n\n<Dial label="y" cellId="dial-y" client:only="svelte" />\n\n<Dial label="z" cellId="dial-z" client:visible client:interaction />\n`,
    );
    expect(message).toContain(
      'content/en/chapter.mdx:1:17: Dial is placed with client:load, which the notebook does not use: it loads its script with the page, before the reader reaches the cell, which spends the chapter’s 35 KB script budget up front. Fix: write client:visible instead (or client:interaction for a heavy cell)',
    );
    expect(message).toContain(
      'content/en/chapter.mdx:3:33: Dial is placed with client:only, which the notebook does not use: it renders nothing at build time',
    );
    expect(message).toContain(
      'content/en/chapter.mdx:5:1: Dial has 2 client: directives (client:visible, client:interaction); a cell takes exactly one. Fix: keep one',
    );
  });

  it('lets a spread supply the directive', async () => {
    expect(await problemsIn(`<Dial {...dial} />\n`)).toBe('');
  });
});

describe('remarkCellProps on components never imported', () => {
  it('names the import line of a frame component, a barrel cell, or the nearest name', async () => {
    const message = await problemsIn(
      `See <ChapterRef slug="entropy-and-kl" />.\n\n<Dial label="x" client:visible />\n\n<Figur width="page" />\n\n<Chart />\n`,
      FIXTURE,
      '',
    );
    expect(message.split('\n')).toEqual([
      "content/en/chapter.mdx:1:5: <ChapterRef> is placed but never imported, so the page cannot render it. Fix: add import ChapterRef from '~/components/ui/ChapterRef.astro'; at the top of the file, below the frontmatter",
      "content/en/chapter.mdx:3:1: <Dial> is placed but never imported, so the page cannot render it. Fix: add import { Dial } from '~/components/widgets'; at the top of the file, below the frontmatter (or add Dial to the braces of that import)",
      'content/en/chapter.mdx:5:1: <Figur> is placed but never imported, so the page cannot render it. Fix: did you mean <Figure>? (or import Figur at the top of the file)',
      'content/en/chapter.mdx:7:1: <Chart> is placed but never imported, so the page cannot render it. Fix: import it at the top of the file, below the frontmatter, or correct the name',
    ]);
  });

  it('accepts components the chapter imports or declares, and lower-case HTML', async () => {
    expect(
      await problemsIn(
        `export const Note = () => null;\n\n<Note />\n\n<details><summary>x</summary></details>\n\n<Figure width="page" />\n`,
      ),
    ).toBe('');
  });
});

describe('remarkCellProps with the cells’ own checks', () => {
  const WIDGETS = "\n\nimport { SoftmaxExplorer, StabilityLab } from '~/components/widgets';\n";

  it('reports a value the cell refuses at the prop’s line, as the cell words it, with the fix', async () => {
    const message = await problemsIn(
      `Text.\n\n<SoftmaxExplorer client:visible logits={[2, 1, 0.1]} labels={['cat', 'dog']} />\n\n<SoftmaxExplorer client:visible cellId="one" logits={[2]} />\n`,
      REAL,
      WIDGETS,
    );
    expect(message.split('\n')).toEqual([
      "content/en/chapter.mdx:3:54: SoftmaxExplorer's labels must have 3 entries, one per entry of logits, got 2. Fix: give labels 3 entries, one per entry of logits, or leave labels out",
      "content/en/chapter.mdx:5:46: SoftmaxExplorer's logits must have 2–8 entries, got 1. Fix: give logits 2 to 8 entries",
    ]);
  });

  it('leaves a cell with a computed prop to the page, and passes the chapters’ own placements', async () => {
    expect(
      await problemsIn(
        `<SoftmaxExplorer client:visible logits={[2]} labels={names} />\n\n<StabilityLab client:interaction />\n`,
        REAL,
        WIDGETS,
      ),
    ).toBe('');
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
