// What the search dialog says, per locale: it is built in the browser when a reader opens it,
// so its words travel with its code rather than in the page (src/lib/i18n.ts has the page's).
import type { Locale } from '../../src/lib/i18n';

export interface SearchStrings {
  /** The header button's text. */
  readonly button: string;
  /** The dialog's name, also its visible heading. */
  readonly title: string;
  /** The search field's label. */
  readonly field: string;
  readonly close: string;
  /** While Pagefind and its index load. */
  readonly loading: string;
  /** Before the reader has typed anything. */
  readonly prompt: string;
  /** No chapter holds the words: says so and hints at what to try; `{query}` is what was typed. */
  readonly none: string;
  /** `{count}` chapters match `{query}`; `one` when there is exactly one. */
  readonly one: string;
  readonly many: string;
  /** Under `astro dev` there is no index: Pagefind runs after `astro build`. */
  readonly devOnly: string;
  /** The index could not be fetched (offline before it was cached, or a new build replaced it). */
  readonly failed: string;
  /** The key hints under the results. */
  readonly keys: string;
}

export const SEARCH_STRINGS: Record<Locale, SearchStrings> = {
  en: {
    button: 'Search',
    title: 'Search the notebook',
    field: 'Search the chapters',
    close: 'Close search',
    loading: 'Loading the search index…',
    prompt: 'Type a word to search every chapter.',
    none: 'No results for “{query}”. Check the spelling, or try a shorter or more common word.',
    one: '1 chapter matches “{query}”.',
    many: '{count} chapters match “{query}”.',
    devOnly: 'Search works on a built site: run npm run build, then npm run preview.',
    failed: 'The search index could not be loaded. Check the connection and reload the page.',
    keys: '↑ ↓ move between results · Enter opens · Esc closes',
  },
  zh: {
    button: '搜索',
    title: '搜索笔记',
    field: '搜索各章',
    close: '关闭搜索',
    loading: '正在加载搜索索引…',
    prompt: '输入词语以搜索所有章节。',
    none: '没有“{query}”的结果。请检查拼写，或换一个更短、更常用的词。',
    one: '1 个章节匹配“{query}”。',
    many: '{count} 个章节匹配“{query}”。',
    devOnly: '搜索只在构建后的网站上可用：请运行 npm run build，再运行 npm run preview。',
    failed: '无法加载搜索索引。请检查网络连接并重新加载页面。',
    keys: '↑ ↓ 在结果间移动 · Enter 打开 · Esc 关闭',
  },
};

/** A count sentence with the query and count filled in, in the dialog's language. */
export function countSentence(strings: SearchStrings, count: number, query: string): string {
  const template = count === 0 ? strings.none : count === 1 ? strings.one : strings.many;
  return template.replace('{count}', String(count)).replace('{query}', query);
}
