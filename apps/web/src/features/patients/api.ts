import type { ApiClient, RequestOptions } from '../../ui/api.ts';
import { toQuery } from '../../ui/api.ts';
import type { BreakGlassGrant, Consent, ConsentInput, Patient, PatientInput, PatientSummary } from '../../ui/contract-types.ts';

export type PatientBody = Partial<Omit<PatientInput, 'confirmNotDuplicate'>> & { confirmNotDuplicate?: boolean };

export const searchPatients = (api: ApiClient, q: string, signal?: AbortSignal) =>
  api.get<{ items: PatientSummary[] }>(`/api/patients${toQuery({ q })}`, { signal });

export const getPatient = (api: ApiClient, id: string, opts?: RequestOptions) => api.get<Patient>(`/api/patients/${id}`, opts);

export const createPatient = (api: ApiClient, body: PatientBody) => api.post<Patient>('/api/patients', body);

export const updatePatient = (api: ApiClient, id: string, body: PatientBody, opts?: RequestOptions) =>
  api.put<Patient>(`/api/patients/${id}`, body, opts);

export const listConsents = (api: ApiClient, id: string, opts?: RequestOptions) =>
  api.get<{ items: Consent[] }>(`/api/patients/${id}/consents`, opts);

export const recordConsent = (api: ApiClient, id: string, body: ConsentInput, opts?: RequestOptions) =>
  api.post<Consent>(`/api/patients/${id}/consents`, body, opts);

export const breakGlass = (api: ApiClient, id: string, reason: string) =>
  api.post<BreakGlassGrant>(`/api/patients/${id}/break-glass`, { reason });

/*
 * The server does not say on which ground a record was opened, so the grant's expiry is kept for the
 * tab's lifetime: the emergency banner stays up and reads carry purpose "emergency" until it ends.
 */
const grantKey = (userId: string, patientId: string) => `telemed.breakGlass.${userId}.${patientId}`;

export function rememberGrant(userId: string, grant: BreakGlassGrant): void {
  try {
    sessionStorage.setItem(grantKey(userId, grant.patientId), grant.expiresAt);
  } catch {
    // Without storage the banner lasts until the page is left.
  }
}

export function activeGrantExpiry(userId: string, patientId: string): string | null {
  try {
    const at = sessionStorage.getItem(grantKey(userId, patientId));
    return at && new Date(at).getTime() > Date.now() ? at : null;
  } catch {
    return null;
  }
}

export function patientName(p: Pick<PatientSummary, 'familyName' | 'givenName' | 'middleName'>): string {
  return [p.familyName, p.givenName, p.middleName].filter(Boolean).join(' ');
}

export function patientLatinName(p: Pick<PatientSummary, 'familyNameLatin' | 'givenNameLatin'>): string {
  return [p.familyNameLatin, p.givenNameLatin].filter(Boolean).join(' ');
}
