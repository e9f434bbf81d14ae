import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { barrelSources, rewriteCoreImports } from './vite-direct-core-imports';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BARREL = `${ROOT}src/loss/index.ts`;
const sources = barrelSources(BARREL);
const widget = `${ROOT}components/widgets/some-widget/some-widget.svelte.ts`;

describe('direct core imports', () => {
  it('reads from the barrel which file defines each name it exports', () => {
    expect(sources.get('crossEntropy')).toBe(`${ROOT}src/loss/cross-entropy`);
    expect(sources.get('softmax')).toBe(`${ROOT}src/loss/softmax`);
    expect(sources.get('Tensor')).toBe(`${ROOT}src/loss/tensor`);
    expect(sources.get('Reduction')).toBe(`${ROOT}src/loss/reduction`);
  });

  it('rewrites an import from the barrel into imports from the defining files', () => {
    const code = [
      'import {',
      '  crossEntropy,',
      '  softmax as soft,',
      '  tensor,',
      '  type Tensor,',
      "} from '../../../src/loss/index';",
      "import { formatFixed } from '../shared/format';",
    ].join('\n');
    const rewritten = rewriteCoreImports(code, widget, BARREL, sources, ROOT) ?? '';
    expect(rewritten).toContain(`import { crossEntropy } from '${ROOT}src/loss/cross-entropy';`);
    expect(rewritten).toContain(`import { softmax as soft } from '${ROOT}src/loss/softmax';`);
    expect(rewritten).toContain(`import { tensor, type Tensor } from '${ROOT}src/loss/tensor';`);
    expect(rewritten).toContain("import { formatFixed } from '../shared/format';");
    expect(rewritten).not.toContain('src/loss/index');
  });

  it('follows the ~/ alias and type-only imports, and leaves other modules alone', () => {
    const aliased = "import type { Tensor } from '~/src/loss/index';";
    expect(rewriteCoreImports(aliased, widget, BARREL, sources, ROOT)).toBe(
      `import type { Tensor } from '${ROOT}src/loss/tensor';`,
    );
    expect(
      rewriteCoreImports("import { x } from './index';", widget, BARREL, sources, ROOT),
    ).toBeNull();
  });

  it('leaves an import with a name the barrel does not export for the compiler to report', () => {
    const code = "import { notAnOp } from '../../../src/loss/index';";
    expect(rewriteCoreImports(code, widget, BARREL, sources, ROOT)).toBeNull();
  });
});
