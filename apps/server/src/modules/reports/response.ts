import type { Language, ReportTable } from '@telemed/contracts';
import type { Deps } from '../../platform/deps.ts';
import { label, profileLabel } from './labels.ts';
import { filterSql, type ReportFilter } from './scope.ts';

const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

/**
 * Form 3: per consulting facility and profile, the requests, the video sessions that took place
 * (scheduled or immediate video that started or was concluded), those with foreign clinics, and the
 * response time against the target stored on the request (due_at, due_for). Read from live requests
 * only: the earlier records carry no times. Share within target counts requests answered in time
 * among those answered or already overdue.
 */
export async function responseTimes(deps: Deps, f: ReportFilter, lang: Language, now: Date): Promise<ReportTable> {
  const params: unknown[] = [now];
  const day = '(c.submitted_at AT TIME ZONE rf.time_zone)::date';
  const where = filterSql(f, params, { referring: 'c.referring_facility_id', target: 'c.target_facility_id', day });
  const { rows } = await deps.pool.query<{
    target: string | null; name: string | null; profile: string | null; requests: number; video: number; foreign: number;
    answered: number; median_h: number | null; p90_h: number | null; within: number; judged: number;
  }>(
    `WITH r AS (
       SELECT c.target_facility_id, tf.name_${lang} AS name, c.profile, c.mode, c.status, tf.kind, c.due_at, c.submitted_at,
              CASE c.due_for WHEN 'accept' THEN c.accepted_at ELSE c.concluded_at END AS reached_at
         FROM consultation c JOIN facility rf ON rf.id = c.referring_facility_id JOIN facility tf ON tf.id = c.target_facility_id
        WHERE c.submitted_at IS NOT NULL AND ${where})
     SELECT target_facility_id AS target, min(name) AS name, profile, count(*)::int AS requests,
            count(*) FILTER (WHERE mode <> 'async' AND status IN ('in_progress', 'concluded', 'acknowledged'))::int AS video,
            count(*) FILTER (WHERE kind = 'foreign_clinic')::int AS foreign,
            count(reached_at)::int AS answered,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM reached_at - submitted_at) / 3600) AS median_h,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM reached_at - submitted_at) / 3600) AS p90_h,
            count(*) FILTER (WHERE reached_at <= due_at)::int AS within,
            count(*) FILTER (WHERE due_at IS NOT NULL AND (reached_at IS NOT NULL OR due_at < $1))::int AS judged
       FROM r GROUP BY GROUPING SETS ((target_facility_id, profile), ())`, params);
  const cells = (r: (typeof rows)[number]) => [r.requests, r.video, r.foreign, r.answered, round1(r.median_h), round1(r.p90_h),
    r.judged ? Math.round((1000 * r.within) / r.judged) / 10 : null];
  const items = rows.filter((r) => r.target !== null)
    .map((r) => ({ key: `${r.target}|${r.profile}`, label: `${r.name} — ${profileLabel(r.profile!, lang)}`, kind: 'item' as const, cells: cells(r) }))
    .sort((a, b) => a.label.localeCompare(b.label, lang));
  const total = rows.find((r) => r.target === null);
  return {
    report: 'response', title: label('title.response', lang),
    subtitle: f.from || f.to ? `${label('period', lang)}: ${f.from ?? '…'} – ${f.to ?? '…'}` : label('allTime', lang),
    rowHeading: `${label('consultingFacility', lang)} — ${label('profile', lang)}`,
    columns: (['requests', 'videoHeld', 'foreign', 'answered', 'medianHours', 'p90Hours', 'withinTarget'] as const)
      .map((k) => ({ key: k, label: label(k, lang) })),
    rows: [...items, { key: 'total', label: label('total', lang), kind: 'total', cells: total && total.requests ? cells(total) : [0, 0, 0, 0, null, null, null] }],
  };
}
