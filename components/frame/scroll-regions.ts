// Wide tables get a box of their own that scrolls sideways, so on a phone the table scrolls and
// the page does not; the box takes keyboard focus (tabindex) and a name, so a keyboard reader
// can scroll it too. Applied to a chapter's rendered HTML, whose Markdown tables carry no class.

/** A chapter's HTML with each bare `<table>` (a Markdown table) inside a named scrolling region. */
export function wrapWideTables(html: string, label: string): string {
  const open = `<div class="scroll-region" role="region" tabindex="0" aria-label="${escapeAttribute(label)}">`;
  // Tables may nest inside a cell's markup: remember, per open table, whether it was wrapped.
  const wrapped: boolean[] = [];
  return html.replace(/<table(?=[\s>])[^>]*>|<\/table>/g, (tag) => {
    if (tag === '</table>') return wrapped.pop() === true ? '</table></div>' : tag;
    const bare = tag === '<table>';
    wrapped.push(bare);
    return bare ? open + tag : tag;
  });
}

function escapeAttribute(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}
