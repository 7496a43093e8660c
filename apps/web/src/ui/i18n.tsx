import type { Language } from '@telemed/contracts';
import { createContext, use, useCallback, useMemo, useState, type ReactNode } from 'react';
import type { MessageKey, Messages } from './locales/types.ts';
import { LANGUAGES } from './codes.ts';
import { createNumberFormat } from './numbers.ts';

export type { MessageKey };
export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

const STORAGE_KEY = 'telemed.language';

/** Each language is its own chunk: a user downloads only the one they read. */
const loaders: Record<Language, () => Promise<{ default: Messages }>> = {
  kk: () => import('./locales/kk.ts'),
  ru: () => import('./locales/ru.ts'),
  uz: () => import('./locales/uz.ts'),
  en: () => import('./locales/en.ts'),
};

export async function loadMessages(lang: Language): Promise<Messages> {
  return (await loaders[lang]()).default;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The language before sign-in: the last one chosen on this device, else the browser's, else Russian. */
export function initialLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // Storage may be disabled; the browser's languages still apply.
  }
  for (const tag of navigator.languages ?? []) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'ru';
}

export function rememberLanguage(lang: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not fatal: the choice lasts for this page.
  }
}

export interface I18n {
  lang: Language;
  t: Translate;
  formatDate(value: string | Date, opts?: Intl.DateTimeFormatOptions): string;
  formatDateTime(value: string | Date): string;
  formatNumber(value: number): string;
  /** Switches the interface language (loads its messages first). */
  setLanguage(lang: Language): Promise<void>;
}

const I18nContext = createContext<I18n | null>(null);

export function applyDocumentLanguage(lang: Language): void {
  document.documentElement.lang = lang;
}

export function createTranslate(lang: Language, messages: Messages): Translate {
  const plural = new Intl.PluralRules(lang);
  const number = createNumberFormat(lang);
  return (key, params) => {
    const message = messages[key] as Messages[MessageKey] | undefined;
    // A code the server added after this build shows as itself rather than breaking the page.
    if (message === undefined) return key;
    let template: string;
    if (typeof message === 'string') {
      template = message;
    } else {
      const count = Number(params?.count ?? 0);
      template = message[plural.select(count)] ?? message.other;
    }
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const v = params[name];
      if (v === undefined) return `{${name}}`;
      return typeof v === 'number' ? number.format(v) : v;
    });
  };
}

/** A bare ISO date (a birth date) is a calendar day, not an instant: it is formatted in UTC so it never shifts a day. */
function toDate(v: string | Date): { date: Date; isDay: boolean } {
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return { date: new Date(`${v}T12:00:00Z`), isDay: true };
  return { date: typeof v === 'string' ? new Date(v) : v, isDay: false };
}

/**
 * Dates in the user's language. Browsers built with reduced ICU data (Chromium among them) have no
 * Kazakh or Uzbek calendar names and print "1958 M07 21"; for those the locale's own month names and
 * pattern (`date.months`, `date.pattern`) are used instead.
 */
function createDateFormats(lang: Language, messages: Messages) {
  const hasData = !/\d/.test(new Intl.DateTimeFormat(lang, { month: 'long' }).format(new Date(2020, 6, 15)));
  if (hasData) {
    const day = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' });
    const dayTime = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
    return {
      date: (v: string | Date, opts?: Intl.DateTimeFormatOptions) => {
        const { date, isDay } = toDate(v);
        if (opts) return new Intl.DateTimeFormat(lang, { ...opts, ...(isDay ? { timeZone: 'UTC' } : {}) }).format(date);
        return isDay ? day.format(date) : new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }).format(date);
      },
      dateTime: (v: string | Date) => dayTime.format(toDate(v).date),
    };
  }
  const months = String(messages['date.months']).split(',');
  const pattern = String(messages['date.pattern']);
  const two = (n: number) => String(n).padStart(2, '0');
  const dateOf = (v: string | Date) => {
    const { date, isDay } = toDate(v);
    const [y, m, d] = isDay
      ? [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()]
      : [date.getFullYear(), date.getMonth(), date.getDate()];
    return pattern.replace('{year}', String(y)).replace('{month}', months[m] ?? two(m + 1)).replace('{day}', String(d));
  };
  return {
    date: (v: string | Date) => dateOf(v),
    dateTime: (v: string | Date) => {
      const { date } = toDate(v);
      return `${dateOf(date)}, ${two(date.getHours())}:${two(date.getMinutes())}`;
    },
  };
}

export function I18nProvider(props: { initialLanguage: Language; initialMessages: Messages; children: ReactNode }) {
  const [state, setState] = useState({ lang: props.initialLanguage, messages: props.initialMessages });

  const setLanguage = useCallback(async (lang: Language) => {
    const messages = await loadMessages(lang);
    applyDocumentLanguage(lang);
    rememberLanguage(lang);
    setState({ lang, messages });
  }, []);

  const value = useMemo<I18n>(() => {
    const { lang, messages } = state;
    const dates = createDateFormats(lang, messages);
    const numberFormat = createNumberFormat(lang);
    return {
      lang,
      t: createTranslate(lang, messages),
      formatDate: dates.date,
      formatDateTime: dates.dateTime,
      formatNumber: (v) => numberFormat.format(v),
      setLanguage,
    };
  }, [state, setLanguage]);

  return <I18nContext value={value}>{props.children}</I18nContext>;
}

export function useI18n(): I18n {
  const ctx = use(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
