import type { Language } from '@telemed/contracts';

/**
 * The digit-group and decimal marks of each language (CLDR): Kazakh, Russian and Uzbek group with
 * a no-break space and use a decimal comma.
 */
const MARKS: Record<Language, { group: string; decimal: string }> = {
  kk: { group: '\u00a0', decimal: ',' },
  ru: { group: '\u00a0', decimal: ',' },
  uz: { group: '\u00a0', decimal: ',' },
  en: { group: ',', decimal: '.' },
};

export interface NumberFormatter {
  format(value: number): string;
}

/**
 * Numbers in the user's language. Browsers built with reduced ICU data (Chromium among them) have
 * no Kazakh or Uzbek number data and fall back to English ("2,401.5"); there the English parts
 * are re-marked with the language's own separators ("2 401,5").
 */
export function createNumberFormat(lang: Language, options?: Intl.NumberFormatOptions): NumberFormatter {
  const native = new Intl.NumberFormat(lang, options);
  if (native.resolvedOptions().locale.split('-')[0] === lang) return native;
  const english = new Intl.NumberFormat('en', options);
  const marks = MARKS[lang];
  return {
    format: (value) => english.formatToParts(value)
      .map((p) => (p.type === 'group' ? marks.group : p.type === 'decimal' ? marks.decimal : p.value))
      .join(''),
  };
}
