import { regionName, type Language, type ReportFilters, type ReportQuery, type ReportTable } from '@telemed/contracts';
import type { Deps } from '../../platform/deps.ts';
import type { Principal } from '../../platform/policy.ts';
import { consultationsByFacility, consultationsByProfile } from './queries.ts';
import { responseTimes } from './response.ts';
import { type ReportFilter, resolveFilter, statsScopeOf } from './scope.ts';

/** One report, counts only, for whatever asks: HTTP, the CLI (principal null: the whole network), tests. */
export async function buildReport(deps: Deps, principal: Principal | null, q: ReportQuery, lang: Language): Promise<ReportTable> {
  const filter: ReportFilter = await resolveFilter(deps, principal, q);
  if (q.by === 'profile') return consultationsByProfile(deps, filter, lang);
  if (q.by === 'response') return responseTimes(deps, filter, lang, deps.now());
  return consultationsByFacility(deps, filter, q.period, lang);
}

/** The regions and facilities the caller may filter by. */
export async function reportFilters(deps: Deps, principal: Principal, lang: Language): Promise<ReportFilters> {
  const scope = await statsScopeOf(deps, principal);
  const { rows } = await deps.pool.query<{ id: string; code: string; name: string; region: string; country: string }>(
    `SELECT id, code, name_${lang} AS name, region, country FROM facility WHERE active AND ($1::uuid[] IS NULL OR id = ANY($1::uuid[])) ORDER BY region, name_${lang}`,
    [scope]);
  const regions = new Map(rows.map((r) => [r.region, regionName(r.country, r.region, lang)]));
  return {
    regions: [...regions].map(([value, name]) => ({ value, name })).sort((a, b) => a.name.localeCompare(b.name, lang)),
    facilities: rows.map(({ country: _, ...f }) => f),
  };
}
