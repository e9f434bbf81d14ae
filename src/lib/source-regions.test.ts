import { describe, expect, it } from 'vitest';
import { extractRegion } from './source-regions';

const source = [
  'const a = 1;',
  '// #region outer',
  'function f() {',
  '  // #region inner',
  '  return 2;',
  '  // #endregion inner',
  '}',
  '// #endregion outer',
  '  // #region indented',
  '  const b = 3;',
  '  // #endregion',
].join('\n');

describe('extractRegion', () => {
  it('cuts a region, drops nested markers and reports its lines', () => {
    expect(extractRegion(source, 'outer', 'x.ts')).toEqual({
      code: 'function f() {\n  return 2;\n}',
      firstLine: 3,
      lastLine: 7,
    });
  });

  it('dedents a region and accepts an anonymous #endregion', () => {
    expect(extractRegion(source, 'indented', 'x.ts').code).toBe('const b = 3;');
    expect(extractRegion(source, 'inner', 'x.ts').code).toBe('return 2;');
  });

  it('names the file and region when one is missing or unclosed', () => {
    expect(() => extractRegion(source, 'nope', 'src/loss/x.ts')).toThrow(
      'Source region "nope" not found in src/loss/x.ts',
    );
    expect(() => extractRegion('// #region open\nx', 'open', 'y.ts')).toThrow(
      'Source region "open" in y.ts has no // #endregion',
    );
  });
});
