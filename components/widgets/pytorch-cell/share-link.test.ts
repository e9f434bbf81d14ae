import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type LinkedProgram,
  decodeProgram,
  encodeProgram,
  PROGRAM_LINK_LIMIT,
  programFragment,
  readProgramLink,
} from './share-link';

/** The problem a link was refused for (failing the test when it was not refused). */
function errorOf(read: LinkedProgram): string {
  if (read === null || !('error' in read))
    throw new Error(`expected a refusal, got ${JSON.stringify(read)}`);
  return read.error;
}

const PROGRAM = 'import torch\nx = torch.tensor([2.0, 1.0])\nprint(f"{x.sum():.4f}")  # é → ∑\n';

describe('program links', () => {
  it('write the program as base64url of its UTF-8 under the cell’s id', () => {
    const fragment = programFragment('pytorch-cell', PROGRAM);
    expect(fragment).toMatch(/^#cell\/pytorch-cell\?code=[A-Za-z0-9_-]+$/);
    // The same bytes Node's own base64url writes.
    expect(fragment.split('=')[1]).toBe(Buffer.from(PROGRAM, 'utf8').toString('base64url'));
    expect(readProgramLink(fragment, 'pytorch-cell')).toEqual({ code: PROGRAM });
  });

  it('round-trip any text up to the limit', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (code) => {
        expect(readProgramLink(programFragment('c', code), 'c')).toEqual({ code });
      }),
    );
  });

  it('belong to one cell: another cell’s link or a heading anchor is not read', () => {
    expect(readProgramLink(programFragment('other', PROGRAM), 'pytorch-cell')).toBeNull();
    expect(readProgramLink('#the-setting', 'pytorch-cell')).toBeNull();
  });

  it('accept the padding a copied base64 link may carry', () => {
    expect(decodeProgram(`${encodeProgram('ab')}=`)).toEqual({ ok: true, code: 'ab' });
  });

  it('carry programs up to 8 KB and refuse a longer one with its size', () => {
    const largest = 'x'.repeat(PROGRAM_LINK_LIMIT);
    expect(readProgramLink(programFragment('c', largest), 'c')).toEqual({ code: largest });
    expect(errorOf(readProgramLink(programFragment('c', `${largest}x`), 'c'))).toBe(
      'its program is 8.1 KB, over the 8 KB a link carries',
    );
    // 20,000 base64 characters carry 15,000 bytes.
    expect(errorOf(readProgramLink(`#cell/c?code=${'A'.repeat(20_000)}`, 'c'))).toBe(
      'its program is about 14.7 KB, over the 8 KB a link carries',
    );
  });

  it('explain each malformed link rather than load part of it', () => {
    const cases: [string, RegExp][] = [
      ['#cell/c', /holds no program/],
      ['#cell/c?', /holds no program/],
      ['#cell/c?code=a+b', /not base64url/],
      ['#cell/c?code=abcde', /cut short/],
      ['#cell/c?code=%E0%A4%A', /broken %-escape/],
      [`#cell/c?code=${Buffer.from([0xff, 0xfe]).toString('base64url')}`, /not UTF-8/],
      ['#cell/c?x=1', /“x”, which this cell does not know/],
      ['#cell/c?code=YQ&code=Yg', /“code” twice/],
      ['#cell/c?code=YQ&eval=1', /“eval”, which this cell does not know/],
    ];
    for (const [hash, message] of cases) {
      expect(errorOf(readProgramLink(hash, 'c')), hash).toMatch(message);
    }
  });

  it('never throw, whatever the fragment', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (tail) => {
        const read = readProgramLink(`#cell/c?${tail}`, 'c');
        expect(read === null || 'code' in read || typeof read.error === 'string').toBe(true);
      }),
    );
  });
});
