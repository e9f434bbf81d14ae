// Every chapter's "Download as notebook": the built .ipynb validates against nbformat's own
// v4.5 JSON schema (committed from Debian's python3-nbformat), and every code cell's stored
// outputs are what real PyTorch 1.13 printed when scripts/notebooks.py ran the notebook top to
// bottom (scripts/notebook-outputs.json). Run after a build: SITE_DIR names the root build
// (default dist/), SITE_BASE_DIR the /notebook/ one (default dist-base/).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import draft04 from 'ajv/lib/refs/json-schema-draft-04.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import type { CodeCell, Notebook, Output } from '../../src/lib/notebook/nbformat';
import { parseRecorded } from '../../src/lib/notebook/recorded';
import schema from '../support/nbformat.v4.5.schema.json' with { type: 'json' };
import { findElements, listFiles, readPages } from '../support/built-site';
import { SITE_DIR } from '../support/static-server';

const BUILDS = [
  { name: 'root', dir: SITE_DIR, base: '/' },
  { name: 'sub-path', dir: process.env['SITE_BASE_DIR'] ?? 'dist-base', base: '/notebook/' },
] as const;

const recorded = parseRecorded(
  JSON.parse(readFileSync(new URL('../../scripts/notebook-outputs.json', import.meta.url), 'utf8')),
);
const REGENERATE =
  'rebuild, then /usr/bin/python3 scripts/notebooks.py <dist> (and build again if a prose block changed)';

// nbformat's schema is draft-04, which ajv 6 reads once told of that draft.
const ajv = new Ajv({ schemaId: 'id', allErrors: true });
ajv.addMetaSchema(draft04);
const validate = ajv.compile(schema);

/** What a code cell's outputs say it printed: its stdout, and its exception line or null. */
function printedBy(outputs: readonly Output[]): { stdout: string; error: string | null } {
  let stdout = '';
  let error: string | null = null;
  for (const output of outputs) {
    if (output.output_type === 'stream') stdout += output.text.join('');
    else error = `${output.ename}: ${output.evalue}`;
  }
  return { stdout, error };
}

for (const build of BUILDS) {
  describe(`the notebooks of the ${build.name} build (${build.dir})`, () => {
    if (!existsSync(build.dir)) {
      it('exists', () => expect.fail(`${build.dir}/ is missing: build the site first`));
      return;
    }
    const pages = readPages(build.dir, build.base);
    const chapters = pages.filter(
      (p) =>
        findElements(p.tree, (n) => n.tagName === 'article' && 'dataChapter' in n.properties)
          .length > 0 && !p.file.startsWith('zh/'),
    );
    const files = new Set(listFiles(build.dir));

    it('has one notebook per English chapter, and nothing else under notebooks/', () => {
      expect(chapters.length).toBeGreaterThanOrEqual(9);
      const expected = chapters.map(
        (p) => `notebooks/${p.file.replace(/\/index\.html$/, '')}.ipynb`,
      );
      expect([...files].filter((f) => f.startsWith('notebooks/')).sort()).toEqual(expected.sort());
    });

    it.each(chapters.map((p) => [p.url, p] as const))(
      '%s links to its notebook with a download attribute under its lede, hidden from search',
      (_, page) => {
        const slug = page.file.replace(/\/index\.html$/, '');
        const links = findElements(
          page.tree,
          (n) => n.tagName === 'a' && String(n.properties['href']).endsWith('.ipynb'),
        );
        expect(links.map((a) => [a.properties['href'], a.properties['download']])).toEqual([
          [`${build.base}notebooks/${slug}.ipynb`, `${slug}.ipynb`],
        ]);
        // Inside the article, right after the lede (not at the foot, past the references).
        const article = findElements(page.tree, (n) => n.tagName === 'article')[0];
        const children = (article?.children ?? []).filter((n) => n.type === 'element');
        const lede = children.findIndex((n) =>
          String(n.properties['className'] ?? '').includes('lede'),
        );
        const box = children[lede + 1];
        expect(box?.properties['className']).toContain('notebook-download');
        expect('dataPagefindIgnore' in (box?.properties ?? {})).toBe(true);
        const inBox = box === undefined ? [] : [box];
        expect(findElements({ type: 'root', children: inBox }, (n) => n === links[0])).toHaveLength(
          1,
        );
      },
    );

    const notebooks = [...files]
      .filter((f) => f.startsWith('notebooks/') && f.endsWith('.ipynb'))
      .sort()
      .map((file) => {
        const slug = file.slice('notebooks/'.length, -'.ipynb'.length);
        return [slug, JSON.parse(readFileSync(join(build.dir, file), 'utf8')) as Notebook] as const;
      });

    it.each(notebooks)('%s validates against the nbformat 4.5 schema', (_, notebook) => {
      const valid = validate(notebook);
      expect(ajv.errorsText(validate.errors), 'schema errors').toBe('No errors');
      expect(valid).toBe(true);
      expect([notebook.nbformat, notebook.nbformat_minor]).toEqual([4, 5]);
      expect(notebook.metadata.kernelspec.name).toBe('python3');
    });

    it.each(notebooks)(
      '%s opens with a cell naming PyTorch 1.13 (and, with code, PyTorch 2.x)',
      (_, notebook) => {
        const first = notebook.cells[0];
        expect(first?.cell_type).toBe('markdown');
        const text = first?.source.join('') ?? '';
        expect(text).toMatch(/^# /);
        expect(text).toContain('PyTorch 1.13');
        // A notebook with code says what 2.x prints differently for it.
        if (notebook.cells.some((c) => c.cell_type === 'code'))
          expect(text).toContain('PyTorch 2.x');
      },
    );

    // The pages' element ids, to check every link a notebook makes into the site.
    const ids = new Map(
      pages.map((p) => [
        p.url,
        new Set(
          findElements(p.tree, (n) => typeof n.properties['id'] === 'string').map((n) =>
            String(n.properties['id']),
          ),
        ),
      ]),
    );

    it.each(notebooks)(
      '%s links only to pages and anchors the site has, and copies none of its TypeScript',
      (_, notebook) => {
        const text = notebook.cells
          .filter((c) => c.cell_type === 'markdown')
          .map((c) => c.source.join(''))
          .join('\n');
        expect(text).not.toMatch(/```ts|src\/loss\//);
        // A build given SITE_URL writes its links absolute, with that origin.
        const site = process.env['SITE_URL'];
        const origin = site === undefined || site === '' ? '' : new URL(site).origin;
        const links = [...text.matchAll(/\]\(([^)\s]*)\)/g)]
          .map((m) => m[1] ?? '')
          .filter((url) => url.startsWith(`${origin}/`))
          .map((url) => url.slice(origin.length));
        expect(links.length).toBeGreaterThan(0);
        for (const link of links) {
          const [path = '', fragment] = link.split('#');
          expect(path.startsWith(build.base), link).toBe(true);
          expect(ids.has(path), `${link}: no such page`).toBe(true);
          if (fragment !== undefined)
            expect(
              ids.get(path)?.has(decodeURIComponent(fragment)),
              `${link}: no such anchor`,
            ).toBe(true);
        }
        // Built without SITE_URL, the links are root-relative, and the first cell says so.
        expect(notebook.cells[0]?.source.join('').includes('Its links are root-relative')).toBe(
          origin === '',
        );
      },
    );

    it.each(notebooks)(
      '%s puts a line naming its interactive cell before each cell’s program',
      (_, notebook) => {
        for (const [i, cell] of notebook.cells.entries()) {
          if (cell.cell_type !== 'code' || cell.metadata.notebook.source !== 'cell') continue;
          const lead = notebook.cells[i - 1];
          expect(lead?.cell_type, cell.id).toBe('markdown');
          expect(lead?.source.join(''), cell.id).toMatch(
            new RegExp(
              `^\\*\\*Cell: [^*]+\\*\\* — on \\[the chapter’s page\\]\\([^)]*#cell-${cell.metadata.notebook.cell ?? ''}\\)`,
            ),
          );
        }
      },
    );

    it.each(notebooks)(
      '%s stores, under each code cell, what PyTorch 1.13 printed running the notebook top to bottom',
      (slug, notebook) => {
        const ran = recorded.notebooks[slug];
        expect(ran, `${slug} was never run: ${REGENERATE}`).toBeDefined();
        const code = notebook.cells.filter((c): c is CodeCell => c.cell_type === 'code');
        expect(
          code.map((c) => c.id),
          `the code cells changed since PyTorch ran them: ${REGENERATE}`,
        ).toEqual(ran?.cells.map((c) => c.id));
        for (const [i, cell] of code.entries()) {
          const run = ran?.cells[i];
          expect(cell.source.join(''), `${cell.id}: ${REGENERATE}`).toBe(run?.code);
          expect(printedBy(cell.outputs), cell.id).toEqual({
            stdout: run?.stdout,
            error: run?.error,
          });
          // A cell that stops at an exception is tagged so "Run all" goes on past it.
          expect(cell.metadata.tags?.includes('raises-exception') ?? false, cell.id).toBe(
            run?.error !== null,
          );
          expect(cell.execution_count).toBe(i + 1);
        }
      },
    );

    it('gives every chapter with cells a code cell per cell, and keeps unrunnable prose code as Markdown', () => {
      const cellCount = notebooks.reduce(
        (n, [, nb]) =>
          n +
          nb.cells.filter((c) => c.cell_type === 'code' && c.metadata.notebook.source === 'cell')
            .length,
        0,
      );
      // Eleven cells are placed in the chapters; at least ten chapters' worth must come through.
      expect(cellCount).toBeGreaterThanOrEqual(11);
      for (const [slug, ran] of Object.entries(recorded.notebooks)) {
        const notebook = notebooks.find(([s]) => s === slug)?.[1];
        for (const prose of ran.prose) {
          const asCode = notebook?.cells.some(
            (c) => c.cell_type === 'code' && c.source.join('').trim() === prose.code.trim(),
          );
          expect(asCode, `${slug}: ${prose.code.slice(0, 60)}`).toBe(prose.runs);
        }
      }
    });

    it.each(notebooks)(
      '%s has no prose Python block that PyTorch has not been tried on',
      (slug, notebook) => {
        const tried = new Set(recorded.notebooks[slug]?.prose.map((p) => p.code.trim()) ?? []);
        const blocks = notebook.cells.flatMap((c) =>
          c.cell_type === 'code'
            ? c.metadata.notebook.source === 'prose'
              ? [c.source.join('')]
              : []
            : [...c.source.join('').matchAll(/^```python\n([\s\S]*?)^```$/gm)].map(
                (m) => m[1] ?? '',
              ),
        );
        for (const block of blocks) {
          expect(tried.has(block.trim()), `${slug}: ${block.slice(0, 60)}: ${REGENERATE}`).toBe(
            true,
          );
        }
      },
    );
  });
}
