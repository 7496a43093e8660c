import type { VisitFile } from '@telemed/contracts';
import type { ApiClient } from '../../ui/api.ts';

export type { VisitChatFile, VisitFile } from '@telemed/contracts';

export const listVisitFiles = (api: ApiClient, visitId: string, signal?: AbortSignal) =>
  api.get<{ items: VisitFile[] }>(`/api/visits/${visitId}/files`, { signal, purpose: 'treatment' });

/** The file's address: a guest's pass cookie is sent there too (it is under the visit's API). */
export const visitFileUrl = (visitId: string, fileId: string, part: 'content' | 'thumbnail', download = false) =>
  `/api/visits/${visitId}/files/${fileId}/${part}${download ? '?download=1' : ''}`;

/** What a phone's picker offers: photos (the camera among them) and PDFs; the server checks the content itself. */
export const VISIT_FILE_TYPES = 'image/*,application/pdf';
