import type { RecordingState } from '@telemed/contracts';
import { useEffect, useRef, useState } from 'react';
import { useSession } from '../../app/session.tsx';
import { useI18n } from '../../ui/i18n.tsx';
import type { CallClient } from './call.ts';
import type { RecordingSource } from './recorder.ts';
import { RecordingSession, type SaveStatus } from './recording-session.ts';

const ACTIVE: readonly string[] = ['asking', 'recording', 'paused'];

const clock = (ms: number) => {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

/**
 * Recording in the call: everyone sees whether the visit is recorded; everyone present is asked,
 * in their language, and answers; the clinician asks, sees who is still to answer, and stops it.
 * The clinician's browser records (recording-session.ts) and saves the file to the record.
 */
export function RecordingControls(props: { visitId: string; me: string; canManage: boolean; receiveOnly: boolean; inCall: boolean;
  call: CallClient | null; recording: RecordingState | null; error: string | null; sources: RecordingSource[]; nameOf(id: string): string;
  announce(text: string): void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const { recording: r, call, me } = props;
  const session = useRef<RecordingSession | null>(null);
  const previous = useRef<RecordingState | null>(null);
  const [save, setSave] = useState<SaveStatus | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [answered, setAnswered] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const dialog = useRef<HTMLElement>(null);
  const { announce, nameOf } = props;
  const names = (ids: readonly string[]) => ids.map(nameOf).join(', ');

  // The server's word on the request: the recorder follows it, and people are told what changed.
  useEffect(() => {
    const before = previous.current;
    previous.current = r;
    if (!r) return;
    const mine = session.current;
    if (mine && !mine.done) mine.apply(r);
    else if (r.requestedBy === me && ACTIVE.includes(r.state) && call && (!mine || mine.recordingId !== r.id)) {
      // A request of mine that no recorder here holds (this page was reloaded): nothing records it, so it stops.
      call.sendRecording({ type: 'recording-stop', recordingId: r.id });
    }
    const same = before?.id === r.id;
    if (same && before.state === r.state) return;
    let text: string | null = null;
    if (r.state === 'asking' && !same) text = r.pending.includes(me) ? t('visit.recording.consentTitle') : t('visit.recording.asking', { names: names(r.pending) });
    else if (r.state === 'recording') text = !before ? t('visit.recording.inProgress') : before.state === 'paused' && same ? t('visit.recording.resumed') : t('visit.recording.started');
    else if (r.state === 'paused') text = t('visit.recording.paused', { names: names(r.pending) });
    else if (same && r.state === 'cancelled') text = r.declinedBy ? t('visit.recording.declined', { name: nameOf(r.declinedBy) }) : t('visit.recording.stopped');
    else if (same && r.state === 'stopped') {
      text = r.endReason === 'declined' && r.declinedBy ? t('visit.recording.declinedStopped', { name: nameOf(r.declinedBy) }) : t('visit.recording.stopped');
    }
    if (text) {
      setNotice(text);
      announce(text);
    }
    // nameOf and t change with the roster and the language; the announcement is for the state's change only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [r, me, call]);

  useEffect(() => {
    if (props.error === 'recording_active') {
      session.current?.cancel();
      setNotice(t('visit.recording.busy'));
    }
  }, [props.error, t]);

  useEffect(() => { session.current?.setSources(props.sources); }, [props.sources]);

  // Leaving the call saves what was recorded.
  useEffect(() => () => {
    const s = session.current;
    if (s && !s.done && s.recordingId) call?.sendRecording({ type: 'recording-stop', recordingId: s.recordingId });
    void s?.finish();
  }, [call]);

  const active = r !== null && ACTIVE.includes(r.state);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);

  const asked = active && r.pending.includes(me) && answered !== r.id;
  useEffect(() => { if (asked) dialog.current?.focus(); }, [asked]);

  const startRecording = () => {
    if (!call) return;
    const s = new RecordingSession({ api, visitId: props.visitId, me, before: r?.id ?? null, onStatus: setSave });
    s.setSources(props.sources);
    session.current = s;
    setSave(null);
    setNotice(null);
    call.sendRecording({ type: 'recording-request' });
  };
  const answer = (accept: boolean) => {
    if (!r || !call) return;
    setAnswered(r.id);
    call.sendRecording({ type: 'recording-consent', recordingId: r.id, accept });
  };

  const mineNow = session.current && !session.current.done && r && session.current.recordingId === r.id ? session.current : null;
  const elapsed = mineNow ? mineNow.recorder.elapsedMs : r?.startedAt ? now - Date.parse(r.startedAt) : 0;

  return (
    <div className="recording" data-testid="recording">
      {active && r.state !== 'asking' ? (
        <p className={`recording__indicator ${r.state === 'paused' ? 'recording__indicator--paused' : ''}`} data-testid="recording-indicator">
          <span aria-hidden="true">● </span>
          {r.state === 'recording' ? t('visit.recording.indicator', { time: clock(elapsed) }) : t('visit.recording.pausedIndicator')}
        </p>
      ) : null}
      {asked ? (
        <section ref={dialog} tabIndex={-1} className="card card--attention" role="alertdialog" aria-labelledby="recording-consent-title"
          aria-describedby="recording-consent-text" data-testid="recording-consent">
          <h2 id="recording-consent-title">{t('visit.recording.consentTitle')}</h2>
          <p id="recording-consent-text">{t('visit.recording.consentText', { name: nameOf(r.requestedBy) })}</p>
          <div className="row-actions">
            <button type="button" className="button button--primary" onClick={() => answer(true)}>{t('visit.recording.accept')}</button>
            <button type="button" className="button" onClick={() => answer(false)}>{t('visit.recording.decline')}</button>
          </div>
        </section>
      ) : null}
      {notice && !asked ? <p className="muted small" data-testid="recording-notice">{notice}</p> : null}
      {props.canManage && active && r.pending.length > 0 && !asked ? (
        <p className="small" data-testid="recording-waiting">{t(r.state === 'paused' ? 'visit.recording.paused' : 'visit.recording.asking',
          { names: names(r.pending) })}</p>
      ) : null}
      {save ? (
        <p className={save.kind === 'failed' ? 'alert alert--error' : 'small'} role={save.kind === 'failed' ? 'alert' : 'status'} data-testid="recording-save">
          {save.kind === 'saving' ? t('visit.recording.saving', { percent: save.percent })
            : save.kind === 'saved' ? t('visit.recording.saved') : t('visit.recording.saveFailed', { reason: save.reason })}
        </p>
      ) : null}
      {props.canManage && !props.receiveOnly ? (
        active ? (
          <button type="button" className="button button--danger" onClick={() => call?.sendRecording({ type: 'recording-stop', recordingId: r.id })}>
            {t('visit.recording.stop')}
          </button>
        ) : (
          <button type="button" className="button" disabled={!props.inCall || !call || save?.kind === 'saving'} onClick={startRecording}>
            {t('visit.recording.start')}
          </button>
        )
      ) : null}
    </div>
  );
}
