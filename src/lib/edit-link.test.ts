import { describe, expect, it } from 'vitest';
import { editBaseUrl, editUrl } from './edit-link';

describe('editBaseUrl', () => {
  it('is undefined when unset or blank, so the link is hidden', () => {
    expect(editBaseUrl(undefined)).toBeUndefined();
    expect(editBaseUrl('  ')).toBeUndefined();
  });

  it('accepts an http(s) URL ending with a slash', () => {
    expect(editBaseUrl('https://github.com/o/r/edit/main/')).toBe(
      'https://github.com/o/r/edit/main/',
    );
    expect(editBaseUrl(' http://git.example.org/edit/ ')).toBe('http://git.example.org/edit/');
  });

  it.each([
    ['https://github.com/o/r/edit/main', 'Fix: add the slash: https://github.com/o/r/edit/main/'],
    ['ftp://example.org/edit/', 'Fix: use an http:// or https:// address'],
    [
      'github.com/o/r/edit/main/',
      'Fix: set it to e.g. https://github.com/<owner>/<repo>/edit/main/',
    ],
  ])('rejects %j, saying how to fix it', (value, fix) => {
    expect(() => editBaseUrl(value)).toThrow(
      `EDIT_BASE_URL must be an http(s) URL ending with "/", got "${value}". ${fix}`,
    );
  });
});

describe('editUrl', () => {
  it('joins the base and the chapter’s path in the repository', () => {
    const base = 'https://github.com/o/r/edit/main/';
    expect(editUrl(base, 'content/en/entropy-and-kl.mdx')).toBe(
      'https://github.com/o/r/edit/main/content/en/entropy-and-kl.mdx',
    );
    expect(editUrl(base, './content\\zh\\a b.mdx')).toBe(
      'https://github.com/o/r/edit/main/content/zh/a%20b.mdx',
    );
  });
});
