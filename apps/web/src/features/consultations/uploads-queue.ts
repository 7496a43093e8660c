import { useSyncExternalStore } from 'react';
import type { ApiClient } from '../../ui/api.ts';

export interface QueuedUpload {
  key: string;
  consultationId: string;
  name: string;
  size: number;
  sent: number;
  state: 'uploading' | 'paused' | 'done' | 'failed';
  error?: string;
}

/**
 * Uploads outlive the page that started them: the referrer moves on to the case (or elsewhere)
 * while files keep going up in the background, resuming after a dropped link.
 */
const uploads = new Map<string, QueuedUpload>();
const listeners = new Set<() => void>();
let snapshot: QueuedUpload[] = [];
/** How to start a stopped upload again (the file is still in hand): tus asks the server where it stands and goes on from there. */
const retries = new Map<string, () => void>();

/** Starts a failed upload again, from where the server has it. */
export function retryUpload(key: string): void {
  retries.get(key)?.();
}

function changed(u: QueuedUpload): void {
  uploads.set(u.key, { ...u });
  snapshot = [...uploads.values()];
  for (const l of listeners) l();
}

export function useUploads(consultationId?: string): QueuedUpload[] {
  const all = useSyncExternalStore((l) => { listeners.add(l); return () => listeners.delete(l); }, () => snapshot);
  return consultationId ? all.filter((u) => u.consultationId === consultationId) : all;
}

/**
 * Starts uploading files to a case. The uploader (tus-js-client, hash-wasm) is loaded only now,
 * so neither is part of any page's first download.
 */
export function startCaseUploads(api: ApiClient, consultationId: string, files: File[], messageId?: string): void {
  for (const file of files) {
    const u: QueuedUpload = { key: `${consultationId}:${file.name}:${file.size}:${file.lastModified}`, consultationId, name: file.name, size: file.size,
      sent: 0, state: 'uploading' };
    changed(u);
    retries.set(u.key, () => startCaseUploads(api, consultationId, [file], messageId));
    let current = u;
    const update = (next: Partial<QueuedUpload>) => { current = { ...current, ...next }; changed(current); };
    import('./tus-uploader.ts')
      .then((m) => m.uploadToCase(api, file, { consultationId, messageId, onProgress: (sent) => update({ sent }),
        onStalled: (stalled) => update({ state: stalled ? 'paused' : 'uploading' }) }))
      .then(() => { retries.delete(u.key); update({ sent: file.size, state: 'done' }); },
        (err: Error) => update({ state: 'failed', error: err.message }));
  }
}
