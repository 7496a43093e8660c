import type { ApiClient } from '../../ui/api.ts';
import type { Visit, VisitPatientSummary, VisitRecord, VisitRecordAnswer, VisitRecordInput } from '../../ui/contract-types.ts';

export const openAppointmentVisit = (api: ApiClient, appointmentId: string) => api.post<Visit>(`/api/appointments/${appointmentId}/visit`);
export const getConsentStatus = (api: ApiClient, visitId: string, signal?: AbortSignal) =>
  api.get<{ onRecord: boolean }>(`/api/visits/${visitId}/consent`, { signal, purpose: 'treatment' });
export const recordVisitConsent = (api: ApiClient, visitId: string, note: string) =>
  api.post<{ onRecord: boolean }>(`/api/visits/${visitId}/consent`, { confirmed: true, note });
export const getRecord = (api: ApiClient, visitId: string, signal?: AbortSignal) =>
  api.get<VisitRecordAnswer>(`/api/visits/${visitId}/record`, { signal, purpose: 'treatment' });
export const saveRecord = (api: ApiClient, visitId: string, body: VisitRecordInput) => api.put<VisitRecord>(`/api/visits/${visitId}/record`, body);
export const signRecord = (api: ApiClient, visitId: string) => api.post<VisitRecord>(`/api/visits/${visitId}/record/sign`);
export const addAddendum = (api: ApiClient, visitId: string, body: string) => api.post<VisitRecord>(`/api/visits/${visitId}/record/addenda`, { body });
export const getSummary = (api: ApiClient, visitId: string, signal?: AbortSignal) =>
  api.get<VisitPatientSummary>(`/api/visits/${visitId}/record/summary`, { signal, purpose: 'treatment' });
export const summaryPdfUrl = (visitId: string) => `/api/visits/${visitId}/record/summary.pdf`;

/** From how long before its start an appointment's visit can be joined (the waiting room opens). */
export const JOIN_EARLY_MINUTES = 15;

export function isJoinable(a: { status: string; startsAt: string; endsAt: string }, now: number): boolean {
  return a.status === 'booked' && now >= Date.parse(a.startsAt) - JOIN_EARLY_MINUTES * 60_000 && now < Date.parse(a.endsAt);
}
