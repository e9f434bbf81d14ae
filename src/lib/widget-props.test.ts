import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readWidgetProps, shownType, type PropInfo } from './widget-props';

const FIXTURE = 'tests/fixtures/widget-props/index.ts';

/** The widget folders on disk, each with its index.ts: found without the barrel. */
const folders = readdirSync('components/widgets', { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join('components/widgets', d.name, 'index.ts')))
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
