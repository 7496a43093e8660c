import type { Language } from '@telemed/contracts';
import { useId, useState } from 'react';
import { LANGUAGE_AUTONYMS, LANGUAGES } from './codes.ts';
import { isLanguage, useI18n } from './i18n.tsx';

/** The language menu shown on every page: `select[name=language]`. */
export function LanguageSelect(props: { onChange(lang: Language): Promise<void> }) {
  const { lang, t } = useI18n();
  const id = useId();
  const [busy, setBusy] = useState(false);
  return (
    <div className="tool">
      <label htmlFor={id} className="tool__label">
        {t('language.label')}
      </label>
      <select
        id={id}
        name="language"
        value={lang}
        aria-busy={busy || undefined}
        onChange={async (e) => {
          const next = e.currentTarget.value;
          if (!isLanguage(next)) return;
          setBusy(true);
          try {
            await props.onChange(next);
          } finally {
            setBusy(false);
          }
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_AUTONYMS[l]}
          </option>
        ))}
      </select>
    </div>
  );
}
