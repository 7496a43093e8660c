import { createSHA256 } from 'hash-wasm';
import { Upload } from 'tus-js-client';
import type { ApiClient } from '../../ui/api.ts';

/** Files this size or smaller are hashed by Web Crypto in one piece; larger ones stream through hash-wasm in slices. */
const WHOLE_HASH_LIMIT = 64 * 1024 * 1024;
const HASH_SLICE = 8 * 1024 * 1024;
/** One PATCH per 50 MB: a proxy's body limit is never hit, and a drop costs at most the slice in flight. */
const CHUNK_SIZE = 50 * 1024 * 1024;
/** After a drop: retry at once, then back off up to a minute and keep trying (a rural link comes back). */
const RETRY_DELAYS = [0, 1_000, 3_000, 5_000, 10_000, 20_000, 30_000, 60_000, 60_000, 60_000, 60_000, 60_000];

const BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', tif: 'image/tiff',
  tiff: 'image/tiff', gif: 'image/gif', dcm: 'application/dicom', txt: 'text/plain', csv: 'text/csv',
};

/** The type the server is told; it checks the first bytes itself. */
export function mediaTypeOf(file: Pick<File, 'name' | 'type'>): string {
  const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
  return Object.values(BY_EXTENSION).includes(file.type) ? file.type : BY_EXTENSION[ext] ?? (file.type || 'application/octet-stream');
}

const toHex = (bytes: ArrayBuffer) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');

/** SHA-256 of the file as the server must receive it; a 2 GB file is read in slices so memory stays small. */
export async function sha256Of(file: Blob): Promise<string> {
  if (file.size <= WHOLE_HASH_LIMIT) return toHex(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
  const hash = await createSHA256();
  hash.init();
  for (let offset = 0; offset < file.size; offset += HASH_SLICE) {
    hash.update(new Uint8Array(await file.slice(offset, offset + HASH_SLICE).arrayBuffer()));
  }
  return hash.digest('hex');
}

export interface UploadProgress {
  onProgress(sent: number): void;
  onStalled(stalled: boolean): void;
}

/**
 * A resumable tus upload to `endpoint` (resumed from where the server has it, after a drop or a
 * reload, by the fingerprint tus-js-client keeps in localStorage). Resolves with the upload's id,
 * for the commit that puts it where it belongs.
 */
export async function uploadResumable(api: ApiClient, file: File, opts: UploadProgress & { endpoint: string; metadata: Record<string, string> }):
  Promise<string> {
  const sha256 = await sha256Of(file);
  return new Promise<string>((resolve, reject) => {
    const upload = new Upload(file, {
      endpoint: opts.endpoint,
      chunkSize: CHUNK_SIZE,
      retryDelays: RETRY_DELAYS,
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      metadata: { ...opts.metadata, filename: file.name, filetype: mediaTypeOf(file), sha256 },
      onBeforeRequest(req) {
        const token = api.csrfToken();
        if (token) req.setHeader('X-CSRF-Token', token);
      },
      onShouldRetry(err) {
        const status = err.originalResponse?.getStatus() ?? 0;
        opts.onStalled(true);
        // A refusal (too large, wrong type, no access) will not change on retry; a lost link or a busy server may.
        return status === 0 || status === 409 || status === 423 || status === 429 || status >= 500;
      },
      onProgress(sent) {
        opts.onStalled(false);
        opts.onProgress(sent);
      },
      onSuccess() {
        resolve(upload.url?.split('/').pop() ?? '');
      },
      onError(err) {
        // The server's problem document carries a message in the user's language (too large, wrong type).
        const body = (err as { originalResponse?: { getBody(): string } | null }).originalResponse?.getBody();
        let title: string | undefined;
        try { title = body ? (JSON.parse(body) as { title?: string }).title : undefined; } catch { title = undefined; }
        reject(title ? new Error(title) : err);
      },
    });
    upload.findPreviousUploads().then((previous) => {
      if (previous.length > 0) upload.resumeFromPreviousUpload(previous[0]);
      upload.start();
    }, reject);
  });
}

/** Sends one file to a case: the resumable upload, then the commit that attaches it. */
export async function uploadToCase(api: ApiClient, file: File, opts: UploadProgress & { consultationId: string; messageId?: string }): Promise<void> {
  const uploadId = await uploadResumable(api, file, { ...opts, endpoint: '/api/uploads', metadata: { consultationId: opts.consultationId } });
  try {
    await api.post(`/api/consultations/${opts.consultationId}/attachments`, { uploadId, ...(opts.messageId ? { messageId: opts.messageId } : {}) },
      { purpose: 'consultation' });
  } catch (err) {
    const title = (err as { problem?: { title?: string } | null }).problem?.title;
    throw title ? new Error(title) : err;
  }
}
