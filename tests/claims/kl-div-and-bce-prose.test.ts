// The kl-div-and-bce chapter's PyTorch facts that no cell shows: each checked by a program in
// scripts/cell-programs-prose.ts that PyTorch 1.13 ran (scripts/cell-programs.json), and the
// chapter's text read against what it printed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const source = readFileSync(
  new URL('../../content/en/kl-div-and-bce.mdx', import.meta.url),
  'utf8',
);
const recorded = JSON.parse(
  readFileSync(new URL('../../scripts/cell-programs.json', import.meta.url), 'utf8'),
) as { id: string; code: string; printed?: string }[];

/** What PyTorch printed for one of the chapter's prose programs, and its code. */
function ran(name: string): { code: string; printed: string } {
  const entry = recorded.find((e) => e.id === `kl-div-and-bce/${name}`);
  expect(entry?.printed, `${name} has not run in PyTorch`).toBeTypeOf('string');
  return { code: entry?.code ?? '', printed: entry?.printed ?? '' };
}

describe('kl-div-and-bce: prose facts checked in PyTorch 1.13', () => {
  it('log_target=True turns a zero target into nan; the default gives a number', () => {
    expect(ran('log-target-zero').printed).toBe('tensor(False)\ntensor(True)');
    expect(source).toMatch(/log_target=True[\s\S]{0,400}`nan`/);
  });

  it('the reduction="mean" warning is shown once for three calls, with the text the chapter shows', () => {
    const [count, message] = ran('mean-warning-once').printed.split('\n');
    expect(count).toBe('1');
    expect(source).toMatch(/only once per\s+process/);
    // The chapter shows the one line verbatim, wrapped by CSS rather than broken.
    const block = /<code>\{`UserWarning: ([^`]*)`\}<\/code>/.exec(source)?.[1];
    expect(block).toBe(message);
  });

  it('BCEWithLogitsLoss takes a target of 2 and, at logit 0.5, returns a negative loss', () => {
    expect(ran('bce-with-logits-index-target').printed).toBe('tensor(True)');
    expect(ran('bce-with-logits-index-target').code).toContain('torch.tensor([0.5])');
    expect(source).toMatch(/target of \$2\$ and a logit of \$0\.5\$/);
  });

  it('one output unit with CrossEntropyLoss: loss and gradient exactly zero', () => {
    expect(ran('one-output-cross-entropy').printed).toBe('0.0 0.0');
  });

  it('the distillation listing is the program PyTorch ran: the teacher gets no gradient', () => {
    const { code, printed } = ran('distillation');
    expect(printed).toBe('True True');
    const listing = /```python\n([\s\S]*?)\n```/.exec(source)?.[1] ?? '';
    const definition = listing.slice(0, listing.indexOf('\n\n'));
    expect(definition).toMatch(/^def kd_loss/);
    expect(code).toContain(definition);
    expect(listing).toContain('with torch.no_grad():\n    teacher_logits = teacher(inputs)');
    expect(code).toContain('with torch.no_grad():\n    teacher_logits = teacher(inputs)');
  });
});
