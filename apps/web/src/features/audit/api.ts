import type { ApiClient } from '../../ui/api.ts';
import { toQuery } from '../../ui/api.ts';
import type { AuditPage } from '../../ui/contract-types.ts';

export interface AuditFilter {
  from?: string;
  to?: string;
  actorUserId?: string;
  patient?: string;
  patientId?: string;
  action?: string;
  outcome?: string;
  flagged?: string;
}


/** datetime-local values are the user's wall-clock time; the API wants an instant. */
function toInstant(local?: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

export function auditQuery(filter: AuditFilter, extra: Record<string, string | number | undefined> = {}): string {
  return toQuery({
    from: toInstant(filter.from),
    to: toInstant(filter.to),
    actorUserId: filter.actorUserId,
    patient: filter.patient,
    patientId: filter.patientId,
    action: filter.action,
    outcome: filter.outcome,
    flagged: filter.flagged,
    ...extra,
  });
}

export const listAudit = (api: ApiClient, filter: AuditFilter, beforeSeq?: number, signal?: AbortSignal) =>
  api.get<AuditPage>(`/api/audit${auditQuery(filter, { limit: 50, beforeSeq })}`, { signal });

export const reviewBreakGlass = (api: ApiClient, grantId: string, note?: string) =>
  api.post<{ ok: true }>(`/api/audit/break-glass/${grantId}/review`, note ? { note } : {});
