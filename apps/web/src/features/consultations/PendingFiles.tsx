import { useI18n } from '../../ui/i18n.tsx';
import { FileInput } from '../../ui/Field.tsx';
import { createNumberFormat } from '../../ui/numbers.ts';
import type { Language } from '@telemed/contracts';

/** Allowed at the server too (by content, not by name); checked here so a wrong file is refused at once. */
export const ACCEPTED_FILES = '.pdf,.jpg,.jpeg,.png,.webp,.tif,.tiff,.dcm,.txt,.csv,application/pdf,image/*,application/dicom,text/plain,text/csv';
export const MAX_FILE_BYTES = 2 * 1024 ** 3;

export function formatBytes(n: number, lang: Language): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${createNumberFormat(lang, { maximumFractionDigits: i === 0 ? 0 : 1 }).format(v)} ${units[i]}`;
}

/** Files chosen for a request; they upload once the request exists, in the background. */
export function PendingFiles(props: { files: File[]; onChange(files: File[]): void }) {
  const { t, lang } = useI18n();
  const tooBig = props.files.filter((f) => f.size > MAX_FILE_BYTES);
  return (
    <div className="field">
      <label htmlFor="c-files">{t('consultation.attachments')}</label>
      <p className="field__hint" id="c-files-hint">{t('consultationNew.filesHint')}</p>
      <FileInput id="c-files" multiple accept={ACCEPTED_FILES} aria-describedby="c-files-hint" data-testid="file-input"
        onChange={(e) => {
          const chosen = Array.from(e.target.files ?? []);
          props.onChange([...props.files, ...chosen.filter((f) => f.size <= MAX_FILE_BYTES)]);
          e.target.value = '';
        }} />
      {tooBig.length > 0 ? <p className="field__error" role="alert">{t('consultationNew.fileTooBig')}</p> : null}
      {props.files.length > 0 ? (
        <ul className="result-list" data-testid="pending-files">
          {props.files.map((f, i) => (
            <li key={`${f.name}-${i}`}>
              {f.name} <span className="muted">{formatBytes(f.size, lang)}</span>{' '}
              <button type="button" className="button button--small" onClick={() => props.onChange(props.files.filter((_, j) => j !== i))}
                aria-label={`${t('common.remove')}: ${f.name}`}>
                {t('common.remove')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
