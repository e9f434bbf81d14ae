import { describe, expect, it } from 'vitest';
import { normalizeBase, withBase } from './paths';

describe('normalizeBase', () => {
  it('treats unset, empty and "/" as the root', () => {
    expect(normalizeBase(undefined)).toBe('/');
    expect(normalizeBase('')).toBe('/');
    expect(normalizeBase('/')).toBe('/');
  });

  it('adds the slashes a sub-path needs', () => {
    expect(normalizeBase('notebook')).toBe('/notebook/');
    expect(normalizeBase('/notebook')).toBe('/notebook/');
    expect(normalizeBase('//a/b//')).toBe('/a/b/');
  });
});

describe('withBase', () => {
  it('prefixes root-relative paths once', () => {
    expect(withBase('/entropy-and-kl/', '/notebook/')).toBe('/notebook/entropy-and-kl/');
    expect(withBase('/notebook/entropy-and-kl/', '/notebook/')).toBe('/notebook/entropy-and-kl/');
    expect(withBase('/', '/notebook/')).toBe('/notebook/');
    expect(withBase('/entropy-and-kl/', '/')).toBe('/entropy-and-kl/');
  });

  it('leaves relative paths and fragments alone', () => {
    expect(withBase('#top', '/notebook/')).toBe('#top');
    expect(withBase('figure.png', '/notebook/')).toBe('figure.png');
  });
});
