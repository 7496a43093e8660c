import type { VisitRecordingItem } from '@telemed/contracts';
import { useEffect, useState } from 'react';
import { useActiveSession } from '../../app/session.tsx';
import { ErrorAlert } from '../../ui/Feedback.tsx';
import { useResource } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { formatBytes } from '../consultations/PendingFiles.tsx';
import { RECORDING_STORED_EVENT } from './recording-session.ts';

const length = (ms: number | null) => {
  if (ms === null) return '—';
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/** The visit's recordings in its record, for its clinicians: who consented, and playback (each read is audited). */
export function RecordingList(props: { visitId: string }) {
  const { t, lang, formatDateTime } = useI18n();
  const { api } = useActiveSession();
  const list = useResource((signal) => api.get<{ items: VisitRecordingItem[] }>(`/api/visits/${props.visitId}/recordings`,
    { signal, purpose: 'treatment' }), [props.visitId]);
  const [playing, setPlaying] = useState<string | null>(null);
  const { reload } = list;
  useEffect(() => {
    const onStored = (e: Event) => { if ((e as CustomEvent<{ visitId: string }>).detail.visitId === props.visitId) reload(); };
    window.addEventListener(RECORDING_STORED_EVENT, onStored);
    return () => window.removeEventListener(RECORDING_STORED_EVENT, onStored);
  }, [props.visitId, reload]);

  const items = list.data?.items ?? [];
  return (
    <section aria-labelledby="recordings-title" data-testid="recordings">
      <h3 id="recordings-title">{t('visit.recordings.title')}</h3>
      <ErrorAlert error={list.error} />
      {!list.loading && items.length === 0 ? <p className="muted">{t('visit.recordings.empty')}</p> : null}
      <ul className="plain">
        {items.map((r) => {
          const when = formatDateTime(r.startedAt);
          return (
            <li key={r.id} className="stack" data-testid="recording-item">
              <span>{t('visit.recordings.item', { when, duration: length(r.durationMs), size: formatBytes(r.size, lang) })}</span>
              <span className="small muted">{t('visit.recordings.consented', { names: r.consentedBy.map((c) => c.displayName).join(', ') })}</span>
              {playing === r.id ? (
                <>
                  <video className="recording__player" controls preload="metadata" src={`/api/visits/${props.visitId}/recordings/${r.id}/content`}
                    aria-label={t('visit.recordings.player', { when })} data-testid="recording-video" />
                  <button type="button" className="button" onClick={() => setPlaying(null)}>{t('visit.recordings.hide')}</button>
                </>
              ) : (
                <button type="button" className="button" onClick={() => setPlaying(r.id)}>{t('visit.recordings.play', { when })}</button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
