import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  adviseDirective,
  cellPlacements,
  INTERACTION,
  inlineCodeRuns,
  readWidgetProps,
  shownType,
  VISIBLE,
  type PropInfo,
} from './widget-props';
import { NOT_CHAPTER_CELLS } from './remark-widget-imports';

const FIXTURE = 'tests/fixtures/widget-props/index.ts';

/**
 * The widget folders on disk, each with its index.ts: found without the barrel. Those chapters do
 * not place (NOT_CHAPTER_CELLS: the PyTorch cell, a page-level component) have no props table.
 */
const folders = readdirSync('components/widgets', { withFileTypes: true })
  .filter(
    (d) =>
      d.isDirectory() &&
      !NOT_CHAPTER_CELLS.has(d.name) &&
      existsSync(join('components/widgets', d.name, 'index.ts')),
  )
  .map((d) => d.name)
  .sort();

const prop = (props: readonly PropInfo[], name: string): PropInfo => {
  const found = props.find((p) => p.name === name);
  if (found === undefined) throw new Error(`no prop ${name}`);
  return found;
};

describe('readWidgetProps on the real barrel', () => {
  const widgets = readWidgetProps();

  it('yields a table for every widget folder, named as the folder in PascalCase', () => {
    expect(widgets.map((w) => w.folder).sort()).toEqual(folders);
    for (const widget of widgets) {
      const pascal = widget.folder.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
      expect(widget.name).toBe(pascal);
      expect(widget.props.length).toBeGreaterThan(0);
    }
  });

  it('gives every cell a one-line description and every prop a description and a default', () => {
    for (const widget of widgets) {
      expect(widget.description, widget.name).toMatch(/\S/);
      expect(widget.description, widget.name).not.toContain('\n');
      for (const p of widget.props) {
        expect(p.description, `${widget.name}.${p.name}`).toMatch(/\S/);
        // A prop a chapter may leave out says what it is then.
        if (!p.required) expect(p.default, `${widget.name}.${p.name}`).toMatch(/\S/);
      }
    }
  });

  it('lists width and cellId, the props every cell takes, after the cell’s own', () => {
    for (const widget of widgets) {
      const common = widget.props.filter((p) => p.common).map((p) => p.name);
      expect(common.sort()).toEqual(['cellId', 'width']);
      expect(widget.props.slice(-2).every((p) => p.common)).toBe(true);
    }
  });

  it('documents the width and cell id each cell really starts with', async () => {
    for (const widget of widgets) {
      const module = (await import(
        `../../components/widgets/${widget.folder}/${widget.folder}.svelte.ts`
      )) as Record<string, new () => { width: string; cellId: string }>;
      const State = module[`${widget.name}State`];
      if (State === undefined) throw new Error(`${widget.folder} has no ${widget.name}State`);
      const state = new State();
      expect(prop(widget.props, 'width').default, widget.name).toBe(`'${state.width}'`);
      expect(state.cellId, widget.name).toBe(widget.folder);
    }
  });
});

describe('readWidgetProps on a fixture type', () => {
  const [dial, ...others] = readWidgetProps(FIXTURE);
  if (dial === undefined) throw new Error('the fixture barrel has no widget');
  const props = dial.props;

  it('reads the cell’s name, folder and the description on its props interface', () => {
    expect(others).toEqual([]);
    expect(dial.name).toBe('Dial');
    expect(dial.folder).toBe('dial');
    expect(dial.description).toBe('A dial that reads a value, for testing the props reader.');
  });

  it('tells required props from optional ones, and reads @default apart from the description', () => {
    expect(prop(props, 'label')).toMatchObject({
      required: true,
      type: 'string',
      kind: { kind: 'string' },
      description: "The dial's label; it has no default, so a chapter must pass it.",
    });
    expect(prop(props, 'label').default).toBeUndefined();
    expect(prop(props, 'value')).toMatchObject({
      required: false,
      default: '0.5',
      description: 'Where the needle starts.',
      kind: { kind: 'number' },
    });
    expect(prop(props, 'animated')).toMatchObject({ default: 'false', kind: { kind: 'boolean' } });
  });

  it('spells out unions of literals, behind an alias or written in place', () => {
    const unit = prop(props, 'unit');
    expect(unit.type).toBe('Unit');
    expect(unit.values).toEqual(['nats', 'bits']);
    expect(shownType(unit)).toBe("Unit ('nats' | 'bits')");
    expect(prop(props, 'ticks').kind).toEqual({ kind: 'literal', values: [2, 4, 8] });
    expect(shownType(prop(props, 'ticks'))).toBe('2 | 4 | 8');
  });

  it('reads arrays of arrays, mixed unions and types no literal can match', () => {
    expect(prop(props, 'marks')).toMatchObject({
      type: 'readonly (readonly number[])[]',
      kind: { kind: 'array', element: { kind: 'array', element: { kind: 'number' } } },
    });
    expect(prop(props, 'steps').kind).toEqual({
      kind: 'union',
      members: [{ kind: 'number' }, { kind: 'literal', values: ['auto'] }],
    });
    expect(prop(props, 'onturn').kind).toEqual({ kind: 'other' });
  });

  it('marks the base interface’s props as common, keeping a restated prop’s own default', () => {
    expect(prop(props, 'width')).toMatchObject({ common: true, default: "'page'" });
    expect(prop(props, 'cellId')).toMatchObject({ common: true, default: "'dial'" });
    expect(prop(props, 'label').common).toBe(false);
    expect(props.map((p) => p.name)).toEqual([
      'label',
      'value',
      'unit',
      'ticks',
      'animated',
      'marks',
      'steps',
      'onturn',
      'width',
      'cellId',
    ]);
  });
});

describe('readWidgetProps on a barrel that breaks the rules', () => {
  const root = mkdtempSync(join(tmpdir(), 'widget-props-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** A barrel of one cell `Knob` whose folder holds `source`. */
  function barrelWith(name: string, source: string, exportsProps = true): string {
    const dir = join(root, name);
    mkdirSync(join(dir, 'knob'), { recursive: true });
    writeFileSync(join(dir, 'knob', 'index.ts'), source);
    writeFileSync(
      join(dir, 'index.ts'),
      "export { Knob } from './knob';\n" +
        (exportsProps ? "export type { KnobProps } from './knob';\n" : ''),
    );
    return join(dir, 'index.ts');
  }

  it('names a cell that exports no props interface', () => {
    const barrel = barrelWith('no-props', 'export const Knob = 1;\n', false);
    expect(() => readWidgetProps(barrel)).toThrow(/exports Knob but no KnobProps/);
  });

  it('names a props interface without a description, and a prop without one', () => {
    const undescribed = barrelWith(
      'no-description',
      'export const Knob = 1;\nexport interface KnobProps {\n  /** Turns. @default 1 */\n  turns?: number;\n}\n',
    );
    expect(() => readWidgetProps(undescribed)).toThrow(/KnobProps needs a doc comment/);
    const bare = barrelWith(
      'bare-prop',
      'export const Knob = 1;\n/** A knob. */\nexport interface KnobProps {\n  turns?: number;\n}\n',
    );
    expect(() => readWidgetProps(bare)).toThrow(/KnobProps\.turns needs a doc comment/);
  });
});

describe('inlineCodeRuns', () => {
  it('turns code spans into code and leaves every other character as written', () => {
    expect(inlineCodeRuns("Class weights (PyTorch's `weight`).")).toEqual([
      { code: false, text: "Class weights (PyTorch's " },
      { code: true, text: 'weight' },
      { code: false, text: ').' },
    ]);
    expect(inlineCodeRuns('*not* <b>bold</b> [a](b)')).toEqual([
      { code: false, text: '*not* <b>bold</b> [a](b)' },
    ]);
    expect(inlineCodeRuns('`a` and `b`')).toEqual([
      { code: true, text: 'a' },
      { code: false, text: ' and ' },
      { code: true, text: 'b' },
    ]);
  });

  it('closes a span only on a run of as many backticks, padding stripped', () => {
    expect(inlineCodeRuns('`` a`b ``')).toEqual([{ code: true, text: 'a`b' }]);
    expect(inlineCodeRuns('`` ` ``')).toEqual([{ code: true, text: '`' }]);
    expect(inlineCodeRuns('an `open span')).toEqual([{ code: false, text: 'an `open span' }]);
    expect(inlineCodeRuns('``a` b')).toEqual([{ code: false, text: '``a` b' }]);
    expect(inlineCodeRuns('')).toEqual([]);
  });

  it('reads the code spans in the real props whole', () => {
    const spans = readWidgetProps()
      .flatMap((w) => [w.description, ...w.props.map((p) => p.description)])
      .flatMap((text) => inlineCodeRuns(text).filter((r) => r.code));
    expect(spans.map((r) => r.text)).toEqual(
      expect.arrayContaining(['weight', 'ignore_index', 'reduction']),
    );
    for (const span of spans) expect(span.text).not.toContain('`');
  });
});

describe('cellPlacements and adviseDirective on the real chapters', () => {
  const widgets = readWidgetProps();
  const placements = cellPlacements(widgets.map((w) => w.name));

  it('finds every tag of a cell the chapters hold, at its line, with its directive', () => {
    // Read independently: each line of a published chapter that opens a cell's tag.
    const expected = new Map(widgets.map((w) => [w.name, [] as string[]]));
    for (const file of readdirSync('content/en').filter((f) => f.endsWith('.mdx'))) {
      const path = join('content/en', file);
      const source = readFileSync(path, 'utf8');
      if (/^draft:\s*true\b/m.test(source.split(/^---$/m)[1] ?? '')) continue;
      source.split('\n').forEach((line, i) => {
        const tag = /^<([A-Z]\w*)\b.*?(client:\w+)/.exec(line);
        if (tag?.[1] !== undefined && expected.has(tag[1])) {
          expected.get(tag[1])?.push(`${path}:${i + 1} ${tag[2]}`);
        }
      });
    }
    for (const widget of widgets) {
      const found = (placements.get(widget.name) ?? []).map(
        (p) => `${p.file}:${p.line} ${p.directive ?? ''}`,
      );
      expect(found, widget.name).toEqual(expected.get(widget.name));
    }
    expect([...expected.values()].flat().length).toBeGreaterThanOrEqual(widgets.length);
  });

  it('suggests the directive the chapters use for each cell they all agree on', () => {
    for (const widget of widgets) {
      const found = placements.get(widget.name) ?? [];
      const advice = adviseDirective(found);
      const used = new Set(found.map((p) => p.directive));
      if (used.size === 1) {
        expect(advice, widget.name).toMatchObject({ basis: 'chapters', directive: [...used][0] });
      } else {
        expect(advice.directive, widget.name).toBe(INTERACTION);
      }
      expect(advice.uses.flatMap((u) => u.files).sort()).toEqual(
        [...new Set(found.map((p) => p.file))].sort(),
      );
    }
  });
});

describe('cellPlacements and adviseDirective on chapters written for the test', () => {
  const root = mkdtempSync(join(tmpdir(), 'cell-placements-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const chapter = (name: string, body: string, draft = false): void =>
    writeFileSync(
      join(root, `${name}.mdx`),
      `---\ntitle: ${name}\ndraft: ${draft}\n---\n\n${body}\n`,
    );
  chapter('one', "import { Dial } from '~/components/widgets';\n\n<Dial client:visible />\n");
  chapter(
    'two',
    [
      'Text with `<Dial client:load />` in code.',
      '',
      '```mdx',
      '<Dial client:load />',
      '```',
      '',
      '<Dial',
      '  client:interaction',
      '  value={2}',
      '/>',
      '',
      '<Knob client:visible />',
    ].join('\n'),
  );
  chapter('three', '<Dial client:load />', true);
  const placements = cellPlacements(['Dial', 'Gauge'], root);

  it('reads tags over several lines, and skips code, drafts and other components', () => {
    expect(placements.get('Dial')).toEqual([
      { file: join(root, 'one.mdx'), line: 8, directive: 'client:visible' },
      { file: join(root, 'two.mdx'), line: 12, directive: 'client:interaction' },
    ]);
    expect(placements.get('Gauge')).toEqual([]);
  });

  it('says when chapters disagree, and suggests client:interaction then and for an unused cell', () => {
    expect(adviseDirective(placements.get('Dial') ?? [])).toEqual({
      directive: INTERACTION,
      basis: 'disagree',
      uses: [
        { directive: VISIBLE, files: [join(root, 'one.mdx')] },
        { directive: INTERACTION, files: [join(root, 'two.mdx')] },
      ],
    });
    expect(adviseDirective([])).toEqual({ directive: INTERACTION, basis: 'unused', uses: [] });
    const twice = (directive: string) => ({ file: 'a.mdx', line: 1, directive });
    expect(adviseDirective([twice('client:idle'), twice('client:idle')])).toEqual({
      directive: 'client:idle',
      basis: 'chapters',
      uses: [{ directive: 'client:idle', files: ['a.mdx'] }],
    });
  });
});
