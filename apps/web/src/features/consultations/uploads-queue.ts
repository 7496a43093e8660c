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

function changed(u: QueuedUpload): void {
  uploads.set(u.key, { ...u });
  snapshot = [...uploads.values()];
  for (const l of listeners) l();
}

export function useUploads(consultationId?: string): QueuedUpload[] {
  const all = useSyncExternalStore((l) => { listeners.add(l); return () => listeners.delete(l); }, () => snapshot);
  return consultationId ? all.filter((u) => u.consultationId === consultationId) : all;
}

export type Uploader = (file: File, opts: { consultationId: string; csrfToken: string | null; onProgress(sent: number): void }) => Promise<void>;

let uploader: Uploader | null = null;
let onFinished: ((consultationId: string) => void) | null = null;

export function configureUploads(u: Uploader, finished?: (consultationId: string) => void): void {
  uploader = u;
  onFinished = finished ?? null;
}

export function startCaseUploads(_api: ApiClient, consultationId: string, files: File[], csrfToken: string | null = null): void {
  for (const file of files) {
    const u: QueuedUpload = { key: `${consultationId}:${file.name}:${file.size}:${file.lastModified}`, consultationId, name: file.name, size: file.size,
      sent: 0, state: 'uploading' };
    changed(u);
    if (!uploader) {
      changed({ ...u, state: 'failed', error: 'unavailable' });
      continue;
    }
    uploader(file, { consultationId, csrfToken, onProgress: (sent) => changed({ ...u, sent }) }).then(
      () => { changed({ ...u, sent: file.size, state: 'done' }); onFinished?.(consultationId); },
      (err: Error) => changed({ ...u, state: 'failed', error: err.message }),
    );
  }
}
