import type { RecordingState } from '@telemed/contracts';
import type { ApiClient } from '../../ui/api.ts';
import { CompositeRecorder, type RecordingSource } from './recorder.ts';
import { withDuration } from './webm-duration.ts';

export type SaveStatus = { kind: 'saving'; percent: number } | { kind: 'saved' } | { kind: 'failed'; reason: string };

/** Told on the page when a recording of a visit is stored, so the record's list shows it. */
export const RECORDING_STORED_EVENT = 'telemed:recording-stored';

/**
 * The clinician's side of one recording request: the recorder follows what the server says
 * (records once everyone consented, pauses while someone is asked, stops), and when it stops the
 * file is uploaded to the record. It outlives the call's view: leaving the call still saves what
 * was recorded.
 */
export class RecordingSession {
  readonly #api: ApiClient;
  readonly #visitId: string;
  readonly #me: string;
  /** The request that was there before this one was asked for (its news is not this session's). */
  readonly #before: string | null;
  readonly #onStatus: (s: SaveStatus) => void;
  readonly recorder = new CompositeRecorder();
  #recordingId: string | null = null;
  #done = false;

  constructor(opts: { api: ApiClient; visitId: string; me: string; before: string | null; onStatus(s: SaveStatus): void }) {
    this.#api = opts.api;
    this.#visitId = opts.visitId;
    this.#me = opts.me;
    this.#before = opts.before;
    this.#onStatus = opts.onStatus;
  }

  get recordingId(): string | null {
    return this.#recordingId;
  }

  get done(): boolean {
    return this.#done;
  }

  setSources(sources: readonly RecordingSource[]): void {
    if (!this.#done) this.recorder.setSources(sources);
  }

  /** Whether a state is of this session's request (the first new request of mine binds it). */
  owns(r: RecordingState): boolean {
    if (this.#recordingId === null && r.requestedBy === this.#me && r.id !== this.#before) this.#recordingId = r.id;
    return r.id === this.#recordingId;
  }

  apply(r: RecordingState): void {
    if (this.#done || !this.owns(r)) return;
    if (r.state === 'recording') {
      if (this.recorder.started) this.recorder.resume();
      else this.recorder.start();
    } else if (r.state === 'paused') {
      this.recorder.pause();
    } else if (r.state === 'stopped') {
      void this.finish();
    } else if (r.state === 'cancelled') {
      this.cancel();
    }
  }

  cancel(): void {
    if (this.#done) return;
    this.#done = true;
    this.recorder.dispose();
  }

  /** Stops recording and saves what was recorded (nothing, if it never started). */
  async finish(): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    const result = await this.recorder.stop();
    const recordingId = this.#recordingId;
    if (!result || !recordingId) return;
    this.#onStatus({ kind: 'saving', percent: 0 });
    try {
      const blob = await withDuration(result.blob, result.durationMs);
      const { uploadRecording } = await import('./recording-upload.ts');
      await uploadRecording(this.#api, blob, { visitId: this.#visitId, recordingId, durationMs: result.durationMs,
        onProgress: (f) => this.#onStatus({ kind: 'saving', percent: Math.round(f * 100) }) });
      this.#onStatus({ kind: 'saved' });
      window.dispatchEvent(new CustomEvent(RECORDING_STORED_EVENT, { detail: { visitId: this.#visitId } }));
    } catch (err) {
      this.#onStatus({ kind: 'failed', reason: (err as Error).message });
    }
  }
}
