import { Upload } from 'tus-js-client';
import type { ApiClient } from '../../ui/api.ts';
import { sha256Of } from '../consultations/tus-uploader.ts';

/** After a drop: retry at once, then back off up to a minute and keep trying (a rural link comes back). */
const RETRY_DELAYS = [0, 1_000, 3_000, 5_000, 10_000, 20_000, 30_000, 60_000, 60_000, 60_000, 60_000, 60_000];
const CHUNK_SIZE = 50 * 1024 * 1024;

/**
 * Sends a finished recording to the visit's record: a resumable tus upload through the
 * attachments' tus machinery, under the request's address (the server refuses it unless everyone
 * present consented), then the
 * commit that keeps it sealed in the blob store. Loaded only when a recording is saved.
 */
export async function uploadRecording(api: ApiClient, blob: Blob, opts: { visitId: string; recordingId: string; durationMs: number;
  onProgress(fraction: number): void }): Promise<void> {
  const sha256 = await sha256Of(blob);
  const uploadId = await new Promise<string>((resolve, reject) => {
    const upload = new Upload(blob, {
      endpoint: `/api/visits/${opts.visitId}/recordings/${opts.recordingId}/uploads`,
      chunkSize: CHUNK_SIZE,
      retryDelays: RETRY_DELAYS,
      // The recording lives in this page's memory: a reload cannot resume it, so nothing is kept for one.
      storeFingerprintForResuming: false,
      metadata: { filename: `visit-recording-${opts.recordingId}.webm`, filetype: 'video/webm', sha256, durationMs: String(opts.durationMs) },
      onBeforeRequest(req) {
        const token = api.csrfToken();
        if (token) req.setHeader('X-CSRF-Token', token);
      },
      onShouldRetry(err) {
        const status = err.originalResponse?.getStatus() ?? 0;
        // A refusal for want of consent will not change on retry; a PATCH at a stale offset (409) or a lost link may.
        const refused = /not-consented/.test(err.originalResponse?.getBody() ?? '');
        return !refused && (status === 0 || status === 409 || status === 423 || status === 429 || status >= 500);
      },
      onProgress(sent, total) {
        opts.onProgress(total ? sent / total : 0);
      },
      onSuccess() {
        resolve(upload.url?.split('/').pop() ?? '');
      },
      onError(err) {
        const body = (err as { originalResponse?: { getBody(): string } | null }).originalResponse?.getBody();
        let title: string | undefined;
        try { title = body ? (JSON.parse(body) as { title?: string }).title : undefined; } catch { title = undefined; }
        reject(title ? new Error(title) : err);
      },
    });
    upload.start();
  });
  try {
    await api.post(`/api/visits/${opts.visitId}/recordings/${opts.recordingId}`, { uploadId }, { purpose: 'treatment' });
  } catch (err) {
    const title = (err as { problem?: { title?: string } | null }).problem?.title;
    throw title ? new Error(title) : err;
  }
}
