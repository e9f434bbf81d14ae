import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findChromium } from './browser';
import { fileForUrl } from './built-site';
import { moduleClosure } from './js-weight';
import { resolveRequest } from './static-server';

describe('findChromium', () => {
  it('prefers CHROME_PATH and rejects one that does not exist, with an install hint', () => {
    expect(() => findChromium({ CHROME_PATH: '/nowhere/chromium', PATH: '' })).toThrow(
      /CHROME_PATH points to \/nowhere\/chromium.*apt-get install -y chromium/,
    );
    expect(findChromium({ CHROME_PATH: process.execPath, PATH: '' })).toBe(process.execPath);
  });

  it('explains how to install Chromium when none is on PATH', () => {
    const emptyPath = mkdtempSync(join(tmpdir(), 'empty-path-'));
    expect(() => findChromium({ PATH: emptyPath })).toThrow(
      'No Chromium found. Install it (Debian/Ubuntu: `sudo apt-get install -y chromium`)',
    );
    rmSync(emptyPath, { recursive: true });
  });
});

describe('resolveRequest and fileForUrl', () => {
  const root = mkdtempSync(join(tmpdir(), 'site-'));
  mkdirSync(join(root, 'chapter'));
  writeFileSync(join(root, 'chapter', 'index.html'), '<p>x</p>');
  writeFileSync(join(root, 'style.css'), '');
  afterAll(() => rmSync(root, { recursive: true }));

  it('serve directories through index.html and only under the base', () => {
    expect(resolveRequest(root, '/nb/', '/nb/chapter/')).toBe(join(root, 'chapter', 'index.html'));
    expect(resolveRequest(root, '/nb/', '/nb/style.css')).toBe(join(root, 'style.css'));
    expect(resolveRequest(root, '/nb/', '/chapter/')).toBeUndefined();
    expect(resolveRequest(root, '/nb/', '/nb/../../etc/passwd')).toBeUndefined();
  });

  it('map URLs to built files the way a static host does', () => {
    const files = new Set(['chapter/index.html', 'style.css']);
    expect(fileForUrl(files, '/', '/chapter/')).toBe('chapter/index.html');
    expect(fileForUrl(files, '/', '/chapter')).toBe('chapter/index.html');
    expect(fileForUrl(files, '/nb/', '/style.css')).toBeUndefined();
    expect(fileForUrl(files, '/', '/missing/')).toBeUndefined();
  });
});

describe('moduleClosure', () => {
  it('follows static imports always and dynamic import() only when asked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'closure-'));
    writeFileSync(
      join(dir, 'a.js'),
      "import './b.js';\nexport const load = () => import('./c.js');\n",
    );
    writeFileSync(join(dir, 'b.js'), 'export const b = 1;\n');
    writeFileSync(join(dir, 'c.js'), "import './d.js';\n");
    writeFileSync(join(dir, 'd.js'), '');
    expect(moduleClosure(dir, ['a.js'], false)).toEqual(['a.js', 'b.js']);
    expect(moduleClosure(dir, ['a.js'])).toEqual(['a.js', 'b.js', 'c.js', 'd.js']);
    rmSync(dir, { recursive: true });
  });
});
