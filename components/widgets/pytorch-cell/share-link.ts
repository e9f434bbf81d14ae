// A PyTorch cell's program in a link: `#cell/<id>?code=<base64url of its UTF-8>`, the scheme every
// cell uses (components/widgets/shared/state-link.ts), with a limit of its own since a program
// is longer than a widget's few numbers. A link is untrusted: it is read strictly and in full, and
// any problem becomes a sentence for the cell to show while it keeps its own program.
import { stateFragment } from '../shared/state-link';
import { linkedCellId } from '../shared/url-state';
import { kilobytes } from './highlight';

/** The longest program a link carries, in bytes of UTF-8 (a few screens of code). */
export const PROGRAM_LINK_LIMIT = 8192;

/** The longest fragment read: the id, the key, and the limit's base64 (4 characters per 3 bytes). */
const FRAGMENT_LIMIT =
  '#cell/'.length + 48 + '?code='.length + Math.ceil(PROGRAM_LINK_LIMIT / 3) * 4;

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** A program as a link writes it: base64url (RFC 4648 §5) of its UTF-8, without padding. */
export function encodeProgram(code: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(code)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** What a link's text decodes to: the program, or why it cannot be one. */
export type DecodedProgram =
  { readonly ok: true; readonly code: string } | { readonly ok: false; readonly message: string };

/** Read a link's `code` value back into a program, refusing anything malformed or over the limit. */
export function decodeProgram(text: string): DecodedProgram {
  // Padding is optional in base64url; a link copied from elsewhere may still carry it.
  const bare = text.replace(/={1,2}$/, '');
  if (!BASE64URL.test(bare)) {
    return { ok: false, message: 'its program is not base64url text' };
  }
  // Four characters carry three bytes; a lone leftover character carries none, so it is a cut link.
  if (bare.length % 4 === 1) return { ok: false, message: 'its program is cut short' };
  const bytes = Math.floor((bare.length * 3) / 4);
  if (bytes > PROGRAM_LINK_LIMIT) {
    return {
      ok: false,
      message: `its program is ${kilobytes(bytes)}, over the ${kilobytes(PROGRAM_LINK_LIMIT)} a link carries`,
    };
  }
  const binary = atob(bare.replace(/-/g, '+').replace(/_/g, '/'));
  const data = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  try {
    return { ok: true, code: new TextDecoder('utf-8', { fatal: true }).decode(data) };
  } catch {
    return { ok: false, message: 'its program is not UTF-8 text' };
  }
}

/** The fragment (with its `#`) that links to the cell `cellId` showing `code`. */
export function programFragment(cellId: string, code: string): string {
  return stateFragment(cellId, { code: encodeProgram(code) });
}

/** A fragment read for one cell: null when it links elsewhere, else its program or the problem. */
export type LinkedProgram = { readonly code: string } | { readonly error: string } | null;

/** Read a page's fragment for the cell `cellId`. */
export function readProgramLink(hash: string, cellId: string): LinkedProgram {
  if (linkedCellId(hash) !== cellId) return null;
  if (hash.length > FRAGMENT_LIMIT) {
    // The program's size, as the link's base64 (4 characters per 3 bytes) gives it.
    const bytes = Math.floor(((hash.length - `#cell/${cellId}?code=`.length) * 3) / 4);
    return {
      error: `its program is about ${kilobytes(bytes)}, over the ${kilobytes(PROGRAM_LINK_LIMIT)} a link carries`,
    };
  }
  const query = hash.slice(`#cell/${cellId}?`.length);
  if (query === '') return { error: 'it holds no program' };
  const pairs = query.split('&');
  const eq = pairs[0]?.indexOf('=') ?? -1;
  const key = eq < 0 ? pairs[0] : pairs[0]?.slice(0, eq);
  if (pairs.length > 1 || key !== 'code') {
    const other = pairs.map((p) => p.split('=')[0] ?? '').find((k) => k !== 'code') ?? 'code';
    return {
      error:
        other === 'code'
          ? 'it gives “code” twice'
          : `it has “${other.slice(0, 40)}”, which this cell does not know`,
    };
  }
  let value: string;
  try {
    value = decodeURIComponent(pairs[0]?.slice(eq + 1) ?? '');
  } catch {
    return { error: 'its program has a broken %-escape' };
  }
  const decoded = decodeProgram(value);
  return decoded.ok ? { code: decoded.code } : { error: decoded.message };
}
