import type { ReportQuery } from '@telemed/contracts';
import type { Deps } from '../../platform/deps.ts';
import { forbidden } from '../../platform/errors.ts';
import { decideStatsScope, type Principal } from '../../platform/policy.ts';

/** Facility sets a report is limited to; null means the whole network. */
export interface ReportFilter {
  /** The caller's statistics scope: a consultation counts when its referring or consulting facility is in it. */
  scope: string[] | null;
  /** The facility filter (that facility and those below it), on either side. */
  facility: string[] | null;
  /** The region filter, on the referring side (the districts of a region). */
  region: string[] | null;
  from: string | null;
  to: string | null;
}

async function subtree(deps: Deps, facilityId: string): Promise<string[]> {
  const { rows } = await deps.pool.query<{ id: string }>(
    `WITH RECURSIVE t AS (SELECT id FROM facility WHERE id = $1 UNION SELECT f.id FROM facility f JOIN t ON f.parent_id = t.id) SELECT id FROM t`,
    [facilityId]);
  return rows.map((r) => r.id);
}

async function regionFacilities(deps: Deps, region: string): Promise<string[]> {
  const { rows } = await deps.pool.query<{ id: string }>('SELECT id FROM facility WHERE region = $1', [region]);
  return rows.map((r) => r.id);
}

/** The facilities whose statistics the caller may read (null: all), as platform/policy.ts decides. */
export async function statsScopeOf(deps: Deps, principal: Principal): Promise<string[] | null> {
  const facts = principal.facilityId
    ? await deps.db.selectFrom('facility').select(['kind', 'region']).where('id', '=', principal.facilityId).executeTakeFirst()
    : undefined;
  const scope = decideStatsScope(principal, facts ?? null);
  if (scope.kind === 'all') return null;
  if (scope.kind === 'region') return regionFacilities(deps, scope.region);
  if (scope.kind === 'subtree') return subtree(deps, scope.facilityId);
  throw forbidden();
}

/**
 * Turns the query's filters into facility sets; a facility outside the caller's scope is refused, not
 * silently emptied. No principal: the platform's own tools (the CLI run by the operator), the whole network.
 */
export async function resolveFilter(deps: Deps, principal: Principal | null, q: Pick<ReportQuery, 'facilityId' | 'region' | 'from' | 'to'>): Promise<ReportFilter> {
  const scope = principal ? await statsScopeOf(deps, principal) : null;
  if (q.facilityId && scope && !scope.includes(q.facilityId)) throw forbidden();
  return {
    scope,
    facility: q.facilityId ? await subtree(deps, q.facilityId) : null,
    region: q.region ? await regionFacilities(deps, q.region) : null,
    from: q.from ?? null,
    to: q.to ?? null,
  };
}

/**
 * The filter as a SQL condition over a row with referring and consulting facility columns and a day
 * expression. Parameters are appended to `params`, so the caller's own come first.
 */
export function filterSql(f: ReportFilter, params: unknown[], cols: { referring: string; target: string; day: string }): string {
  const parts: string[] = [];
  const add = (v: unknown) => { params.push(v); return `$${params.length}`; };
  if (f.scope) { const p = add(f.scope); parts.push(`(${cols.referring} = ANY(${p}::uuid[]) OR ${cols.target} = ANY(${p}::uuid[]))`); }
  if (f.facility) { const p = add(f.facility); parts.push(`(${cols.referring} = ANY(${p}::uuid[]) OR ${cols.target} = ANY(${p}::uuid[]))`); }
  if (f.region) parts.push(`${cols.referring} = ANY(${add(f.region)}::uuid[])`);
  if (f.from) parts.push(`${cols.day} >= ${add(f.from)}::date`);
  if (f.to) parts.push(`${cols.day} <= ${add(f.to)}::date`);
  return parts.length ? parts.join(' AND ') : 'true';
}
