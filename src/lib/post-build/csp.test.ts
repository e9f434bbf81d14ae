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
  srcsetUrls,
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

  it('refuses resources from another origin, naming file, line, element, URL and the fix', () => {
    const html =
      '<!doctype html><html><head><meta charset="utf-8"></head><body>\n<p>x</p>\n  <img src="https://example.org/a.png" alt=""></body></html>';
    expect(() => secureHtml(html, 'dist/a/index.html')).toThrow(
      /^dist\/a\/index\.html:3:3: <img src="https:\/\/example\.org\/a\.png"> loads from outside the site, which the Content-Security-Policy blocks \(img-src 'self' data:\); ship the file with the site .*refer to it by its path\.$/,
    );
  });

  it('refuses every kind of resource the policy governs, once for each URL', () => {
    const html = page(
      [
        '<script src="https://cdn.example.org/lib.js"></script>',
        '<link rel="stylesheet" href="//cdn.example.org/a.css">',
        '<link rel="icon" href="https://example.org/favicon.png">',
        '<link rel="modulepreload" href="https://example.org/m.js">',
      ].join(''),
      [
        '<iframe src="https://www.youtube.com/embed/x"></iframe>',
        '<video src="https://example.org/v.mp4" poster="https://example.org/p.jpg"></video>',
        '<audio src="http://example.org/a.ogg"></audio>',
        '<video><source src="https://example.org/v.webm"><track src="https://example.org/t.vtt"></video>',
        '<picture><source srcset="/a.avif 1x, https://example.org/b.avif 2x"><img src="/c.png" alt=""></picture>',
        '<img srcset="/s.png 480w, https://example.org/l.png 960w" src="/s.png" alt="">',
        '<input type="image" src="https://example.org/go.png" alt="go">',
        '<svg><image href="https://example.org/i.png"></image></svg>',
        '<form action="https://example.org/send"><button formaction="https://example.org/b">b</button></form>',
      ].join(''),
    );
    let message = '';
    try {
      secureHtml(html, 'x.html');
    } catch (error) {
      message = (error as Error).message;
    }
    const reported = message.split('\n').map((line) => {
      const [, element = '', directive = ''] =
        /^x\.html:\d+:\d+: <([^>]*)> .* blocks \((.*?)\);/.exec(line) ?? [];
      return `${element} | ${directive}`;
    });
    expect(reported).toEqual([
      'script src="https://cdn.example.org/lib.js" | script-src \'self\'',
      'link href="//cdn.example.org/a.css" | style-src \'self\'',
      'link href="https://example.org/favicon.png" | img-src \'self\' data:',
      'link href="https://example.org/m.js" | script-src \'self\'',
      'iframe src="https://www.youtube.com/embed/x" | frame-src (default-src \'self\')',
      'video src="https://example.org/v.mp4" | media-src (default-src \'self\')',
      'video poster="https://example.org/p.jpg" | img-src \'self\' data:',
      'audio src="http://example.org/a.ogg" | media-src (default-src \'self\')',
      'source src="https://example.org/v.webm" | media-src (default-src \'self\')',
      'track src="https://example.org/t.vtt" | media-src (default-src \'self\')',
      'source srcset="https://example.org/b.avif" | img-src \'self\' data:',
      'img srcset="https://example.org/l.png" | img-src \'self\' data:',
      'input src="https://example.org/go.png" | img-src \'self\' data:',
      'image href="https://example.org/i.png" | img-src \'self\' data:',
      'form action="https://example.org/send" | form-action \'self\'',
      'button formaction="https://example.org/b" | form-action \'self\'',
    ]);
  });

  it('refuses plugins whatever their source, data: URLs outside images, and a <base> elsewhere', () => {
    for (const [body, expected] of [
      ['<object data="/doc.pdf"></object>', /<object data="…"> is a plugin.*object-src 'none'/],
      ['<embed src="/movie.swf">', /<embed src="…"> is a plugin/],
      [
        '<script src="data:text/javascript,go()"></script>',
        /<script src="data:text\/javascript,go\(\)">.*script-src/,
      ],
      [
        '<iframe src="data:text/html,<p>x</p>"></iframe>',
        /<iframe src="data:text\/html,<p>x<\/p>">/,
      ],
      [
        '<base href="https://example.org/">',
        /<base href="https:\/\/example\.org\/"> points outside the site.*base-uri 'self'/,
      ],
    ] as const) {
      expect(() => secureHtml(page('', body), 'x.html'), body).toThrow(expected);
    }
    // A long URL is shortened in the message.
    expect(() =>
      secureHtml(
        page('', `<script src="data:text/javascript,${'x'.repeat(500)}"></script>`),
        'x.html',
      ),
    ).toThrow(/<script src="data:text\/javascript,x{36}…">/);
  });

  it('lets through what the policy allows: the site’s own files, data: images, links and frames of nothing', () => {
    const html = page(
      [
        '<link rel="stylesheet" href="/_astro/a.css">',
        '<link rel="canonical" href="https://notebook.example.org/x/">',
        '<link rel="alternate" hreflang="zh" href="https://notebook.example.org/zh/x/">',
        '<link rel="preload" as="image" href="data:image/png;base64,AAAA">',
        '<script type="module" src="/_astro/page.js"></script>',
        '<meta property="og:image" content="https://example.org/card.png">',
      ].join(''),
      [
        '<a href="https://pytorch.org/docs/">PyTorch</a>',
        '<img src="data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E" alt="">',
        '<img srcset="data:image/png;base64,AA,BB 1x, ../b.png 2x" src="b.png" alt="">',
        '<img src=" /padded.png " alt="">',
        '<iframe src="about:blank"></iframe>',
        '<video src="/v.mp4" poster="/p.jpg"></video>',
        '<form action="/search/"><button formaction="./other/">go</button></form>',
        '<base href="/notebook/">',
        '<object></object>',
      ].join(''),
    );
    expect(() => secureHtml(html, 'x.html')).not.toThrow();
  });

  it('refuses a page that already has a policy, since both would apply', () => {
    const html = page('<meta http-equiv="content-security-policy" content="script-src \'self\'">');
    expect(() => secureHtml(html, 'x.html')).toThrow(/already has a Content-Security-Policy/);
  });
});

describe('srcsetUrls', () => {
  it('reads each candidate’s URL, descriptors dropped and data: URLs whole', () => {
    expect(srcsetUrls('a.png 1x, b.png 2x')).toEqual(['a.png', 'b.png']);
    expect(srcsetUrls(' /s.png 480w,/m.png 800w ,  /l.png')).toEqual([
      '/s.png',
      '/m.png',
      '/l.png',
    ]);
    expect(srcsetUrls('data:image/png;base64,AA,BB 1x, https://x.org/b.png 2x')).toEqual([
      'data:image/png;base64,AA,BB',
      'https://x.org/b.png',
    ]);
    expect(srcsetUrls('a.png, b.png')).toEqual(['a.png', 'b.png']);
    expect(srcsetUrls('')).toEqual([]);
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
