// When `/` opens search: a key press and the element it went to, described as plain data, so the
// rule is unit-tested (search-shortcut.test.ts) and search-opener.ts only reads the DOM.

/** What matters of a key press. */
export interface KeyPress {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly defaultPrevented: boolean;
  readonly isComposing: boolean;
}

/** An element the key went to, or one of its ancestors. */
export interface ElementFacts {
  readonly localName: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** Elements where `/` is a character to type. */
const FIELDS = new Set(['input', 'textarea', 'select']);

/**
 * Whether `/` typed in the element (given with its ancestors, nearest first) is text: a field, a
 * text box, a CodeMirror editor, or editable content (the nearest `contenteditable` decides).
 */
export function isTypingPlace(chain: readonly ElementFacts[]): boolean {
  const editable = chain.find((element) => 'contenteditable' in element.attributes);
  if (editable !== undefined && editable.attributes['contenteditable']?.toLowerCase() !== 'false') {
    return true;
  }
  return chain.some(
    ({ localName, attributes }) =>
      FIELDS.has(localName.toLowerCase()) ||
      attributes['role'] === 'textbox' ||
      (attributes['class'] ?? '').split(/\s+/).includes('cm-editor'),
  );
}

/** Whether a `/` key press should open search rather than type or do something else. */
export function isSearchShortcut(press: KeyPress, chain: readonly ElementFacts[]): boolean {
  if (press.key !== '/' || press.ctrlKey || press.metaKey || press.altKey) return false;
  if (press.defaultPrevented || press.isComposing) return false;
  return !isTypingPlace(chain);
}
