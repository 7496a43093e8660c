import type { ApiClient } from '../../ui/api.ts';
import { toQuery } from '../../ui/api.ts';
import type {
  Appointment, Availability, AvailabilityExceptionInput, AvailabilityRuleInput, FreeSlot, SchedulingClinician,
} from '../../ui/contract-types.ts';

export const getAvailability = (api: ApiClient, clinicianId: string, signal?: AbortSignal) =>
  api.get<Availability>(`/api/availability${toQuery({ clinicianId })}`, { signal });
export const addRule = (api: ApiClient, body: AvailabilityRuleInput) => api.post<Availability>('/api/availability/rules', body);
export const removeRule = (api: ApiClient, id: string) => api.delete<Availability>(`/api/availability/rules/${id}`);
export const addException = (api: ApiClient, body: AvailabilityExceptionInput) => api.post<Availability>('/api/availability/exceptions', body);
export const removeException = (api: ApiClient, id: string) => api.delete<Availability>(`/api/availability/exceptions/${id}`);

export const listClinicians = (api: ApiClient, q: { facilityId?: string; profile?: string }, signal?: AbortSignal) =>
  api.get<{ items: SchedulingClinician[] }>(`/api/scheduling/clinicians${toQuery(q)}`, { signal });
export const listSlots = (api: ApiClient, q: { clinicianId?: string; facilityId?: string; profile?: string; from: string; to: string }, signal?: AbortSignal) =>
  api.get<{ items: FreeSlot[] }>(`/api/scheduling/slots${toQuery(q)}`, { signal });

export const listAppointments = (api: ApiClient, signal?: AbortSignal) => api.get<{ items: Appointment[] }>('/api/appointments', { signal });
export const getAppointment = (api: ApiClient, id: string, signal?: AbortSignal) => api.get<Appointment>(`/api/appointments/${id}`, { signal });
export const bookAppointment = (api: ApiClient, body: { patientId?: string; clinicianId: string; facilityId: string; startsAt: string; reason?: string }) =>
  api.post<Appointment>('/api/appointments', body);
export const cancelAppointment = (api: ApiClient, id: string, reason?: string) =>
  api.post<Appointment>(`/api/appointments/${id}/cancel`, reason ? { reason } : {});
export const rescheduleAppointment = (api: ApiClient, id: string, startsAt: string) =>
  api.post<Appointment>(`/api/appointments/${id}/reschedule`, { startsAt });
export const inviteUrl = (id: string) => `/api/appointments/${id}/invite.ics`;

/** The viewer's own zone (the browser's), in which times are shown first. */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** 'YYYY-MM-DD' of an instant in a zone. */
export function localDate(iso: string | Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
