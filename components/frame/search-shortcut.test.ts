import { describe, expect, it } from 'vitest';
import {
  isSearchShortcut,
  isTypingPlace,
  type ElementFacts,
  type KeyPress,
} from './search-shortcut';

const SLASH: KeyPress = {
  key: '/',
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  defaultPrevented: false,
  isComposing: false,
};

/** An element as the opener describes it. */
const el = (localName: string, attributes: Record<string, string> = {}): ElementFacts => ({
  localName,
  attributes,
});
/** A chain from the focused element up to <html>, nearest first. */
const inPage = (...nearest: ElementFacts[]): ElementFacts[] => [
  ...nearest,
  el('main'),
  el('body'),
  el('html'),
];

describe('isSearchShortcut', () => {
  it('opens search for `/` on the page, a link or a button', () => {
    expect(isSearchShortcut(SLASH, [])).toBe(true);
    expect(isSearchShortcut(SLASH, inPage())).toBe(true);
    expect(isSearchShortcut(SLASH, inPage(el('a', { href: '/x/' })))).toBe(true);
    expect(isSearchShortcut(SLASH, inPage(el('button', { type: 'button' })))).toBe(true);
  });

  it('types `/` in fields: inputs, text areas, selects, text boxes and CodeMirror editors', () => {
    for (const chain of [
      inPage(el('input', { type: 'text' })),
      inPage(el('INPUT')),
      inPage(el('textarea')),
      inPage(el('option'), el('select')),
      inPage(el('div', { role: 'textbox' })),
      inPage(el('span'), el('div', { class: 'cm-line' }), el('div', { class: 'cm-editor ͼ1' })),
    ]) {
      expect(isTypingPlace(chain), chain[0]?.localName).toBe(true);
      expect(isSearchShortcut(SLASH, chain)).toBe(false);
    }
    // A class that merely contains the name is not the editor.
    expect(isSearchShortcut(SLASH, inPage(el('div', { class: 'not-cm-editor' })))).toBe(true);
  });

  it('types `/` in editable content, where the nearest contenteditable decides', () => {
    for (const value of ['', 'true', 'plaintext-only']) {
      expect(isSearchShortcut(SLASH, inPage(el('p', { contenteditable: value })))).toBe(false);
    }
    expect(isSearchShortcut(SLASH, inPage(el('b'), el('div', { contenteditable: '' })))).toBe(
      false,
    );
    expect(isSearchShortcut(SLASH, inPage(el('p', { contenteditable: 'false' })))).toBe(true);
    expect(
      isSearchShortcut(
        SLASH,
        inPage(el('span', { contenteditable: 'false' }), el('div', { contenteditable: 'true' })),
      ),
    ).toBe(true);
  });

  it('leaves `/` with Ctrl, Meta or Alt, other keys, handled presses and composition alone', () => {
    for (const press of [
      { ...SLASH, ctrlKey: true },
      { ...SLASH, metaKey: true },
      { ...SLASH, altKey: true },
      { ...SLASH, key: '?' },
      { ...SLASH, key: 'Divide' },
      { ...SLASH, defaultPrevented: true },
      { ...SLASH, isComposing: true },
    ]) {
      expect(isSearchShortcut(press, inPage()), JSON.stringify(press)).toBe(false);
    }
  });
});
