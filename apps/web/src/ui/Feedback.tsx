import type { ReactNode } from 'react';
import { ApiError } from './api.ts';
import { useI18n } from './i18n.tsx';

/** The user-facing text of any failure: the server's translated title, or our own words when it could not answer. */
export function useErrorText() {
  const { t } = useI18n();
  return (error: unknown): string => {
    if (error instanceof ApiError) {
      if (error.problem?.title) return error.problem.title;
      if (error.status === 0) return t('error.network');
    }
    return t('error.unexpected');
  };
}

/**
 * An error announced at once (role=alert). Field errors shown next to their inputs are left out;
 * the rest are listed so nothing the server said is lost.
 */
export function ErrorAlert(props: { error: unknown; shownFields?: readonly string[]; children?: ReactNode }) {
  const text = useErrorText();
  if (!props.error) return null;
  const fieldErrors = props.error instanceof ApiError ? props.error.fieldErrors() : {};
  const shown = new Set(props.shownFields ?? []);
  const rest = Object.entries(fieldErrors).filter(([k]) => !shown.has(k));
  const title = text(props.error);
  // When the only thing to say is already written beside its field ("Specify the reason"), the alert
  // is still announced but not drawn a second time above the form.
  const repeats = rest.length === 0 && !props.children && Object.values(fieldErrors).includes(title);
  return (
    <div className={repeats ? 'visually-hidden' : 'alert alert--error'} role="alert">
      <p className="alert__title">{title}</p>
      {rest.length > 0 ? (
        <ul>
          {rest.map(([k, m]) => (
            <li key={k}>
              <code>{k}</code>: {m}
            </li>
          ))}
        </ul>
      ) : null}
      {props.children}
    </div>
  );
}

/** A polite live region: it is always in the page so changes to it are announced. */
export function StatusMessage(props: { children?: ReactNode; tone?: 'success' | 'info' }) {
  return (
    <div role="status" className={props.children ? `alert alert--${props.tone ?? 'success'}` : 'visually-hidden'}>
      {props.children}
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {t('common.loading')}
    </p>
  );
}
