// Every checked cell state's printed block is exactly what real PyTorch 1.13 printed for the
// program the cell shows (scripts/cell-programs.json, recorded by scripts/cell-programs.py).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cellPrograms } from './cell-programs-states';

interface Entry {
  id: string;
  code: string;
  printed?: string;
}

const recorded = JSON.parse(
  readFileSync(new URL('./cell-programs.json', import.meta.url), 'utf8'),
) as Entry[];
const REGENERATE = 'regenerate: npm run cell-programs && /usr/bin/python3 scripts/cell-programs.py';
const states = cellPrograms();

describe('cell programs against PyTorch 1.13', () => {
  it('checks at least 20 states, and the JSON holds exactly those', () => {
    expect(states.length).toBeGreaterThanOrEqual(20);
    expect(
      recorded.map((e) => e.id),
      `the JSON lists other states: ${REGENERATE}`,
    ).toEqual(states.map((s) => s.id));
  });

  it('checks at least 30 playground, inspector and KL/BCE states, valid and invalid', () => {
    const practice = recorded.filter((e) =>
      /^(batch-playground|label-inspector|kl-bce-lab)\//.test(e.id),
    );
    // An invalid state's program stops at PyTorch's exception: its last line is `Type: message`.
    const raises = practice.filter((e) => /^\w+Error: /.test(e.printed?.split('\n').at(-1) ?? ''));
    expect(practice.length).toBeGreaterThanOrEqual(30);
    expect(raises.length).toBeGreaterThan(0);
    expect(raises.length).toBeLessThan(practice.length);
    for (const widget of ['batch-playground', 'label-inspector', 'kl-bce-lab']) {
      expect(
        raises.some((e) => e.id.startsWith(`${widget}/`)),
        `${widget}: no invalid state`,
      ).toBe(true);
    }
  });

  it.each(states.map((s) => [s.id, s] as const))(
    '%s prints in the cell what PyTorch printed',
    (id, { program }) => {
      const entry = recorded.find((e) => e.id === id);
      expect(entry?.code, `${id}: the program changed since PyTorch ran it; ${REGENERATE}`).toBe(
        program.code,
      );
      expect(entry?.printed, `${id}: PyTorch has not run this program; ${REGENERATE}`).toBeTypeOf(
        'string',
      );
      expect(program.printed).toBe(entry?.printed);
    },
  );
});
