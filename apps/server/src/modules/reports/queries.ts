import { AGE_GROUPS, type Language, type ReportPeriod, type ReportTable, SPECIALTY_GROUPS } from '@telemed/contracts';
import type { Deps } from '../../platform/deps.ts';
import { label, periodLabel, profileGroupLabel, profileLabel } from './labels.ts';
import { filterSql, type ReportFilter } from './scope.ts';

/** The first day of the period a day falls in, as SQL over a date expression. */
function periodStartSql(period: ReportPeriod, day: string): string {
  if (period === 'half') return `make_date(extract(year FROM ${day})::int, CASE WHEN extract(month FROM ${day}) <= 6 THEN 1 ELSE 7 END, 1)`;
  return `date_trunc('${period}', ${day})::date`;
}

/** Every period from the first to the last present, so an empty quarter still has its column. */
function periodRange(period: ReportPeriod, first: string, last: string): string[] {
  const step = { year: 12, half: 6, quarter: 3, month: 1 }[period];
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number);
  const end = last.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > end) break;
    out.push(`${key}-01`);
    m += step;
    while (m > 12) { m -= 12; y += 1; }
  }
  return out;
}

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const nextMonth = (day: string) => {
  const [y, m] = day.split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};

/**
 * Splits a date filter into the whole months inside it (read from the monthly rollup: `from`
 * inclusive, `until` exclusive, null for open ends) and the days at its ragged ends (from the daily
 * rollup, both ends inclusive). `months` is null when the range holds no whole month.
 */
export function splitRange(from: string | null, to: string | null): { months: { from: string | null; until: string | null } | null; days: [string, string][] } {
  const first = from === null ? null : from.endsWith('-01') ? from : nextMonth(from);
  const after = to === null ? null : addDays(to, 1);
  const until = after === null ? null : after.endsWith('-01') ? after : `${to!.slice(0, 7)}-01`;
  if (first !== null && until !== null && first >= until) return { months: null, days: from! <= to! ? [[from!, to!]] : [] };
  const days: [string, string][] = [];
  if (from !== null && from < first!) days.push([from, addDays(first!, -1)]);
  if (to !== null && until! <= to) days.push([until!, to]);
  return { months: { from: first, until }, days };
}

/** Splits whole months [from, until) into whole years and the months at either end (all month starts; null for open ends). */
export function splitMonths(from: string | null, until: string | null): { years: { from: string | null; until: string | null } | null; months: [string, string][] } {
  const first = from === null ? null : from.endsWith('-01-01') ? from : `${Number(from.slice(0, 4)) + 1}-01-01`;
  const last = until === null ? null : `${until.slice(0, 4)}-01-01`;
  if (first !== null && last !== null && first >= last) return { years: null, months: from! < until! ? [[from!, until!]] : [] };
  const months: [string, string][] = [];
  if (from !== null && from < first!) months.push([from, first!]);
  if (until !== null && last! < until) months.push([last!, until]);
  return { years: { from: first, until: last }, months };
}

/**
 * The counts a filter covers, summed by `columns` (named as in the rollups; `day` is the period's first
 * day for yearly and monthly rows): whole years from consultation_yearly when the report needs no finer
 * period, whole months from consultation_monthly, and the days where a range starts or ends inside a
 * month from consultation_daily (live requests) and consultation_import (historical records). Each
 * branch is limited by scope and facility alike.
 */
function rollupSql(f: ReportFilter, params: unknown[], columns: string[], finest: 'year' | 'month'): string {
  const { months, days } = splitRange(f.from, f.to);
  const add = (v: unknown) => { params.push(v); return `$${params.length}`; };
  const branch = (table: string, alias: string, day: string, count: string, bounds: string[]) => {
    const cols = columns.map((c) => (c === 'day' ? day : `${alias}.${c}`));
    const where = [filterSql({ ...f, from: null, to: null }, params, { referring: `${alias}.referring_facility_id`, target: `${alias}.target_facility_id`, day }), ...bounds];
    return `SELECT ${cols.map((c, i) => `${c} AS ${columns[i]}`).join(', ')}, ${count} AS n FROM ${table} ${alias} WHERE ${where.join(' AND ')} GROUP BY ${cols.join(', ')}`;
  };
  const range = (col: string, from: string | null, until: string | null) =>
    [...(from ? [`${col} >= ${add(from)}::date`] : []), ...(until ? [`${col} < ${add(until)}::date`] : [])];
  const branches: string[] = [];
  if (months && finest === 'year') {
    const { years, months: edges } = splitMonths(months.from, months.until);
    if (years) branches.push(branch('consultation_yearly', 'y', 'y.year', 'sum(y.n)', range('y.year', years.from, years.until)));
    for (const [a, b] of edges) branches.push(branch('consultation_monthly', 'm', 'm.month', 'sum(m.n)', range('m.month', a, b)));
  } else if (months) {
    branches.push(branch('consultation_monthly', 'm', 'm.month', 'sum(m.n)', range('m.month', months.from, months.until)));
  }
  for (const [a, b] of days) {
    branches.push(branch('consultation_daily', 'd', 'd.day', 'sum(d.n)', [`d.day >= ${add(a)}::date`, `d.day <= ${add(b)}::date`]));
    branches.push(branch('consultation_import', 'i', 'i.occurred_on', 'count(*)', [`i.occurred_on >= ${add(a)}::date`, `i.occurred_on <= ${add(b)}::date`]));
  }
  // A range with no day in it (from after to) still needs a well-formed, empty source.
  if (branches.length === 0) branches.push(branch('consultation_monthly', 'm', 'm.month', 'sum(m.n)', ['false']));
  return branches.join(' UNION ALL ');
}

function subtitleOf(f: ReportFilter, lang: Language): string {
  if (!f.from && !f.to) return label('allTime', lang);
  return `${label('period', lang)}: ${f.from ?? '…'} – ${f.to ?? '…'}`;
}

async function facilityNames(deps: Deps, ids: string[], lang: Language): Promise<Map<string, string>> {
  const { rows } = await deps.pool.query<{ id: string; name: string }>(`SELECT id, name_${lang} AS name FROM facility WHERE id = ANY($1::uuid[])`, [ids]);
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Form 1: referring facilities (districts) × periods, with a total row and a total column. */
export async function consultationsByFacility(deps: Deps, f: ReportFilter, period: ReportPeriod, lang: Language): Promise<ReportTable> {
  const params: unknown[] = [];
  const source = rollupSql(f, params, ['referring_facility_id', 'day'], period === 'year' ? 'year' : 'month');
  const { rows } = await deps.pool.query<{ facility: string; p: string; n: number }>(
    `SELECT r.referring_facility_id AS facility, to_char(${periodStartSql(period, 'r.day')}, 'YYYY-MM-DD') AS p, sum(r.n)::int AS n
       FROM (${source}) r GROUP BY 1, 2`, params);
  const present = rows.map((r) => r.p).sort();
  const periods = present.length ? periodRange(period, present[0], present[present.length - 1]) : [];
  const names = await facilityNames(deps, [...new Set(rows.map((r) => r.facility))], lang);
  const byFacility = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const m = byFacility.get(r.facility) ?? new Map<string, number>();
    m.set(r.p, (m.get(r.p) ?? 0) + r.n);
    byFacility.set(r.facility, m);
  }
  const line = (counts: (p: string) => number) => {
    const cells = periods.map(counts);
    return [...cells, cells.reduce((a, b) => a + b, 0)];
  };
  const items = [...byFacility.entries()]
    .map(([id, m]) => ({ key: id, label: names.get(id) ?? id, kind: 'item' as const, cells: line((p) => m.get(p) ?? 0) }))
    .sort((a, b) => a.label.localeCompare(b.label, lang));
  const total = { key: 'total', label: label('total', lang), kind: 'total' as const,
    cells: line((p) => items.reduce((s, it) => s + (byFacility.get(it.key)?.get(p) ?? 0), 0)) };
  return {
    report: 'facility', title: label('title.facility', lang), subtitle: subtitleOf(f, lang), rowHeading: label('facility', lang),
    columns: [...periods.map((p) => ({ key: p, label: periodLabel(period, p, lang) })), { key: 'total', label: label('total', lang) }],
    rows: [...items, total],
  };
}

/** Form 2: specialty profiles, grouped with subtotals, × age groups at the date of the request. */
export async function consultationsByProfile(deps: Deps, f: ReportFilter, lang: Language): Promise<ReportTable> {
  const params: unknown[] = [];
  const source = rollupSql(f, params, ['profile', 'age_group'], 'year');
  const { rows } = await deps.pool.query<{ profile: string; age_group: string; n: number }>(
    `SELECT r.profile, r.age_group, sum(r.n)::int AS n FROM (${source}) r GROUP BY 1, 2`, params);
  const counts = new Map<string, number>();
  const known = new Set<string>(Object.values(SPECIALTY_GROUPS).flat());
  for (const r of rows) {
    // A profile code the lists no longer have is still counted, under "other".
    const profile = known.has(r.profile) ? r.profile : 'other';
    const key = `${profile}|${r.age_group}`;
    counts.set(key, (counts.get(key) ?? 0) + r.n);
  }
  const line = (profiles: readonly string[]) => {
    const cells = AGE_GROUPS.map((g) => profiles.reduce((s, p) => s + (counts.get(`${p}|${g}`) ?? 0), 0));
    return [...cells, cells.reduce((a, b) => a + b, 0)];
  };
  const out: ReportTable['rows'] = [];
  for (const [group, profiles] of Object.entries(SPECIALTY_GROUPS)) {
    out.push({ key: `group.${group}`, label: profileGroupLabel(group, lang), kind: 'subtotal', cells: line(profiles) });
    for (const p of profiles) out.push({ key: p, label: profileLabel(p, lang), kind: 'item', cells: line([p]) });
  }
  out.push({ key: 'total', label: label('total', lang), kind: 'total', cells: line([...known]) });
  return {
    report: 'profile', title: label('title.profile', lang), subtitle: subtitleOf(f, lang), rowHeading: label('profile', lang),
    columns: [...AGE_GROUPS.map((g) => ({ key: g, label: label(`age.${g}`, lang) })), { key: 'total', label: label('total', lang) }],
    rows: out,
  };
}
