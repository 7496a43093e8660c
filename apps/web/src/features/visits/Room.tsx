import type { RecordingState, RosterEntry, VisitChatMessage } from '@telemed/contracts';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Visit } from '../../ui/contract-types.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { CallClient, type CallPhase } from './call.ts';
import type { ChannelState } from './channel.ts';
import { AdmitButton } from './AdmitButton.tsx';
import { Chat } from './Chat.tsx';
import { InvitePanel } from './InvitePanel.tsx';
import { MessageFallback } from './MessageFallback.tsx';
import type { MediaChoice } from './PreCall.tsx';
import type { QualityReport } from './quality.ts';
import { RecordPanel } from './RecordPanel.tsx';
import { VisitFiles } from './VisitFiles.tsx';
import { ACCEPTED_FILES } from '../consultations/PendingFiles.tsx';
import type { RecordingSource } from './recorder.ts';
import { RecordingControls } from './RecordingControls.tsx';
import { useSrcObject } from './use-src-object.ts';

const SIDE_PANELS_WITHIN_MS = 1_500;

function RemoteTile(props: { stream: MediaStream; name: string; state: RTCPeerConnectionState | undefined }) {
  const { t } = useI18n();
  const ref = useRef<HTMLVideoElement>(null);
  useSrcObject(ref, props.stream);
  const repairing = props.state === 'disconnected' || props.state === 'failed';
  return (
    <figure className="video-figure">
      <video ref={ref} className="video-tile" autoPlay playsInline data-testid="remote-video" aria-label={props.name} />
      <figcaption>{props.name}{repairing ? ` — ${t('visit.state.peerReconnecting')}` : ''}</figcaption>
    </figure>
  );
}

/** The call: the others' video, one's own, the controls, who waits to be admitted, the invitations and the chat. */
export function Room(props: { visit: Visit; media: MediaChoice; onLeave(): void; onEnd?(): Promise<void> }) {
  const { t } = useI18n();
  const { visit, media } = props;
  const self = useRef<HTMLVideoElement>(null);
  const [phase, setPhase] = useState<CallPhase>('connecting');
  const [channel, setChannel] = useState<ChannelState>('connecting');
  const [roster, setRoster] = useState<RosterEntry[]>([]);
  const [remotes, setRemotes] = useState<Record<string, MediaStream>>({});
  const [peerStates, setPeerStates] = useState<Record<string, RTCPeerConnectionState>>({});
  const [messages, setMessages] = useState<VisitChatMessage[]>(visit.messages);
  const [quality, setQuality] = useState<QualityReport | null>(null);
  const [micOn, setMicOn] = useState(true);
  const [camOn, setCamOn] = useState(!media.audioOnly);
  const [announce, setAnnounce] = useState('');
  const [refusal, setRefusal] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const callRef = useRef<CallClient | null>(null);
  const [call, setCall] = useState<CallClient | null>(null);
  const [recording, setRecording] = useState<RecordingState | null>(null);
  const [recordingError, setRecordingError] = useState<string | null>(null);
  // The record, the files and the invitations come once a connection is up, or after a moment: drawn and fetched while the
  // call is being set up, they held the page's main thread that the set-up needed (bench/visit-join.ts).
  const [sideTimeUp, setSideTimeUp] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setSideTimeUp(true), SIDE_PANELS_WITHIN_MS);
    return () => clearTimeout(timer);
  }, []);
  const sideReady = sideTimeUp || Object.values(peerStates).includes('connected');
  const receiveOnly = media.receiveOnly === true;
  const relayOnly = useMemo(() => new URLSearchParams(location.search).get('relay') === '1', []);

  useEffect(() => {
    const call = new CallClient(visit.id, media.stream, {
      phase: setPhase,
      channel: setChannel,
      roster: setRoster,
      remote: (id, stream) => setRemotes((r) => {
        const next = { ...r };
        if (stream) next[id] = stream;
        else delete next[id];
        return next;
      }),
      peerState: (id, s) => setPeerStates((p) => ({ ...p, [id]: s })),
      chat: (m) => setMessages((ms) => (ms.some((x) => x.id === m.id) ? ms : [...ms, m])),
      quality: setQuality,
      error: (code) => {
        if (code === 'consent_required') setRefusal(code);
        if (code.startsWith('recording_')) setRecordingError(code);
      },
      recording: (r) => {
        setRecording(r);
        setRecordingError(null);
      },
    }, { relayOnly, receiveOnly });
    callRef.current = call;
    setCall(call);
    // The page's own handle on the call, for its checks (tests read the connection states through it).
    (window as unknown as { telemedCall?: CallClient }).telemedCall = call;
    call.start();
    return () => {
      call.leave();
      media.stream.getTracks().forEach((tr) => tr.stop());
    };
  }, [visit.id, media.stream, relayOnly, receiveOnly]);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);

  // Tell a screen reader what changed: admitted, someone waiting, the link stepping video down.
  const waiting = roster.filter((r) => !r.admitted && !r.removed && r.online);
  const waitingCount = waiting.length;
  useEffect(() => {
    if (phase === 'in-call') setAnnounce(t('visit.admittedNotice'));
  }, [phase, t]);
  useEffect(() => {
    if (visit.me.canManage && waitingCount > 0) setAnnounce(t('visit.waiting.announce', { count: waitingCount }));
  }, [waitingCount, visit.me.canManage, t]);

  const toggleMic = () => {
    const on = !micOn;
    media.stream.getAudioTracks().forEach((tr) => { tr.enabled = on; });
    setMicOn(on);
  };
  const [sharing, setSharing] = useState<MediaStream | null>(null);
  const stopSharing = async () => {
    sharing?.getTracks().forEach((tr) => tr.stop());
    setSharing(null);
    await callRef.current?.shareScreen(null);
  };
  const toggleShare = async () => {
    if (sharing) return stopSharing();
    let screen: MediaStream;
    try {
      // A few frames a second is enough for a document or an image, and spares a slow link.
      screen = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 5, max: 10 } }, audio: false });
    } catch {
      return; // The user chose not to share.
    }
    const track = screen.getVideoTracks()[0]!;
    track.contentHint = 'detail';
    track.onended = () => void stopSharing();
    setSharing(screen);
    await callRef.current?.shareScreen(track);
  };
  useSrcObject(self, sharing ?? media.stream);
  // What a recording made here shows and mixes: everyone's video and sound, one's own screen while it is shared.
  const recordingSources = useMemo<RecordingSource[]>(() => {
    const label = (id: string) => roster.find((r) => r.id === id)?.displayName ?? visit.participants.find((p) => p.id === id)?.displayName ?? '';
    return [{ id: visit.me.participantId, label: label(visit.me.participantId), video: sharing ?? media.stream, audio: media.stream },
      ...Object.entries(remotes).map(([id, stream]) => ({ id, label: label(id), video: stream, audio: stream }))];
  }, [roster, visit, sharing, media.stream, remotes]);
  const toggleCam = () => {
    const on = !camOn;
    media.stream.getVideoTracks().forEach((tr) => { tr.enabled = on; });
    setCamOn(on);
  };

  if (phase === 'ended' || phase === 'removed' || phase === 'unauthorized') {
    return (
      <div className="card" role="status">
        <p>{t(phase === 'ended' ? 'visit.ended' : phase === 'removed' ? 'visit.removed' : 'visit.unauthorized')}</p>
      </div>
    );
  }

  const nameOf = (id: string) => roster.find((r) => r.id === id)?.displayName ?? visit.participants.find((p) => p.id === id)?.displayName ?? '';
  const qualityText = quality && quality.level !== 'good'
    ? t(quality.level === 'reduced' ? 'visit.quality.reduced' : 'visit.quality.audioOnly')
    : null;

  return (
    <div className="room">
      <p className="visually-hidden" aria-live="polite">{announce}</p>
      <div className="room__status" role="status" data-testid="call-status">
        {channel === 'reconnecting' ? t('visit.state.reconnecting') : phase === 'connecting' ? t('visit.state.connecting') : null}
        {qualityText ? <span className="tag tag--warn" data-testid="quality-notice">{qualityText}</span> : null}
        {sharing ? <span className="tag tag--ok" data-testid="sharing-notice">{t('visit.sharingNotice')}</span> : null}
        {quality ? <span className="muted small" data-testid="quality-details">
          {t('visit.quality.details', { rtt: quality.rttMs ?? '—', loss: quality.lossPercent ?? 0 })}</span> : null}
        {visit.broadcast ? <span className="tag" data-testid="broadcast-tag">{t('visit.broadcast.tag')}</span> : null}
      </div>
      <RecordingControls visitId={visit.id} me={visit.me.participantId} canManage={visit.me.canManage} receiveOnly={receiveOnly}
        inCall={phase === 'in-call'} call={call} recording={recording} error={recordingError} sources={recordingSources} nameOf={nameOf}
        announce={setAnnounce} />
      {phase === 'waiting' ? (
        <section className="card card--attention" aria-labelledby="waiting-title" data-testid="waiting-room">
          <h2 id="waiting-title">{t('visit.waiting.title')}</h2>
          <p>{t('visit.waiting.text')}</p>
        </section>
      ) : null}
      <div className="room__stage">
        {Object.entries(remotes).map(([id, stream]) => <RemoteTile key={id} stream={stream} name={nameOf(id)} state={peerStates[id]} />)}
        {phase === 'in-call' && Object.keys(remotes).length === 0 ? <p className="room__alone muted">{t('visit.alone')}</p> : null}
        {!receiveOnly ? (
          <figure className="video-figure video-figure--self">
            <video ref={self} className="video-tile video-tile--self" autoPlay playsInline muted data-testid="self-video" aria-label={t('visit.you')} />
            <figcaption>{t('visit.you')}</figcaption>
          </figure>
        ) : null}
      </div>
      {quality?.level === 'audio-only' ? <p className="alert alert--info">{t('visit.fallbackChat')}</p> : null}
      <div className="room__controls" role="toolbar" aria-label={t('visit.controls.label')}>
        {!receiveOnly ? (
          <button type="button" className="button" aria-pressed={!micOn} onClick={toggleMic}>
            {micOn ? t('visit.controls.mute') : t('visit.controls.unmute')}
          </button>
        ) : null}
        {!media.audioOnly ? (
          <button type="button" className="button" aria-pressed={!camOn} onClick={toggleCam}>
            {camOn ? t('visit.controls.cameraOff') : t('visit.controls.cameraOn')}
          </button>
        ) : null}
        {!media.audioOnly && 'getDisplayMedia' in (navigator.mediaDevices ?? {}) ? (
          <button type="button" className="button" aria-pressed={Boolean(sharing)} onClick={() => void toggleShare()} disabled={phase !== 'in-call'}>
            {sharing ? t('visit.controls.stopShare') : t('visit.controls.share')}
          </button>
        ) : null}
        <button type="button" className="button" onClick={props.onLeave}>{t('visit.controls.leave')}</button>
        {visit.me.canManage && props.onEnd ? (
          <button type="button" className="button button--danger" onClick={() => void props.onEnd!()}>{t('visit.controls.end')}</button>
        ) : null}
      </div>
      <MessageFallback visitId={visit.id} cannotConnect={channel === 'reconnecting' || Object.values(peerStates).includes('failed')} />
      <div className="room__side">
        {visit.me.canManage ? (
          <section className="card" aria-labelledby="waiting-list-title" data-testid="waiting-list">
            <h2 id="waiting-list-title">{t('visit.waiting.list')}</h2>
            {refusal ? <p className="alert alert--error" role="alert">{t('visitRecord.consent.required')}</p> : null}
            {waiting.length === 0 ? <p className="muted">{t('visit.waiting.none')}</p> : (
              <ul className="plain">
                {waiting.map((w) => (
                  <li key={w.id} className="row-actions">
                    <span>{w.displayName} · {t(`visit.role.${w.role}`)} · {t('visit.waiting.since', {
                      count: Math.max(0, Math.floor((now - Date.parse(w.waitingSince ?? new Date(now).toISOString())) / 60_000)) })}</span>
                    <AdmitButton visitId={visit.id} entry={w} onAdmit={() => { setRefusal(null); callRef.current?.admit(w.id); }} />
                  </li>
                ))}
              </ul>
            )}
          </section>
        ) : null}
        <section className="card" aria-labelledby="participants-title">
          <h2 id="participants-title">{t('visit.participants')}</h2>
          <ul className="plain" data-testid="participants">
            {roster.filter((r) => !r.removed).map((r) => (
              <li key={r.id}>
                {r.displayName} · {t(`visit.role.${r.role}`)} · <span className={r.online ? 'tag tag--ok' : 'tag'}>
                  {r.online ? (r.admitted ? t('visit.inCall') : t('visit.waitingShort')) : t('visit.offline')}</span>
              </li>
            ))}
          </ul>
        </section>
        {sideReady && visit.me.canManage ? <InvitePanel visit={visit} /> : null}
        {sideReady && visit.me.canRecord ? <RecordPanel visitId={visit.id} /> : null}
        {sideReady ? <VisitFiles visitId={visit.id} canShare accept={ACCEPTED_FILES} version={messages.filter((m) => m.file).length} /> : null}
        <Chat messages={messages} me={visit.me.participantId} disabled={phase !== 'in-call'} onSend={(body) => callRef.current?.sendChat(body)}
          visitId={visit.id} />
      </div>
    </div>
  );
}
