// The built site stays light: pages without cells ship only the frame's small scripts (theme,
// search opener, offline worker's registration), a chapter stays within the JavaScript budget
// before interaction, the cell gallery loads its cells only as they scroll into view, and a page
// loads the code of the cells it shows and of no other widget (chapters import every widget from
// one barrel; the build must not let that pull the others in).
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findElements, readPages } from '../support/built-site';
import { jsWeight, moduleSources, widgetFolders, widgetsUsed } from '../support/js-weight';
import {
  FRAME_JS_BUDGET_GZIP,
  GALLERY_PATH,
  JS_BUDGET_GZIP,
  pageKind,
  PYTORCH_CELL_PATH,
} from './budgets';

describe('JavaScript budget', () => {
  const pages = existsSync('dist') ? readPages('dist', '/') : [];
  const withCells = pages.filter((p) => p.html.includes('<astro-island'));
  const kinds = new Map(pages.map((p) => [p, pageKind(p)]));

  it('has pages of every kind to measure', () => {
    expect(pages.length).toBeGreaterThan(0);
    expect(new Set(kinds.values())).toEqual(
      new Set(['frame', 'chapter', 'gallery', 'pytorch-cell']),
    );
  });

  it(`${PYTORCH_CELL_PATH} ships at most 35 KB gzipped before interaction, and its interpreter only in a worker`, () => {
    const page = pages.find((p) => kinds.get(p) === 'pytorch-cell');
    expect(page).toBeDefined();
    if (page === undefined) return;
    const weight = jsWeight('dist', '/', page);
    expect(weight.gzipBytes).toBeLessThanOrEqual(JS_BUDGET_GZIP);
    // Neither the interpreter nor the loss core is imported by the page, even lazily: the worker
    // (components/widgets/pytorch-cell/run.worker.ts) is a file of its own, started on Run.
    const sources = moduleSources('dist', [...weight.modules, ...weight.lazyModules]);
    expect(sources.filter((s) => /^src\/(pycell|loss)\//.test(s))).toEqual([]);
  });

  it.each(pages.filter((p) => kinds.get(p) === 'chapter').map((p) => [p.url, p] as const))(
    '%s (a chapter) ships at most 35 KB gzipped before interaction',
    (_, page) => {
      const weight = jsWeight('dist', '/', page);
      expect(weight.gzipBytes).toBeLessThanOrEqual(JS_BUDGET_GZIP);
      // A page whose cells all load on interaction (client:interaction) loads them only later.
      expect(weight.modules.length + weight.lazyModules.length).toBeGreaterThan(0);
    },
  );

  it.each(pages.filter((p) => kinds.get(p) === 'frame').map((p) => [p.url, p] as const))(
    '%s (no cells) ships at most 6 KB gzipped, and no Svelte or widget code',
    (_, page) => {
      const weight = jsWeight('dist', '/', page);
      expect(weight.gzipBytes).toBeLessThanOrEqual(FRAME_JS_BUDGET_GZIP);
      const sources = moduleSources('dist', weight.modules);
      expect(sources.filter((s) => /node_modules\/svelte\/|components\/widgets\//.test(s))).toEqual(
        [],
      );
    },
  );

  it(`${GALLERY_PATH} loads each cell as it scrolls into view, its frame within 6 KB`, () => {
    const gallery = pages.find((p) => kinds.get(p) === 'gallery');
    expect(gallery).toBeDefined();
    if (gallery === undefined) return;
    const islands = findElements(gallery.tree, (n) => n.tagName === 'astro-island');
    expect(islands.length).toBeGreaterThan(1);
    expect(islands.map((i) => i.properties['client'])).toEqual(islands.map(() => 'visible'));
    const frame = jsWeight('dist', '/', gallery, { islands: false });
    expect(frame.gzipBytes).toBeLessThanOrEqual(FRAME_JS_BUDGET_GZIP);
  });

  it.each(withCells.map((p) => [p.url, p] as const))(
    '%s loads its own widgets’ modules and no other widget’s',
    (_, page) => {
      const { modules, lazyModules } = jsWeight('dist', '/', page);
      const shipped = widgetFolders(moduleSources('dist', [...modules, ...lazyModules]));
      const used = widgetsUsed(page);
      expect(used.length).toBeGreaterThan(0);
      // A cell's "Edit and run" (components/ui/edit-and-run.ts) loads the PyTorch cell on a
      // click, never before it, and the interpreter only in the PyTorch cell's worker.
      const editable = page.html.includes('data-cell-edit');
      const editor = editable && !used.includes('pytorch-cell') ? ['pytorch-cell'] : [];
      expect(shipped).toEqual([...used, ...editor].sort());
      if (editor.length > 0) {
        expect(widgetFolders(moduleSources('dist', modules))).not.toContain('pytorch-cell');
      }
      const sources = moduleSources('dist', [...modules, ...lazyModules]);
      expect(sources.filter((s) => s.startsWith('src/pycell/'))).toEqual([]);
    },
  );
});
