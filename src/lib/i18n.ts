// Interface strings per locale. English is served at the root, other locales under /<locale>/.

export const LOCALES = ['en', 'zh'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

const STRINGS = {
  en: {
    siteTitle: 'Cross-Entropy Notebook',
    siteTagline:
      "Cross-entropy as a loss function: where it comes from in information theory, how softmax and log-sum-exp compute it, why its gradient is predicted minus observed, and exactly what PyTorch's CrossEntropyLoss, KLDivLoss and BCE losses compute, with live cells you can edit.",
    chapters: 'Chapters',
    onThisPage: 'On this page',
    previous: 'Previous',
    next: 'Next',
    skipToContent: 'Skip to content',
    toggleTheme: 'Toggle dark theme',
    home: 'Home',
    notFoundTitle: 'Page not found',
    notFoundBody: 'There is no page at this address. The chapters are listed below.',
    chapterNumber: 'Chapter',
    readChapter: 'Read the chapter',
    notes: 'Notes',
    references: 'References',
    backToReference: 'Back to reference {n}',
    linkToSection: 'Link to this section',
    editThisPage: 'Edit this page',
  },
  zh: {
    siteTitle: '交叉熵笔记',
    siteTagline:
      '交叉熵损失函数：它在信息论中的来历，softmax 与 log-sum-exp 如何计算它，为什么它的梯度是预测减去观测，以及 PyTorch 的 CrossEntropyLoss、KLDivLoss 与 BCE 损失究竟计算什么，配有可编辑的实时单元。',
    chapters: '章节',
    onThisPage: '本页内容',
    previous: '上一章',
    next: '下一章',
    skipToContent: '跳到正文',
    toggleTheme: '切换深色主题',
    home: '首页',
    notFoundTitle: '页面不存在',
    notFoundBody: '此地址没有页面。以下是全部章节。',
    chapterNumber: '第',
    readChapter: '阅读本章',
    notes: '注释',
    references: '参考文献',
    backToReference: '返回引用 {n}',
    linkToSection: '链接到本节',
    editThisPage: '编辑本页',
  },
} as const satisfies Record<Locale, Record<string, string>>;

export type UiKey = keyof (typeof STRINGS)['en'];

/** Look up an interface string so layouts never hard-code one language. */
export function t(locale: Locale, key: UiKey): string {
  return STRINGS[locale][key];
}

/** Narrow an arbitrary string (a folder name, a URL segment) to a supported locale. */
export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}
