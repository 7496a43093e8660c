import { REGIONS, type Facility, type FacilityInput, type FacilityKind } from '@telemed/contracts';
import type { Selectable } from 'kysely';
import type { Deps, RequestMeta } from '../../platform/deps.ts';
import type { FacilityTable } from '../../platform/db-types.ts';
import { AppError, forbidden, notFound, onUniqueViolation } from '../../platform/errors.ts';
import { canAdministerFacility, isNetworkWide, type Principal } from '../../platform/policy.ts';

function toFacility(r: Selectable<FacilityTable>): Facility {
  return {
    id: r.id,
    code: r.code,
    parentId: r.parent_id,
    kind: r.kind as FacilityKind,
    name: { kk: r.name_kk, ru: r.name_ru, uz: r.name_uz, en: r.name_en },
    country: r.country,
    region: r.region,
    timeZone: r.time_zone,
    isTelemedicineCentre: r.is_telemedicine_centre,
    profiles: r.profiles,
    active: r.active,
  };
}

function toRow(input: FacilityInput) {
  return {
    code: input.code,
    parent_id: input.parentId,
    kind: input.kind,
    name_kk: input.name.kk,
    name_ru: input.name.ru,
    name_uz: input.name.uz,
    name_en: input.name.en,
    country: input.country,
    region: input.region,
    time_zone: input.timeZone,
    is_telemedicine_centre: input.isTelemedicineCentre,
    profiles: [...new Set(input.profiles)],
    active: input.active,
  };
}

/** The registry is not patient data: every staff member may read it to route requests. */
export async function listFacilities(deps: Deps): Promise<{ items: Facility[] }> {
  const rows = await deps.db.selectFrom('facility').selectAll().orderBy('code').execute();
  return { items: rows.map(toFacility) };
}

export async function getFacility(deps: Deps, id: string): Promise<Facility> {
  const row = await deps.db.selectFrom('facility').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  return toFacility(row);
}

/** Ids of the facility and every facility below it in the hierarchy. */
export async function facilitySubtree(deps: Deps, id: string): Promise<string[]> {
  const rows = await deps.db
    .withRecursive('tree(id)', (db) =>
      db.selectFrom('facility').select('id').where('id', '=', id)
        .unionAll(db.selectFrom('facility').innerJoin('tree', 'tree.id', 'facility.parent_id').select('facility.id')))
    .selectFrom('tree').select('id').execute();
  return rows.map((r) => r.id);
}

async function assertParent(deps: Deps, id: string | null, parentId: string | null): Promise<void> {
  if (!parentId) return;
  await getFacility(deps, parentId);
  if (id && (await facilitySubtree(deps, id)).includes(parentId)) {
    throw new AppError('facility_cycle', 422, { errors: [{ path: 'body.parentId', code: 'facility_cycle', message: '' }] });
  }
}

/** In a country whose regions the network lists, the region is one of them: a health department's statistics follow it. */
function assertRegion(input: FacilityInput) {
  const listed = REGIONS[input.country];
  if (listed && !Object.hasOwn(listed, input.region)) {
    throw new AppError('unknown_region', 422, { errors: [{ path: 'body.region', code: 'unknown_region', message: '' }] });
  }
}

export async function createFacility(deps: Deps, principal: Principal, input: FacilityInput, meta: RequestMeta): Promise<Facility> {
  // New places in the network are the network's decision; a facility administrator runs their own.
  if (!isNetworkWide(principal)) throw forbidden();
  assertRegion(input);
  await assertParent(deps, null, input.parentId);
  const row = await deps.db.insertInto('facility').values(toRow(input)).returningAll().executeTakeFirst()
    .catch(onUniqueViolation('facility_code_taken', 'body.code'));
  await deps.audit.record({ actorUserId: principal.userId, actorFacilityId: principal.facilityId, action: 'facility.create',
    outcome: 'success', resourceType: 'facility', resourceId: row!.id, ip: meta.ip });
  return toFacility(row!);
}

export async function updateFacility(deps: Deps, principal: Principal, id: string, input: FacilityInput, meta: RequestMeta): Promise<Facility> {
  const current = await getFacility(deps, id);
  if (!canAdministerFacility(principal, id)) throw forbidden();
  // Only the network moves a facility in the hierarchy, changes its code, or moves it to another
  // country or region (a health department's statistics and oversight follow the region).
  if (!isNetworkWide(principal) && (input.parentId !== current.parentId || input.code !== current.code || input.kind !== current.kind
    || input.country !== current.country || input.region !== current.region)) {
    throw forbidden();
  }
  assertRegion(input);
  await assertParent(deps, id, input.parentId);
  const row = await deps.db.updateTable('facility').set({ ...toRow(input), updated_at: deps.now() }).where('id', '=', id)
    .returningAll().executeTakeFirst()
    .catch(onUniqueViolation('facility_code_taken', 'body.code'));
  await deps.audit.record({ actorUserId: principal.userId, actorFacilityId: principal.facilityId, action: 'facility.update',
    outcome: 'success', resourceType: 'facility', resourceId: id, ip: meta.ip });
  return toFacility(row!);
}
