import type { ApiClient } from '../../ui/api.ts';
import type { InviteCreated, Visit, VisitSummary } from '../../ui/contract-types.ts';

export const getVisit = (api: ApiClient, id: string, signal?: AbortSignal) => api.get<Visit>(`/api/visits/${id}`, { signal, purpose: 'treatment' });
export const listVisits = (api: ApiClient, signal?: AbortSignal) => api.get<{ items: VisitSummary[] }>('/api/visits', { signal });
export const createVisit = (api: ApiClient, patientId: string, opts: { broadcast?: boolean } = {}) =>
  api.post<Visit>('/api/visits', { patientId, ...(opts.broadcast ? { broadcast: true } : {}) });
export const createInvite = (api: ApiClient, visitId: string, body: { role: string; displayName: string; language: string; expiresInMinutes: number }) =>
  api.post<InviteCreated>(`/api/visits/${visitId}/invites`, body);
export const revokeInvite = (api: ApiClient, visitId: string, inviteId: string) => api.delete<{ ok: true }>(`/api/visits/${visitId}/invites/${inviteId}`);
export const endVisit = (api: ApiClient, visitId: string) => api.post<Visit>(`/api/visits/${visitId}/end`);
export const redeemLink = (api: ApiClient, token: string) =>
  api.post<{ visitId: string; participantId: string; displayName: string; language: string }>('/api/visit-links/redeem', { token });

/** The link a guest receives: the secret rides in the fragment, which browsers never send to a server or put in a Referer. */
export const inviteUrl = (token: string) => `${location.origin}/join#${token}`;
