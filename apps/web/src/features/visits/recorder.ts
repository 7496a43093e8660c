/** One person's picture and sound in the recording. */
export interface RecordingSource {
  id: string;
  label: string;
  /** What is shown (their camera, or a shared screen). */
  video: MediaStream | null;
  /** What is heard (their microphone). */
  audio: MediaStream | null;
}

const WIDTH = 1280;
const HEIGHT = 720;
const FPS = 15;
// Enough for faces and a shared document at 720p; an hour is about 450 MB.
const VIDEO_BITS = 1_000_000;

interface Tile {
  source: RecordingSource;
  el: HTMLVideoElement | null;
  node: MediaStreamAudioSourceNode | null;
}

function pickMimeType(): string {
  for (const t of ['video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9,opus', 'video/webm']) if (MediaRecorder.isTypeSupported(t)) return t;
  return 'video/webm';
}

/**
 * Records the call in this browser: every participant's video drawn side by side on a canvas, and
 * every participant's sound mixed with WebAudio, into one WebM by MediaRecorder. Nothing leaves the
 * browser while it records; the file is uploaded once it stops.
 */
export class CompositeRecorder {
  readonly #canvas = document.createElement('canvas');
  readonly #ctx: CanvasRenderingContext2D;
  readonly #audio: AudioContext;
  readonly #mix: MediaStreamAudioDestinationNode;
  readonly #tiles = new Map<string, Tile>();
  #recorder: MediaRecorder | null = null;
  #chunks: Blob[] = [];
  #timer: ReturnType<typeof setInterval> | null = null;
  #elapsed = 0;
  #since: number | null = null;

  /** Made on the clinician's click: the audio context may only start from a gesture. */
  constructor() {
    this.#canvas.width = WIDTH;
    this.#canvas.height = HEIGHT;
    this.#ctx = this.#canvas.getContext('2d')!;
    this.#audio = new AudioContext();
    void this.#audio.resume();
    this.#mix = this.#audio.createMediaStreamDestination();
  }

  get started(): boolean {
    return this.#recorder !== null;
  }

  get recording(): boolean {
    return this.#recorder?.state === 'recording';
  }

  /** Time recorded so far, pauses left out. */
  get elapsedMs(): number {
    return this.#elapsed + (this.#since !== null ? performance.now() - this.#since : 0);
  }

  /** Who is in the picture and the sound now (people join and leave, a screen is shared). */
  setSources(sources: readonly RecordingSource[]): void {
    const wanted = new Map(sources.map((s) => [s.id, s]));
    for (const [id, tile] of this.#tiles) {
      const next = wanted.get(id);
      if (!next || next.video !== tile.source.video || next.audio !== tile.source.audio) this.#drop(id);
    }
    for (const s of sources) {
      const existing = this.#tiles.get(s.id);
      if (existing) {
        existing.source = s;
        continue;
      }
      let el: HTMLVideoElement | null = null;
      if (s.video?.getVideoTracks().length) {
        el = document.createElement('video');
        el.muted = true;
        el.playsInline = true;
        el.srcObject = s.video;
        void el.play().catch(() => undefined);
      }
      let node: MediaStreamAudioSourceNode | null = null;
      if (s.audio?.getAudioTracks().length) {
        node = this.#audio.createMediaStreamSource(new MediaStream(s.audio.getAudioTracks()));
        node.connect(this.#mix);
      }
      this.#tiles.set(s.id, { source: s, el, node });
    }
  }

  #drop(id: string): void {
    const tile = this.#tiles.get(id);
    if (!tile) return;
    tile.node?.disconnect();
    if (tile.el) tile.el.srcObject = null;
    this.#tiles.delete(id);
  }

  #draw(): void {
    const ctx = this.#ctx;
    ctx.fillStyle = '#111';
    ctx.fillRect(0, 0, WIDTH, HEIGHT);
    const tiles = [...this.#tiles.values()];
    if (tiles.length === 0) return;
    const cols = Math.ceil(Math.sqrt(tiles.length));
    const rows = Math.ceil(tiles.length / cols);
    const w = WIDTH / cols;
    const h = HEIGHT / rows;
    tiles.forEach((tile, i) => {
      const x = (i % cols) * w;
      const y = Math.floor(i / cols) * h;
      const v = tile.el;
      if (v && v.videoWidth > 0) {
        const scale = Math.min(w / v.videoWidth, h / v.videoHeight);
        const dw = v.videoWidth * scale;
        const dh = v.videoHeight * scale;
        ctx.drawImage(v, x + (w - dw) / 2, y + (h - dh) / 2, dw, dh);
      }
      ctx.fillStyle = 'rgba(0,0,0,0.55)';
      ctx.fillRect(x, y + h - 32, w, 32);
      ctx.fillStyle = '#fff';
      ctx.font = '18px sans-serif';
      ctx.fillText(tile.source.label, x + 10, y + h - 10, w - 20);
    });
  }

  start(): void {
    if (this.#recorder) return;
    this.#draw();
    this.#timer = setInterval(() => this.#draw(), 1000 / FPS);
    const video = this.#canvas.captureStream(FPS).getVideoTracks();
    const stream = new MediaStream([...video, ...this.#mix.stream.getAudioTracks()]);
    const recorder = new MediaRecorder(stream, { mimeType: pickMimeType(), videoBitsPerSecond: VIDEO_BITS, audioBitsPerSecond: 64_000 });
    recorder.ondataavailable = (e) => { if (e.data.size > 0) this.#chunks.push(e.data); };
    recorder.start(1000);
    this.#recorder = recorder;
    this.#since = performance.now();
  }

  pause(): void {
    if (this.#recorder?.state !== 'recording') return;
    this.#recorder.pause();
    this.#elapsed = this.elapsedMs;
    this.#since = null;
  }

  resume(): void {
    if (this.#recorder?.state !== 'paused') return;
    this.#recorder.resume();
    this.#since = performance.now();
  }

  /** Stops and gives the recording (null if it never started). */
  async stop(): Promise<{ blob: Blob; durationMs: number } | null> {
    const recorder = this.#recorder;
    if (!recorder) {
      this.dispose();
      return null;
    }
    const durationMs = Math.round(this.elapsedMs);
    this.#since = null;
    this.#elapsed = durationMs;
    if (recorder.state !== 'inactive') {
      await new Promise<void>((resolve) => {
        recorder.onstop = () => resolve();
        recorder.stop();
      });
    }
    const blob = new Blob(this.#chunks, { type: 'video/webm' });
    this.dispose();
    return { blob, durationMs };
  }

  dispose(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    for (const id of [...this.#tiles.keys()]) this.#drop(id);
    this.#recorder?.stream.getTracks().forEach((t) => t.stop());
    this.#chunks = [];
    void this.#audio.close().catch(() => undefined);
  }
}
