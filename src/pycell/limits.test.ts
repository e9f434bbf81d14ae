import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { runSource, type RunResult } from './evaluate';
import { MAX_SOURCE_LENGTH } from './limits';
import { runProgram } from './run';
import { PyException } from './values';

const noTorch = {
  torch: () => {
    throw new PyException('ModuleNotFoundError', "No module named 'torch'");
  },
};

/** Runs without torch and reports how long the run took. */
function timed(source: string): RunResult & { ms: number } {
  const start = performance.now();
  const result = runSource(source, noTorch);
  return { ...result, ms: performance.now() - start };
}

describe('hostile programs get a message naming the limit, quickly', () => {
  it('refuses source longer than 100 KB before reading it', () => {
    const result = timed(`x = 1\n${'#'.repeat(MAX_SOURCE_LENGTH)}`);
    expect(result.error).toMatch(
      /^RuntimeError: the program is 100006 characters long; a cell runs at most 100000/u,
    );
    expect(result.ms).toBeLessThan(50);
  });

  it('runs 100 KB of ordinary statements fast', () => {
    const line = 'x = x + 1.5 * 2\n';
    const source = `x = 0\n${line.repeat(Math.floor((MAX_SOURCE_LENGTH - 10) / line.length))}print(x)`;
    expect(source.length).toBeLessThanOrEqual(MAX_SOURCE_LENGTH);
    const result = timed(source);
    expect(result).toMatchObject({ stdout: '18747.0\n', error: null });
    expect(result.ms).toBeLessThan(1000);
  });

  it('refuses a loop that would run a billion times, within a second', () => {
    const result = timed('total = 0\nfor i in range(10**9):\n    total += i\nprint(total)');
    expect(result.error).toBe(
      'RuntimeError: the program ran more than 5,000,000 operations (a limit of this cell)',
    );
    expect(result.stdout).toBe('');
    expect(result.ms).toBeLessThan(3000);
  });

  it('refuses huge sequences before building them', () => {
    expect(timed('x = [0] * 10**8').error).toBe(
      'RuntimeError: a sequence of 100000000 items; a cell builds at most 1000000 (a limit of this cell)',
    );
    expect(timed("s = 'ab' * 10**9").error).toMatch(
      /^RuntimeError: a sequence of 2000000000 items/u,
    );
    expect(timed('x = list(range(10**8))').error).toMatch(
      /^RuntimeError: a sequence of 100000000 items/u,
    );
  });

  it('refuses printing more than a million characters, keeping what was printed', () => {
    const result = timed("for i in range(100000):\n    print('x' * 20)");
    expect(result.error).toBe(
      'RuntimeError: the program printed more than 1,000,000 characters (a limit of this cell)',
    );
    expect(result.stdout.length).toBeLessThanOrEqual(1_000_000);
    expect(result.stdout.startsWith('xxxxxxxxxxxxxxxxxxxx\n')).toBe(true);
  });

  it.each([
    [
      '1000 nested parentheses',
      `x = ${'('.repeat(1000)}1${')'.repeat(1000)}`,
      /too many nested brackets \(more than 100\) \(line 1\)$/u,
    ],
    [
      '1000 nested lists',
      `x = ${'['.repeat(1000)}${']'.repeat(1000)}`,
      /too many nested brackets/u,
    ],
    [
      'a power tower',
      `x = 2${' ** 1'.repeat(10_000)}`,
      /expression nested more than 200 levels deep/u,
    ],
    [
      'an attribute chain',
      `x = y${'.a'.repeat(5000)}`,
      /expression nested more than 200 levels deep/u,
    ],
    ['a call chain', `x = f${'()'.repeat(5000)}`, /expression nested more than 200 levels deep/u],
    [
      '150 nested blocks',
      Array.from({ length: 150 }, (_, depth) => `${' '.repeat(depth)}if True:`).join('\n') +
        `\n${' '.repeat(150)}pass`,
      /too many levels of indentation \(more than 100\)/u,
    ],
  ])('refuses %s without exhausting the stack', (_name, source, message) => {
    const result = timed(source);
    expect(result.error).toMatch(message);
    expect(result.ms).toBeLessThan(1000);
  });

  it.each([
    ['50000 unary minuses', `x = ${'-'.repeat(50_000)}1\nprint(x)`, '1\n'],
    ['10000 nots', `x = ${'not '.repeat(10_000)}1\nprint(x)`, 'True\n'],
    ['a sum of 20000 terms', `x = 1${' + 1'.repeat(20_000)}\nprint(x)`, '20001\n'],
  ])('reads %s in loops: only real nesting counts toward the depth limit', (_name, source, out) => {
    const result = timed(source);
    expect(result).toMatchObject({ stdout: out, error: null });
    expect(result.ms).toBeLessThan(1000);
  });

  it('runs flat chains, real nesting, long lines and 400,000-item lists CPython runs, on a fifth of the default JS stack', () => {
    // The interpreter bundled as the worker ships it, in a Node whose stack is 200 KB (984 KB by
    // default): the printed values are CPython 3.11's for the same lines.
    const dir = mkdtempSync(join(tmpdir(), 'pycell-stack-'));
    const bundle = join(dir, 'pycell.mjs');
    buildSync({
      entryPoints: [fileURLToPath(new URL('./index.ts', import.meta.url))],
      bundle: true,
      format: 'esm',
      platform: 'node',
      outfile: bundle,
      logLevel: 'silent',
    });
    const programs = [
      `x = 1${' + 1'.repeat(309)}\nprint(x)`,
      `x = ${'- '.repeat(450)}1\nprint(x)`,
      `print(${'not '.repeat(451)}0)`,
      `a = 2\nprint(a${' * a - a'.repeat(300)})`,
      `print(${'('.repeat(99)}1${' + 1)'.repeat(99)})`,
      `print(${'(1 + '.repeat(99)}1${')'.repeat(99)})`,
      `print(${'-('.repeat(99)}1${')'.repeat(99)})`,
      // Long lists are copied item by item: a spread into push() overflows a stack this small.
      'l = []\nl.extend(list(range(400000)))\nprint(len(l), l[-1])',
      'm = [0]\nm += list(range(400000))\nprint(len(m), m[-1])',
      'n = list(range(400000)) * 1\nprint(len(n), n[-1])',
      'print(len(list(zip(range(400000), list(range(400000))))))',
      // Long lines of statements and f-strings of many fields are parsed the same way.
      `${'x=1;'.repeat(24_000)}\nprint(x)`,
      `x = 1\nprint(len(f"${'{x}'.repeat(30_000)}"))`,
    ];
    // The programs go in a file: the long ones are beyond the size of one command-line argument.
    const script = join(dir, 'run.mjs');
    writeFileSync(
      script,
      `import { runProgram } from ${JSON.stringify(pathToFileURL(bundle).href)};
for (const code of ${JSON.stringify(programs)}) { const r = runProgram(code); process.stdout.write(r.stdout + (r.error ?? '')); }`,
    );
    const child = spawnSync(process.execPath, ['--stack-size=200', script], { encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    expect(child.stderr).toBe('');
    expect(child.stdout).toBe(
      '310\n1\nTrue\n-1194\n100\n100\n-1\n' +
        '400000 399999\n400001 399999\n400000 399999\n400000\n1\n30000\n',
    );
  });

  it('extends a list by 400,000 items, and by itself once, as CPython does', () => {
    expect(
      timed(
        'l = []\nl.extend(list(range(400000)))\nm = [0]\nm += list(range(400000))\nn = list(range(400000)) * 1\nprint(len(l), len(m), len(n), l[-1] + m[-1] + n[-1])',
      ),
    ).toMatchObject({ stdout: '400000 400001 400000 1199997\n', error: null });
    expect(timed('l = [1, 2]\nl.extend(l)\nm = [3]\nm += m\nprint(l, m)').stdout).toBe(
      '[1, 2, 1, 2] [3, 3]\n',
    );
  });

  it('refuses to print a list nested a hundred thousand deep as Python does', () => {
    const result = timed('a = []\nfor i in range(100000):\n    a = [a]\nprint(a)');
    expect(result.error).toBe(
      'RecursionError: maximum recursion depth exceeded while getting the repr of an object',
    );
  });

  it('prints a list that contains itself as Python does', () => {
    expect(timed('a = [1]\na.append(a)\nprint(a)').stdout).toBe('[1, [...]]\n');
  });

  it('refuses an int beyond the exact range instead of printing a rounded one', () => {
    expect(timed('print(2 ** 52 + (2 ** 52 - 1))').stdout).toBe('9007199254740991\n');
    expect(timed('print(2 ** 64)').error).toBe(
      'OverflowError: int result too large for this cell, which computes ints exactly only up to 2**53 - 1 = 9007199254740991',
    );
    expect(timed('print(99999999999999999999)').error).toMatch(
      /^OverflowError: the integer 99999999999999999999 is too large/u,
    );
  });

  it('refuses a tensor of more than a million elements and a tensor op loop beyond the budget', () => {
    expect(runProgram('import torch\nx = torch.zeros(10**7)').error).toMatch(/1,?000,?000/u);
    const start = performance.now();
    const looped = runProgram(
      'import torch\nx = torch.ones(100000)\nfor i in range(1000):\n    x = x * 1.0\nprint(x.sum())',
    );
    expect(looped.error).toMatch(/operations \(a limit of this cell\)$/u);
    expect(performance.now() - start).toBeLessThan(3000);
  });
});

describe('constructs the cell does not run are named with their line, before anything runs', () => {
  it.each([
    [
      'def f(x):\n    return x',
      "SyntaxError: 'def' (defining functions) is not supported in this cell (line 1)",
    ],
    ['print(1)\nf = lambda x: x', "SyntaxError: 'lambda' is not supported in this cell (line 2)"],
    ['class A:\n    pass', "SyntaxError: 'class' is not supported in this cell (line 1)"],
    [
      'x = 0\nwhile x < 3:\n    x += 1',
      "SyntaxError: a 'while' loop is not supported in this cell (line 2)",
    ],
    [
      'try:\n    x = 1\nexcept Exception:\n    pass',
      "SyntaxError: 'try' is not supported in this cell (line 1)",
    ],
    [
      'print(1)\n\nsquares = [i * i for i in range(3)]',
      'SyntaxError: a list comprehension is not supported in this cell (line 3)',
    ],
    [
      'total = sum(i for i in range(3))',
      'SyntaxError: a generator expression is not supported in this cell (line 1)',
    ],
    ["d = {'a': 1}", 'SyntaxError: a dict or set ({…}) is not supported in this cell (line 1)'],
    [
      'import numpy as np',
      "SyntaxError: importing 'numpy' (a cell imports torch, torch.nn, torch.nn.functional, torch.optim and math) is not supported in this cell (line 1)",
    ],
    [
      'import torch\nimport warnings',
      "SyntaxError: importing 'warnings' (a cell imports torch, torch.nn, torch.nn.functional, torch.optim and math) is not supported in this cell (line 2)",
    ],
    ['global x', "SyntaxError: 'global' is not supported in this cell (line 1)"],
    ['x = 1\ndel x', "SyntaxError: 'del' is not supported in this cell (line 2)"],
    [
      '@decorator\ndef f(): pass',
      'SyntaxError: a decorator (@) is not supported in this cell (line 1)',
    ],
    [
      'args = [1]\nprint(*args)',
      'SyntaxError: star arguments (*args, **kwargs) is not supported in this cell (line 2)',
    ],
    [
      'a, *rest = [1, 2, 3]',
      'SyntaxError: unpacking with * is not supported in this cell (line 1)',
    ],
    [
      'if (n := 3) > 2:\n    pass',
      'SyntaxError: the walrus operator (:=) is not supported in this cell (line 1)',
    ],
    ['raise ValueError("x")', "SyntaxError: 'raise' is not supported in this cell (line 1)"],
    [
      'x: int = 3',
      'SyntaxError: a variable annotation (name: type) is not supported in this cell (line 1)',
    ],
    ['z = 1 + 2j', 'SyntaxError: a complex number is not supported in this cell (line 1)'],
    ["b = b'bytes'", 'SyntaxError: a bytes literal is not supported in this cell (line 1)'],
  ])('%j', (source, error) => {
    const line = Number(/\(line (\d+)\)$/u.exec(error)?.[1]) + 1;
    expect(runSource(`print('ran')\n${source}`, noTorch)).toEqual({
      stdout: '',
      error: error.replace(/\(line (\d+)\)$/u, `(line ${line})`),
      line,
    });
  });

  it('names a Python builtin the cell lacks rather than calling it undefined', () => {
    expect(runSource('x = dict(a=1)', noTorch).error).toBe(
      "SyntaxError: 'dict' is not supported in this cell (line 1)",
    );
    expect(runSource("open('f.txt')", noTorch).error).toBe(
      "SyntaxError: 'open' (files) is not supported in this cell (line 1)",
    );
  });
});

describe('syntax errors say what CPython 3.11 says, with the line', () => {
  it.each([
    ['x = (1,\ny = 2', "SyntaxError: '(' was never closed (line 1)"],
    ['x = = 1', 'SyntaxError: invalid syntax (line 1)'],
    ['if True\n    pass', "SyntaxError: expected ':' (line 1)"],
    [
      'for i in range(3):\nprint(i)',
      "IndentationError: expected an indented block after 'for' statement on line 1 (line 2)",
    ],
    ['x = 1\n    y = 2', 'IndentationError: unexpected indent (line 2)'],
    [
      'if True:\n        x = 1\n    y = 2',
      'IndentationError: unindent does not match any outer indentation level (line 3)',
    ],
    ["print('unclosed)", 'SyntaxError: unterminated string literal (detected at line 1) (line 1)'],
    ['x = 1)', "SyntaxError: unmatched ')' (line 1)"],
    [
      'x = [1, 2)',
      "SyntaxError: closing parenthesis ')' does not match opening parenthesis '[' (line 1)",
    ],
    ['print(f"{}")', 'SyntaxError: f-string: empty expression not allowed (line 1)'],
    ['x = 1 +', 'SyntaxError: invalid syntax (line 1)'],
    [
      'f(x) = 1',
      "SyntaxError: cannot assign to function call here. Maybe you meant '==' instead of '='? (line 1)",
    ],
    [
      'x = 012',
      'SyntaxError: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers (line 1)',
    ],
    ['x = 1 $ 2', 'SyntaxError: invalid syntax (line 1)'],
    ['x = 1 € 2', "SyntaxError: invalid character '€' (U+20AC) (line 1)"],
  ])('%j', (source, located) => {
    // Each row is CPython's last traceback line, then the line the cell reports beside it.
    const [, error, line] = /^(.*) \(line (\d+)\)$/su.exec(located) ?? [];
    expect(runSource(source, noTorch)).toEqual({ stdout: '', error, line: Number(line) });
  });
});
