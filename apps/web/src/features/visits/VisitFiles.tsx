import { useEffect, useId, useRef, useState } from 'react';
import { useSession } from '../../app/session.tsx';
import { ErrorAlert } from '../../ui/Feedback.tsx';
import { useResource } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { FileInput } from '../../ui/Field.tsx';
import { formatBytes, MAX_FILE_BYTES } from '../consultations/PendingFiles.tsx';
import { listVisitFiles, VISIT_FILE_TYPES, visitFileUrl, type VisitChatFile, type VisitFile } from './visit-files-api.ts';
import { percentOf, startVisitUploads, useVisitUploads, type VisitUpload } from './visit-uploads.ts';

function Preview(props: { visitId: string; file: Pick<VisitFile, 'id' | 'mediaType' | 'hasThumbnail'>; edge: number }) {
  // The thumbnail is a few kilobytes: on a slow link it arrives long before the photo would.
  if (props.file.hasThumbnail) {
    return <img src={visitFileUrl(props.visitId, props.file.id, 'thumbnail')} alt="" width={props.edge} height={props.edge} loading="lazy"
      className="attachment__thumb" />;
  }
  return <span className="attachment__icon" style={{ width: props.edge, height: props.edge }} aria-hidden="true">
    {props.file.mediaType === 'application/pdf' ? 'PDF' : '⎙'}</span>;
}

/** A file announced in the call's chat: its preview and a link that opens it. */
export function ChatFile(props: { visitId: string; file: VisitChatFile }) {
  const { t, lang } = useI18n();
  const { file } = props;
  return (
    <span className="attachment chat__file">
      <Preview visitId={props.visitId} file={file} edge={56} />
      <span>
        <span className="small muted">{t('visitFiles.sharedFile')}</span>{' '}
        <a href={visitFileUrl(props.visitId, file.id, 'content')} target="_blank" rel="noopener" data-testid="chat-file-link">{file.fileName}</a>
        <span className="cell-sub">{formatBytes(file.size, lang)}</span>
      </span>
    </span>
  );
}

function UploadRow(props: { u: VisitUpload }) {
  const { t, lang } = useI18n();
  const id = useId();
  const { u } = props;
  const p = percentOf(u);
  return (
    <li className="upload-row">
      <span id={`${id}-name`}>{u.name}</span>
      <div className="meter" role="progressbar" aria-labelledby={`${id}-name`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={p}
        aria-valuetext={`${p}%`} data-testid="visit-upload-progress">
        <span className="meter__bar" style={{ width: `${p}%` }} />
      </div>
      <span className="small muted">{p}% · {t('upload.progress', { done: formatBytes(u.sent, lang), total: formatBytes(u.size, lang) })}</span>
      {u.state === 'paused' ? <span className="small">{t('upload.paused')}</span> : null}
      {u.state === 'failed' ? <span className="field__error">{u.error ?? t('upload.failed')}</span> : null}
    </li>
  );
}

/** What a screen reader is told as uploads go: paused on a dropped link, shared, or refused (not every percent). */
function useUploadAnnouncement(uploads: VisitUpload[]): string {
  const { t } = useI18n();
  const seen = useRef(new Map<string, VisitUpload['state']>());
  const [text, setText] = useState('');
  useEffect(() => {
    for (const u of uploads) {
      if (seen.current.get(u.key) === u.state) continue;
      seen.current.set(u.key, u.state);
      if (u.state === 'done') setText(t('visitFiles.sent', { name: u.name }));
      else if (u.state === 'paused') setText(`${u.name}: ${t('upload.paused')}`);
      else if (u.state === 'failed') setText(`${u.name}: ${u.error ?? t('upload.failed')}`);
      else setText(t('visitFiles.sending', { name: u.name }));
    }
  }, [uploads, t]);
  return text;
}

/**
 * The files shared into a visit, for every participant: previews first, then uploads in progress
 * (resumed after a dropped link), then the controls to share more — a file, or a photo straight
 * from a phone's camera. `ensureVisitId` makes the visit on the first file (the patient's portal,
 * before the appointment's visit exists).
 */
export function VisitFiles(props: { visitId: string | null; canShare: boolean; version?: number; accept?: string; title?: string; hint?: string;
  heading?: 'h2' | 'h3'; ensureVisitId?: () => Promise<string>; className?: string }) {
  const { t, lang, formatDateTime } = useI18n();
  const { api } = useSession();
  const id = useId();
  const [visitId, setVisitId] = useState(props.visitId);
  useEffect(() => setVisitId(props.visitId), [props.visitId]);
  const uploads = useVisitUploads(visitId);
  const doneCount = uploads.filter((u) => u.state === 'done').length;
  const list = useResource((signal) => (visitId ? listVisitFiles(api, visitId, signal) : Promise.resolve({ items: [] as VisitFile[] })),
    [visitId, doneCount, props.version]);
  const [tooBig, setTooBig] = useState(false);
  const [startError, setStartError] = useState<unknown>(null);
  const announcement = useUploadAnnouncement(uploads);
  const items = list.data?.items ?? [];
  const pending = uploads.filter((u) => u.state !== 'done');
  const Heading = props.heading ?? 'h2';

  const choose = async (input: HTMLInputElement) => {
    const files = Array.from(input.files ?? []);
    input.value = '';
    setTooBig(files.some((f) => f.size > MAX_FILE_BYTES));
    const fitting = files.filter((f) => f.size <= MAX_FILE_BYTES);
    if (fitting.length === 0) return;
    setStartError(null);
    try {
      const target = visitId ?? (await props.ensureVisitId?.()) ?? null;
      if (!target) return;
      setVisitId(target);
      startVisitUploads(api, target, fitting);
    } catch (err) {
      setStartError(err);
    }
  };

  return (
    <section className={props.className ?? 'card'} aria-labelledby={`${id}-title`} data-testid="visit-files">
      <Heading id={`${id}-title`}>{props.title ?? t('visitFiles.title')}</Heading>
      <ErrorAlert error={list.error ?? startError} />
      {items.length === 0 && pending.length === 0 && !props.canShare ? <p className="muted">{t('visitFiles.empty')}</p> : null}
      {items.length > 0 ? (
        <ul className="attachments" data-testid="visit-file-list">
          {items.map((f) => (
            <li key={f.id} className="attachment">
              <Preview visitId={f.visitId} file={f} edge={72} />
              <span>
                <a href={visitFileUrl(f.visitId, f.id, 'content')} target="_blank" rel="noopener" data-testid="visit-file-link">{f.fileName}</a>{' '}
                <a href={visitFileUrl(f.visitId, f.id, 'content', true)} className="button button--small"
                  aria-label={`${t('case.download')}: ${f.fileName}`}>{t('case.download')}</a>
                <span className="cell-sub">{formatBytes(f.size, lang)} · {f.sharedByName} · {formatDateTime(f.createdAt)}</span>
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {pending.length > 0 ? <ul className="plain" data-testid="visit-uploads">{pending.map((u) => <UploadRow key={u.key} u={u} />)}</ul> : null}
      <p className="visually-hidden" aria-live="polite" data-testid="visit-upload-status">{announcement}</p>
      {props.canShare ? (
        <div className="file-share">
          <p className="field__hint" id={`${id}-hint`}>{props.hint ?? t('visitFiles.hint')}</p>
          {tooBig ? <p className="field__error" role="alert">{t('consultationNew.fileTooBig')}</p> : null}
          <div className="field">
            <label htmlFor={`${id}-file`}>{t('visitFiles.chooseFile')}</label>
            <FileInput id={`${id}-file`} multiple accept={props.accept ?? VISIT_FILE_TYPES} aria-describedby={`${id}-hint`}
              data-testid="visit-file-input" onChange={(e) => void choose(e.currentTarget)} />
          </div>
          <div className="field">
            {/* On a phone this opens the camera; a document needs the picker above (capture leaves no choice of file). */}
            <label htmlFor={`${id}-photo`}>{t('visitFiles.takePhoto')}</label>
            <FileInput id={`${id}-photo`} accept="image/*" capture="environment" aria-describedby={`${id}-hint`} buttonLabel={t('file.camera')}
              data-testid="visit-photo-input" onChange={(e) => void choose(e.currentTarget)} />
          </div>
        </div>
      ) : null}
    </section>
  );
}
