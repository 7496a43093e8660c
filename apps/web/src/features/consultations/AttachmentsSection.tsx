import { useState } from 'react';
import { useActiveSession } from '../../app/session.tsx';
import type { ConsultationCase } from '../../ui/contract-types.ts';
import { ErrorAlert } from '../../ui/Feedback.tsx';
import { useResource } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { FileInput } from '../../ui/Field.tsx';
import { attachmentUrl, listAttachments } from './api.ts';
import { ACCEPTED_FILES, formatBytes, MAX_FILE_BYTES } from './PendingFiles.tsx';
import { retryUpload, startCaseUploads, useUploads } from './uploads-queue.ts';

const percent = (u: { sent: number; size: number }) => Math.floor((u.sent / (u.size || 1)) * 100);

/** The case's files: previews first (a thumbnail is small on a slow link), uploads in progress with their share done. */
export function AttachmentsSection(props: { c: ConsultationCase }) {
  const { c } = props;
  const { t, lang, formatDateTime } = useI18n();
  const { api } = useActiveSession();
  const uploads = useUploads(c.id);
  const doneCount = uploads.filter((u) => u.state === 'done').length;
  const list = useResource((signal) => listAttachments(api, c.id, signal), [c.id, c.version, doneCount]);
  const [tooBig, setTooBig] = useState(false);
  const canAdd = c.sides.length > 0 && !['declined', 'cancelled', 'acknowledged'].includes(c.status);
  const items = list.data?.items ?? [];
  return (
    <section className="card" aria-labelledby="case-files">
      <h2 id="case-files">{t('consultation.attachments')}</h2>
      <ErrorAlert error={list.error} />
      {items.length === 0 && uploads.length === 0 ? <p className="muted">{t('case.noFiles')}</p> : null}
      {items.length > 0 ? (
        <ul className="attachments" data-testid="attachments">
          {items.map((a) => (
            <li key={a.id} className="attachment">
              {a.hasThumbnail ? (
                <img src={attachmentUrl(a, 'thumbnail')} alt="" width={96} height={96} loading="lazy" className="attachment__thumb" />
              ) : <span className="attachment__icon" aria-hidden="true">{a.mediaType === 'application/pdf' ? 'PDF' : '⎙'}</span>}
              <span>
                <a href={attachmentUrl(a, 'content')} target="_blank" rel="noopener" data-testid="attachment-link">{a.fileName}</a>{' '}
                <a href={attachmentUrl(a, 'content', true)} className="button button--small" aria-label={`${t('case.download')}: ${a.fileName}`}>
                  {t('case.download')}</a>
                <span className="cell-sub">{formatBytes(a.size, lang)} · {a.uploadedByName} · {formatDateTime(a.createdAt)}</span>
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {uploads.filter((u) => u.state !== 'done').length > 0 ? (
        <ul className="plain" data-testid="uploads">
          {uploads.filter((u) => u.state !== 'done').map((u) => (
            <li key={u.key}>
              <label htmlFor={`up-${u.key}`}>{u.name}</label>{' '}
              <progress id={`up-${u.key}`} max={u.size || 1} value={u.sent} aria-valuetext={`${percent(u)}%`}>{percent(u)}%</progress>{' '}
              <span className="muted" aria-live="polite">{u.state === 'failed' ? t('upload.failed') : u.state === 'paused' ? t('upload.paused')
                : `${percent(u)}% · ${t('upload.progress', { done: formatBytes(u.sent, lang), total: formatBytes(u.size, lang) })}`}</span>
              {u.state === 'failed' ? (
                <>
                  {' '}
                  <button type="button" className="button button--small" onClick={() => retryUpload(u.key)} data-testid="upload-retry"
                    aria-label={`${t('upload.retry')}: ${u.name}`}>{t('upload.retry')}</button>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {canAdd ? (
        <div className="field">
          <label htmlFor="case-add-files">{t('case.addFiles')}</label>
          {tooBig ? <p className="field__error" role="alert">{t('consultationNew.fileTooBig')}</p> : null}
          <FileInput id="case-add-files" multiple accept={ACCEPTED_FILES} data-testid="case-file-input" onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            setTooBig(files.some((f) => f.size > MAX_FILE_BYTES));
            startCaseUploads(api, c.id, files.filter((f) => f.size <= MAX_FILE_BYTES));
            e.target.value = '';
          }} />
        </div>
      ) : null}
    </section>
  );
}
