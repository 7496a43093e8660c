import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../ui/i18n.tsx';
import { useSrcObject } from './use-src-object.ts';

export interface MediaChoice {
  stream: MediaStream;
  audioOnly: boolean;
  /** A broadcast's observer: no camera, no microphone; they watch, listen and write in the chat. */
  receiveOnly?: boolean;
}

/** The check before a broadcast, for an observer: nothing to check, since they send nothing (no camera or microphone is asked for). */
function ObserverPreCall(props: { onJoin(choice: MediaChoice): void }) {
  const { t } = useI18n();
  return (
    <section className="card precall" aria-labelledby="precall-title" data-testid="observer-precall">
      <h2 id="precall-title">{t('visit.precall.observerTitle')}</h2>
      <p>{t('visit.precall.observerText')}</p>
      <button type="button" className="button button--primary"
        onClick={() => props.onJoin({ stream: new MediaStream(), audioOnly: true, receiveOnly: true })}>
        {t('visit.precall.join')}
      </button>
    </section>
  );
}

/** Opens camera and microphone with the chosen devices; on a failure, tries audio alone before giving up. */
async function openMedia(cameraId: string, micId: string, audioOnly: boolean): Promise<MediaChoice> {
  const audio: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, ...(micId ? { deviceId: { exact: micId } } : {}) };
  // 640×360 at most: a district link rarely carries more, and the encoder starts lower anyway.
  const video: MediaTrackConstraints = { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 24, max: 30 },
    ...(cameraId ? { deviceId: { exact: cameraId } } : {}) };
  if (!audioOnly) {
    try {
      return { stream: await navigator.mediaDevices.getUserMedia({ audio, video }), audioOnly: false };
    } catch {
      // No camera, or it is in use: sound alone still makes a visit.
    }
  }
  return { stream: await navigator.mediaDevices.getUserMedia({ audio }), audioOnly: true };
}

/** Round trip to the server, the best of three: what the page can tell of the link before the call. */
async function measureRtt(): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await fetch('/api/health', { cache: 'no-store' });
    best = Math.min(best, performance.now() - t0);
  }
  return Math.round(best);
}

/**
 * The check before the call: the user sees themself, picks camera and microphone, watches the
 * microphone level, plays a test tone, and is told if the connection looks slow.
 */
export function PreCall(props: { onJoin(choice: MediaChoice): void; receiveOnly?: boolean }) {
  return props.receiveOnly ? <ObserverPreCall onJoin={props.onJoin} /> : <DevicePreCall onJoin={props.onJoin} />;
}

function DevicePreCall(props: { onJoin(choice: MediaChoice): void }) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const handedOver = useRef(false);
  const [choice, setChoice] = useState<MediaChoice | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [cameraId, setCameraId] = useState('');
  const [micId, setMicId] = useState('');
  const [audioOnly, setAudioOnly] = useState(false);
  const [level, setLevel] = useState(0);
  const [rtt, setRtt] = useState<number | null>(null);
  const [tone, setTone] = useState(false);
  const connection = (navigator as Navigator & { connection?: { downlink?: number } }).connection;

  useEffect(() => {
    let cancelled = false;
    let opened: MediaStream | null = null;
    setError(null);
    openMedia(cameraId, micId, audioOnly).then(async (c) => {
      if (cancelled) return c.stream.getTracks().forEach((tr) => tr.stop());
      opened = c.stream;
      setChoice(c);
      setDevices((await navigator.mediaDevices.enumerateDevices()).filter((d) => d.deviceId));
    }, (err: Error) => !cancelled && setError(err.name || err.message));
    return () => {
      cancelled = true;
      // The stream is handed to the call on join; otherwise it is released here.
      if (opened && !handedOver.current) opened.getTracks().forEach((tr) => tr.stop());
    };
  }, [cameraId, micId, audioOnly]);

  useSrcObject(video, choice?.stream);

  // The microphone level, so the user sees that they are heard.
  useEffect(() => {
    const track = choice?.stream.getAudioTracks()[0];
    if (!track) return;
    const ctx = new AudioContext();
    const analyser = ctx.createAnalyser();
    ctx.createMediaStreamSource(new MediaStream([track])).connect(analyser);
    const data = new Uint8Array(analyser.fftSize);
    const timer = setInterval(() => {
      analyser.getByteTimeDomainData(data);
      let peak = 0;
      for (const v of data) peak = Math.max(peak, Math.abs(v - 128));
      setLevel(Math.min(100, Math.round((peak / 128) * 200)));
    }, 150);
    return () => {
      clearInterval(timer);
      void ctx.close();
    };
  }, [choice]);

  useEffect(() => {
    measureRtt().then(setRtt, () => setRtt(null));
  }, []);

  const playTone = () => {
    const ctx = new AudioContext();
    const osc = ctx.createOscillator();
    osc.frequency.value = 440;
    osc.connect(ctx.destination);
    osc.start();
    setTone(true);
    setTimeout(() => {
      osc.stop();
      void ctx.close();
      setTone(false);
    }, 1200);
  };

  const slow = (rtt !== null && rtt > 400) || (connection?.downlink !== undefined && connection.downlink < 0.5);
  const cameras = devices.filter((d) => d.kind === 'videoinput');
  const mics = devices.filter((d) => d.kind === 'audioinput');

  return (
    <section className="card precall" aria-labelledby="precall-title">
      <h2 id="precall-title">{t('visit.precall.title')}</h2>
      <div className="precall__body">
        <video ref={video} className="video-tile video-tile--self" autoPlay playsInline muted aria-label={t('visit.you')} />
        <div className="stack">
          {error ? <div className="alert alert--error" role="alert">{t('visit.precall.noDevices', { reason: error })}</div> : null}
          {choice?.audioOnly && !audioOnly ? <p className="alert alert--info">{t('visit.precall.noCamera')}</p> : null}
          {cameras.length > 0 && !audioOnly ? (
            <div className="field">
              <label htmlFor="precall-camera">{t('visit.precall.camera')}</label>
              <select id="precall-camera" value={cameraId} onChange={(e) => setCameraId(e.target.value)}>
                <option value="">{t('visit.precall.default')}</option>
                {cameras.map((d, i) => <option key={d.deviceId} value={d.deviceId}>{d.label || `${t('visit.precall.camera')} ${i + 1}`}</option>)}
              </select>
            </div>
          ) : null}
          {mics.length > 0 ? (
            <div className="field">
              <label htmlFor="precall-mic">{t('visit.precall.microphone')}</label>
              <select id="precall-mic" value={micId} onChange={(e) => setMicId(e.target.value)}>
                <option value="">{t('visit.precall.default')}</option>
                {mics.map((d, i) => <option key={d.deviceId} value={d.deviceId}>{d.label || `${t('visit.precall.microphone')} ${i + 1}`}</option>)}
              </select>
            </div>
          ) : null}
          <div className="field">
            <span id="mic-level-label">{t('visit.precall.micLevel')}</span>
            <meter className="mic-level" aria-labelledby="mic-level-label" min={0} max={100} value={level} />
          </div>
          <div className="row-actions">
            <button type="button" className="button" onClick={playTone} disabled={tone}>{t('visit.precall.speaker')}</button>
            <span aria-live="polite">{tone ? t('visit.precall.speakerPlaying') : ''}</span>
          </div>
          <label className="field--check">
            <input type="checkbox" checked={audioOnly} onChange={(e) => setAudioOnly(e.target.checked)} /> {t('visit.precall.audioOnly')}
          </label>
          <p className={slow ? 'alert alert--info' : 'muted'} data-testid="precall-network">
            {rtt === null ? t('visit.precall.networkChecking') : t('visit.precall.network', { rtt })}
            {slow ? ` ${t('visit.precall.networkSlow')}` : ''}
          </p>
          <button type="button" className="button button--primary" disabled={!choice}
            onClick={() => { if (choice) { handedOver.current = true; props.onJoin(choice); } }}>
            {t('visit.precall.join')}
          </button>
        </div>
      </div>
    </section>
  );
}
