import type { ApiClient } from '../../ui/api.ts';
import type { CareMessage, CareThread, CareThreadList } from '../../ui/contract-types.ts';

export const listThreads = (api: ApiClient, signal?: AbortSignal) => api.get<CareThreadList>('/api/message-threads', { signal, purpose: 'treatment' });
export const getThread = (api: ApiClient, id: string, signal?: AbortSignal) =>
  api.get<CareThread>(`/api/message-threads/${id}`, { signal, purpose: 'treatment' });
export const openThread = (api: ApiClient, body: { visitId?: string; facilityId?: string; patientId?: string }) =>
  api.post<{ id: string }>('/api/message-threads', body, { purpose: 'treatment' });
export const sendMessage = (api: ApiClient, id: string, body: { body: string; visitId?: string }) =>
  api.post<CareMessage>(`/api/message-threads/${id}/messages`, body, { purpose: 'treatment' });

/** The composer's text, kept on the device until it is sent (ui/drafts.ts). */
export const messageDraftKey = (threadId: string) => `message.${threadId}`;
