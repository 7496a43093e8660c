import { useSyncExternalStore } from 'react';
import type { ApiClient } from '../../ui/api.ts';
import type { VisitFile } from './visit-files-api.ts';

export interface VisitUpload {
  key: string;
  visitId: string;
  name: string;
  size: number;
  sent: number;
  state: 'uploading' | 'paused' | 'done' | 'failed';
  error?: string;
}

/**
 * Files on their way into a visit. They outlive the component that started them (the patient may
 * leave the appointments page; the call may re-render), resuming after a dropped link.
 */
const uploads = new Map<string, VisitUpload>();
const listeners = new Set<() => void>();
let snapshot: VisitUpload[] = [];

function changed(u: VisitUpload): void {
  uploads.set(u.key, { ...u });
  snapshot = [...uploads.values()];
  for (const l of listeners) l();
}

export function useVisitUploads(visitId: string | null): VisitUpload[] {
  const all = useSyncExternalStore((l) => { listeners.add(l); return () => listeners.delete(l); }, () => snapshot);
  return visitId ? all.filter((u) => u.visitId === visitId) : [];
}

/** A third of a percent per step is noise to a screen reader; whole percents are enough. */
export const percentOf = (u: { sent: number; size: number }) => Math.floor((u.sent / (u.size || 1)) * 100);

/**
 * Shares files into a visit: the tus upload (tus-js-client, loaded only now), then the commit. The
 * server announces each in the visit's chat.
 */
export function startVisitUploads(api: ApiClient, visitId: string, files: File[], onShared?: (file: VisitFile) => void): void {
  for (const file of files) {
    const u: VisitUpload = { key: `${visitId}:${file.name}:${file.size}:${file.lastModified}`, visitId, name: file.name, size: file.size, sent: 0,
      state: 'uploading' };
    changed(u);
    let current = u;
    const update = (next: Partial<VisitUpload>) => { current = { ...current, ...next }; changed(current); };
    import('../consultations/tus-uploader.ts')
      .then(async (m) => {
        const uploadId = await m.uploadResumable(api, file, { endpoint: `/api/visits/${visitId}/uploads`, metadata: {},
          onProgress: (sent) => update({ sent }), onStalled: (stalled) => update({ state: stalled ? 'paused' : 'uploading' }) });
        try {
          return await api.post<VisitFile>(`/api/visits/${visitId}/files`, { uploadId }, { purpose: 'treatment' });
        } catch (err) {
          const title = (err as { problem?: { title?: string } | null }).problem?.title;
          throw title ? new Error(title) : err;
        }
      })
      .then((shared) => { update({ sent: file.size, state: 'done' }); onShared?.(shared); },
        (err: Error) => update({ state: 'failed', error: err.message }));
  }
}
