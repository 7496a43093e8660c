import type { Language } from '@telemed/contracts';
import { createContext, use, useCallback, useMemo, useState, type ReactNode } from 'react';
import type { MessageKey, Messages } from './locales/types.ts';
import { LANGUAGES } from './codes.ts';
import { createDateFormats } from './dates.ts';
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
  /** An instant as seen in a time zone (an appointment in the facility's or the viewer's zone). */
  formatInZone(value: string | Date, timeZone: string, opts: Intl.DateTimeFormatOptions): string;
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
      formatInZone: dates.inZone,
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
