import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyContentSecurityPolicy,
  ContentSecurityPolicyError,
  contentSecurityPolicy,
  secureHtml,
} from './csp';

/** What the browser compares with: SHA-256 of the UTF-8 bytes of the text, in base64. */
const expected = (text: string): string =>
  `sha256-${createHash('sha256').update(Buffer.from(text, 'utf8')).digest('base64')}`;

const page = (head: string, body = ''): string =>
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title>${head}</head><body>${body}</body></html>`;

/** The policy's script-src sources, as written in the page's <meta>. */
function scriptSources(html: string): string[] {
  const content = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
  if (content === undefined) throw new Error(`no policy in ${html}`);
  const directive = content.split('; ').find((d) => d.startsWith('script-src '));
  return directive?.split(' ').slice(1) ?? [];
}

describe('secureHtml', () => {
  it('hashes the exact text of each inline script, unicode and surrounding whitespace included', () => {
    const scripts = [
      '\n  console.log("H(p, q) = −Σ p log q ✓ 交叉熵");\n',
      ' const a = 1 ;\t',
      'document.title = "🙂 &amp; stays as written"',
    ];
    const { html, hashes } = secureHtml(
      page(scripts.map((s) => `<script>${s}</script>`).join('')),
      'x.html',
    );
    expect(hashes).toEqual(scripts.map(expected));
    expect(scriptSources(html)).toEqual([
      "'self'",
      "'wasm-unsafe-eval'",
      ...scripts.map((s) => `'${expected(s)}'`),
    ]);
  });

  it('hashes line breaks as the browser reads them: CR LF and a lone CR become LF', () => {
    const { hashes } = secureHtml(page('<script>a();\r\nb();\rc();</script>'), 'x.html');
    expect(hashes).toEqual([expected('a();\nb();\nc();')]);
  });

  it('hashes an empty inline script too (the browser checks it)', () => {
    expect(secureHtml(page('<script></script>'), 'x.html').hashes).toEqual([expected('')]);
  });

  it('hashes module scripts, import maps and speculation rules, but not data blocks', () => {
    const { hashes } = secureHtml(
      page(
        [
          '<script type="module">import "./a.js";</script>',
          '<script type="importmap">{"imports":{}}</script>',
          '<script type="speculationrules">{"prerender":[]}</script>',
          '<script type=" Text/JavaScript ">classic()</script>',
          '<script type="application/json">{"not":"run"}</script>',
          '<script type="application/ld+json">{"@context":"x"}</script>',
          '<script type="text/template"><p>later</p></script>',
          '<script type="text/javascript; charset=utf-8">notRunEither()</script>',
          '<script language="vbscript">MsgBox 1</script>',
        ].join(''),
      ),
      'x.html',
    );
    expect(hashes).toEqual(
      ['import "./a.js";', '{"imports":{}}', '{"prerender":[]}', 'classic()'].map(expected),
    );
  });

  it('leaves scripts with a src to script-src ’self’', () => {
    const { html, hashes } = secureHtml(
      page('<script type="module" src="/_astro/a.js"></script>'),
      'x.html',
    );
    expect(hashes).toEqual([]);
    expect(scriptSources(html)).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  });

  it('lists a script repeated on a page once', () => {
    const { html } = secureHtml(page('<script>x()</script>', '<script>x()</script>'), 'x.html');
    expect(scriptSources(html)).toEqual(["'self'", "'wasm-unsafe-eval'", `'${expected('x()')}'`]);
  });

  it('puts the policy right after <meta charset>, before every script, and changes nothing else', () => {
    const original = page('<script>early()</script>', '<p>text</p><script>late()</script>');
    const { html } = secureHtml(original, 'x.html');
    const meta =
      /<meta http-equiv="Content-Security-Policy" content="[^"]*">/.exec(html)?.[0] ?? '';
    expect(html.indexOf('<meta charset="utf-8">' + meta)).toBeGreaterThan(0);
    expect(html.indexOf(meta)).toBeLessThan(html.indexOf('<script'));
    expect(html.replace(meta, '')).toBe(original);
  });

  it('puts the policy first in <head> when a script comes before <meta charset>', () => {
    const original =
      '<!doctype html><html><head>\r\n<script>first()</script><meta charset="utf-8"></head><body></body></html>';
    const { html } = secureHtml(original, 'x.html');
    expect(html).toMatch(
      /^<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="[^"]*">\r\n<script>/,
    );
  });

  it('writes the whole policy, without unsafe-inline or unsafe-eval for scripts', () => {
    expect(contentSecurityPolicy(['sha256-abc='])).toBe(
      "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-abc='; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'",
    );
  });

  it('refuses an inline event handler, naming the file, line, element and the fix', () => {
    const html =
      '<!doctype html><html><head><meta charset="utf-8"></head><body>\n\n  <button onclick="go()">Go</button></body></html>';
    expect(() => secureHtml(html, 'dist/a/index.html')).toThrow(ContentSecurityPolicyError);
    expect(() => secureHtml(html, 'dist/a/index.html')).toThrow(
      /dist\/a\/index\.html:3:3: <button onclick="…"> is an inline event handler.*addEventListener/,
    );
  });

  it('refuses handlers on any element, SVG included, and reports every one', () => {
    const html = page(
      '<link rel="stylesheet" href="/a.css" media="print" onload="this.media=\'all\'">',
      '<svg onload="x()"></svg><img src="a.png" onerror="y()" alt="">',
    );
    let message = '';
    try {
      secureHtml(html, 'x.html');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(
      message.split('\n').map((line) => /<(\w+) (\w+)=/.exec(line)?.slice(1).join(' ')),
    ).toEqual(['link onload', 'svg onload', 'img onerror']);
  });

  it('refuses javascript: URLs, however the browser would still read them', () => {
    for (const href of ['javascript:void(0)', ' JavaScript:go()', 'java\tscript:go()']) {
      expect(() => secureHtml(page('', `<a href="${href}">x</a>`), 'x.html'), href).toThrow(
        /<a> has a javascript: URL/,
      );
    }
    expect(() =>
      secureHtml(page('', '<form action="javascript:send()"></form>'), 'x.html'),
    ).toThrow(/<form> has a javascript: URL/);
    // Only URLs count: the word in text or in another attribute is harmless.
    expect(() =>
      secureHtml(page('', '<p title="javascript: a language">javascript:</p>'), 'x.html'),
    ).not.toThrow();
  });

  it('refuses a page that already has a policy, since both would apply', () => {
    const html = page('<meta http-equiv="content-security-policy" content="script-src \'self\'">');
    expect(() => secureHtml(html, 'x.html')).toThrow(/already has a Content-Security-Policy/);
  });
});

describe('applyContentSecurityPolicy', () => {
  let root = '';
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('gives every page below the root its policy and logs what it did', async () => {
    root = mkdtempSync(join(tmpdir(), 'csp-'));
    mkdirSync(join(root, 'a', 'b'), { recursive: true });
    writeFileSync(join(root, 'index.html'), page('<script>one()</script>'));
    writeFileSync(join(root, 'a', 'b', 'index.html'), page('', '<script>two()</script>'));
    writeFileSync(join(root, 'a', 'data.json'), '{}');
    const logged: string[] = [];
    await applyContentSecurityPolicy({ root, base: '/', log: (m) => logged.push(m) });
    expect(scriptSources(readFileSync(join(root, 'index.html'), 'utf8'))).toContain(
      `'${expected('one()')}'`,
    );
    expect(scriptSources(readFileSync(join(root, 'a', 'b', 'index.html'), 'utf8'))).toContain(
      `'${expected('two()')}'`,
    );
    expect(readFileSync(join(root, 'a', 'data.json'), 'utf8')).toBe('{}');
    expect(logged).toEqual([
      'Content-Security-Policy on 2 page(s), 2 distinct inline script(s) hashed',
    ]);
  });

  it('fails the build listing every page the policy would break', async () => {
    root = mkdtempSync(join(tmpdir(), 'csp-'));
    mkdirSync(join(root, 'a'));
    writeFileSync(join(root, 'index.html'), page('', '<button onclick="go()">Go</button>'));
    writeFileSync(join(root, 'a', 'index.html'), page('', '<a href="javascript:go()">Go</a>'));
    await expect(
      applyContentSecurityPolicy({ root, base: '/', log: () => undefined }),
    ).rejects.toThrow(
      /would break 2 page\(s\):\n.*a\/index\.html:1:\d+: <a> has a javascript: URL.*\n.*index\.html:1:\d+: <button onclick/,
    );
  });
});
