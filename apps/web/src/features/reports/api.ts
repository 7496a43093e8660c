import type { ImportResult, ReportFilters, ReportTable } from '@telemed/contracts';
import type { ApiClient } from '../../ui/api.ts';
import { toQuery } from '../../ui/api.ts';

export type { ImportResult, ReportFilters, ReportTable };

export interface ReportChoice {
  by: 'facility' | 'profile' | 'response';
  period: 'year' | 'half' | 'quarter' | 'month';
  region?: string;
  facilityId?: string;
  from?: string;
  to?: string;
}

export function reportQuery(c: ReportChoice, format?: 'csv' | 'xlsx' | 'pdf'): string {
  return toQuery({ by: c.by, period: c.by === 'facility' ? c.period : undefined, region: c.region, facilityId: c.facilityId, from: c.from, to: c.to, format });
}

export const getReport = (api: ApiClient, c: ReportChoice, signal?: AbortSignal) =>
  api.get<ReportTable>(`/api/reports/consultations${reportQuery(c)}`, { signal });

export const exportUrl = (c: ReportChoice, format: 'csv' | 'xlsx' | 'pdf') => `/api/reports/consultations/export${reportQuery(c, format)}`;

export const getReportFilters = (api: ApiClient, signal?: AbortSignal) => api.get<ReportFilters>('/api/reports/filters', { signal });

/** The file goes as it is (text/csv): the server parses it as it streams in. */
export const importHistory = (api: ApiClient, file: Blob) => api.post<ImportResult>('/api/reports/import', new Blob([file], { type: 'text/csv' }));
