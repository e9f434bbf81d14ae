import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '@mdx-js/mdx';
import { describe, expect, it } from 'vitest';
import remarkWidgetImports, { barrelFolders, NOT_CHAPTER_CELLS } from './remark-widget-imports';

const options = { specifier: '~/components/widgets', barrel: 'components/widgets/index.ts' };

/** Compile a chapter's MDX the way the site does, with only this plugin. */
async function compiled(mdx: string): Promise<string> {
  return String(
    await compile(
      { value: mdx, path: 'content/en/chapter.mdx' },
      {
        remarkPlugins: [[remarkWidgetImports, options]],
      },
    ),
  );
}

describe('remarkWidgetImports', () => {
  it('reads every name the barrel re-exports, whatever the line’s spacing, quotes or aliases', () => {
    const folders = barrelFolders(
      [
        "export { A } from './a';",
        'export {B, C as D} from "./b-c"',
        "export type { AProps } from './a';",
        "export { E } from '../elsewhere';",
      ].join('\n'),
    );
    expect([...folders]).toEqual([
      ['A', 'a'],
      ['B', 'b-c'],
      ['D', 'b-c'],
    ]);
  });

  it('splits an import from the barrel into one import per widget folder', async () => {
    const code = await compiled(
      "import { SoftmaxExplorer, StabilityLab } from '~/components/widgets';\n\n<SoftmaxExplorer />\n",
    );
    expect(code).toContain(
      "import {SoftmaxExplorer} from '~/components/widgets/softmax-explorer';",
    );
    expect(code).toContain("import {StabilityLab} from '~/components/widgets/stability-lab';");
    expect(code).not.toContain("'~/components/widgets'");
  });

  it('keeps a local name and leaves other imports alone', async () => {
    const code = await compiled(
      "import CoreSource from '~/components/ui/CoreSource.astro';\nimport { GradientExplorer as Cell } from '~/components/widgets';\n",
    );
    expect(code).toContain("import CoreSource from '~/components/ui/CoreSource.astro';");
    expect(code).toContain(
      "import {GradientExplorer as Cell} from '~/components/widgets/gradient-explorer';",
    );
  });

  it('rejects a name the barrel does not export, naming the chapter', async () => {
    await expect(
      compiled("import { NoSuchWidget } from '~/components/widgets';\n"),
    ).rejects.toThrow(
      /content\/en\/chapter\.mdx: .*"NoSuchWidget" is not one of (\w+, )*DistributionExplorer, (\w+, )*TrainingRace$/,
    );
  });

  it('tells an author who imports the PyTorch cell that chapters do not place it', async () => {
    await expect(compiled("import { PytorchCell } from '~/components/widgets';\n")).rejects.toThrow(
      /content\/en\/chapter\.mdx: "PytorchCell" is not a cell chapters place: every cell's program already opens in it with "Edit and run"$/,
    );
  });
});

describe('the widgets barrel', () => {
  it('re-exports every widget folder but the named exceptions, each under its PascalCase name', () => {
    // NOT_CHAPTER_CELLS names the folders chapters do not place (shared code, the PyTorch cell).
    const folders = readdirSync('components/widgets')
      .filter(
        (f) => !NOT_CHAPTER_CELLS.has(f) && statSync(join('components/widgets', f)).isDirectory(),
      )
      .sort();
    const exported = barrelFolders(readFileSync(options.barrel, 'utf8'));
    expect([...exported.values()].sort()).toEqual(folders);
    for (const [name, folder] of exported) {
      expect(name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()).toBe(folder);
    }
  });
});
