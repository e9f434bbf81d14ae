import { describe, expect, it } from 'vitest';
import { notebookLink } from './links';

describe('notebookLink', () => {
  it('is root-relative under the base without a site address, absolute with one', () => {
    expect(notebookLink('/entropy-and-kl/', '/', undefined)).toBe('/entropy-and-kl/');
    expect(notebookLink('/entropy-and-kl/', '/notebook/', '')).toBe('/notebook/entropy-and-kl/');
    expect(notebookLink('/entropy-and-kl/#eq-kl', '/notebook/', 'https://example.org')).toBe(
      'https://example.org/notebook/entropy-and-kl/#eq-kl',
    );
  });
});
