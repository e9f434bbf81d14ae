import { describe, expect, it } from 'vitest';
import { wrapWideTables } from './scroll-regions';

const REGION = '<div class="scroll-region" role="region" tabindex="0" aria-label="Table">';

describe('wrapWideTables', () => {
  it('puts a Markdown table in a focusable, named region of its own', () => {
    expect(wrapWideTables('<p>a</p><table><tr><td>1</td></tr></table><p>b</p>', 'Table')).toBe(
      `<p>a</p>${REGION}<table><tr><td>1</td></tr></table></div><p>b</p>`,
    );
  });

  it('leaves a cell’s own table alone, even beside or around a Markdown one', () => {
    const cell = '<table class="cell-table"><tr><td>0.5</td></tr></table>';
    expect(wrapWideTables(`${cell}<table></table>`, 'Table')).toBe(
      `${cell}${REGION}<table></table></div>`,
    );
    const nested = '<table class="x"><tr><td><table></table></td></tr></table>';
    expect(wrapWideTables(nested, 'Table')).toBe(
      `<table class="x"><tr><td>${REGION}<table></table></div></td></tr></table>`,
    );
  });

  it('does not mistake other tags that start with "table" for tables', () => {
    expect(wrapWideTables('<tablex></tablex>', 'Table')).toBe('<tablex></tablex>');
  });

  it('escapes the label for its attribute', () => {
    expect(wrapWideTables('<table></table>', 'A "wide" <table> & more')).toContain(
      'aria-label="A &quot;wide&quot; &lt;table> &amp; more"',
    );
  });
});
