import type { ApiClient, RequestOptions } from '../../ui/api.ts';
import { toQuery } from '../../ui/api.ts';
import type {
  Attachment,
  ConclusionInput, ConsultantOption, ConsultationCase, ConsultationCreate, ConsultationQueueItem, ObservationInput,
} from '../../ui/contract-types.ts';

export type Box = 'incoming' | 'outgoing' | 'mine';
export interface QueueFilters {
  box: Box;
  status?: string;
  urgency?: string;
  profile?: string;
  /** The other side's facility: who referred (incoming, mine) or where it was sent (outgoing). */
  facilityId?: string;
}

/** One page of 50; `cursor` is the previous page's `nextCursor`. */
export const listConsultations = (api: ApiClient, f: QueueFilters & { cursor?: string | null }, signal?: AbortSignal) =>
  api.get<{ items: ConsultationQueueItem[]; nextCursor: string | null }>(`/api/consultations${toQuery({ ...f, limit: '50' })}`, { signal });

export const getCase = (api: ApiClient, id: string, opts?: RequestOptions) =>
  api.get<ConsultationCase>(`/api/consultations/${id}`, { purpose: 'consultation', ...opts });

export const createConsultation = (api: ApiClient, body: ConsultationCreate) => api.post<ConsultationCase>('/api/consultations', body);

export const routeFor = (api: ApiClient, profile: string, signal?: AbortSignal) =>
  api.get<{ facilityId: string | null }>(`/api/consultations/route${toQuery({ profile })}`, { signal });

export type CaseAction = 'submit' | 'accept' | 'decline' | 'forward' | 'schedule' | 'start' | 'cancel' | 'acknowledge';

export const transition = (api: ApiClient, id: string, body: { action: CaseAction; version: number; reason?: string;
  targetFacilityId?: string; scheduledAt?: string }) => api.post<ConsultationCase>(`/api/consultations/${id}/transitions`, body);

export const signConclusion = (api: ApiClient, id: string, body: ConclusionInput) =>
  api.post<ConsultationCase>(`/api/consultations/${id}/conclusion`, body);

export const addAddendum = (api: ApiClient, id: string, body: string) => api.post<ConsultationCase>(`/api/consultations/${id}/addenda`, { body });

export const postMessage = (api: ApiClient, id: string, body: { body: string; parentId?: string; kind?: 'message' | 'info_request' }) =>
  api.post<ConsultationCase>(`/api/consultations/${id}/messages`, body);

export const addObservations = (api: ApiClient, id: string, observations: ObservationInput[]) =>
  api.post<ConsultationCase>(`/api/consultations/${id}/observations`, { observations });

export const listConsultants = (api: ApiClient, id: string, signal?: AbortSignal) =>
  api.get<{ items: ConsultantOption[] }>(`/api/consultations/${id}/consultants`, { signal });

export const assign = (api: ApiClient, id: string, userId: string, version: number) =>
  api.post<ConsultationCase>(`/api/consultations/${id}/assignment`, { userId, version });

export const addParticipant = (api: ApiClient, id: string, userId: string) =>
  api.post<ConsultationCase>(`/api/consultations/${id}/participants`, { userId });

/** Which actions a side may offer in a status (the server decides; this only hides buttons that would fail). */
export function actionsFor(c: Pick<ConsultationCase, 'status' | 'sides' | 'guest'>): CaseAction[] {
  const hub = c.sides.includes('hub');
  const referrer = c.sides.includes('referrer');
  const out: CaseAction[] = [];
  if (referrer && c.status === 'draft') out.push('submit');
  // A consultant who joined from another facility may only begin the session; routing is the holding hub's.
  if (hub && !c.guest && c.status === 'submitted') out.push('accept', 'decline', 'forward');
  if (hub && (c.status === 'accepted' || c.status === 'scheduled')) out.push(...(c.guest ? [] : ['schedule' as const]), 'start');
  if (referrer && c.status === 'concluded') out.push('acknowledge');
  if (referrer && ['draft', 'submitted', 'accepted', 'scheduled', 'in_progress'].includes(c.status)) out.push('cancel');
  return out;
}

export const NEEDS_REASON: ReadonlySet<CaseAction> = new Set(['decline', 'forward', 'cancel']);

export const listAttachments = (api: ApiClient, id: string, signal?: AbortSignal) =>
  api.get<{ items: Attachment[] }>(`/api/consultations/${id}/attachments`, { signal, purpose: 'consultation' });

export const attachmentUrl = (a: Pick<Attachment, 'id' | 'consultationId'>, part: 'content' | 'thumbnail', download = false) =>
  `/api/consultations/${a.consultationId}/attachments/${a.id}/${part}${download ? '?download=1' : ''}`;
