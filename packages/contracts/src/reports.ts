import { z } from 'zod';
import { Uuid } from './common.ts';

/** Age groups of the network's reporting form (age at the date of the request). */
export const AGE_GROUPS = ['adult', 'adolescent', 'child', 'newborn'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];
export const REPORT_PERIODS = ['year', 'half', 'quarter', 'month'] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];
export const REPORT_KINDS = ['facility', 'profile', 'response'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const IsoDate = z.iso.date();

const ReportQueryBase = z.object({
  by: z.enum(REPORT_KINDS).default('facility'),
  period: z.enum(REPORT_PERIODS).default('year'),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  region: z.string().trim().min(1).max(100).optional(),
  facilityId: Uuid.optional(),
});
const datesInOrder = (q: { from?: string; to?: string }) => !q.from || !q.to || q.from <= q.to;

/** Filters every report takes. Dates are calendar days, both ends included. */
export const ReportQuery = ReportQueryBase.refine(datesInOrder, { path: ['to'], message: 'to must not be before from' });
export const ReportExportQuery = ReportQueryBase.extend({ format: z.enum(REPORT_FORMATS) })
  .refine(datesInOrder, { path: ['to'], message: 'to must not be before from' });
export type ReportExportQuery = z.infer<typeof ReportExportQuery>;
export type ReportQuery = z.infer<typeof ReportQuery>;

/**
 * A report as a table: headings already in the reader's language, counts only (never a patient
 * field). `kind` marks rows the form prints differently (group subtotals, the total row).
 */
export const ReportCell = z.union([z.number(), z.string(), z.null()]);
export const ReportTable = z.object({
  report: z.enum(REPORT_KINDS),
  title: z.string(),
  subtitle: z.string(),
  /** Heading of the column that names each row. */
  rowHeading: z.string(),
  columns: z.array(z.object({ key: z.string(), label: z.string() })),
  rows: z.array(z.object({
    key: z.string(),
    label: z.string(),
    kind: z.enum(['item', 'subtotal', 'total']),
    cells: z.array(ReportCell),
  })),
});
export type ReportTable = z.infer<typeof ReportTable>;

export const ImportRejection = z.object({ row: z.number().int(), field: z.string(), reason: z.string() });
export type ImportRejection = z.infer<typeof ImportRejection>;
export const ImportResult = z.object({
  rows: z.number().int(),
  imported: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.array(ImportRejection),
});
export type ImportResult = z.infer<typeof ImportResult>;

/** Regions and facilities the caller may filter by (their statistics scope). */
export const ReportFilters = z.object({
  /** `value` is what the region filter takes; `name` is the region's name in the caller's language. */
  regions: z.array(z.object({ value: z.string(), name: z.string() })),
  facilities: z.array(z.object({ id: Uuid, code: z.string(), name: z.string(), region: z.string() })),
});
export type ReportFilters = z.infer<typeof ReportFilters>;
