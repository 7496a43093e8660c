import { sql, type Kysely } from 'kysely';
import type { Database } from '../../platform/db-types.ts';

/** Roles that write conclusions: a hub counts as staffed for a profile when one of them is active there. */
export const CONCLUDING_ROLES = ['consultant', 'radiologist'] as const;

/**
 * Automatic routing: the nearest facility up the referrer's hierarchy (regional centre, then the
 * national centre) that offers the profile and has an active consultant; failing that, a
 * national-level centre that does. Foreign clinics are only ever chosen by hand.
 */
export async function routeRequest(db: Kysely<Database>, referringFacilityId: string, profile: string): Promise<string | null> {
  const { rows } = await sql<{ id: string }>`
    WITH RECURSIVE up(id, depth) AS (
      SELECT parent_id, 1 FROM facility WHERE id = ${referringFacilityId} AND parent_id IS NOT NULL
      UNION ALL
      SELECT f.parent_id, up.depth + 1 FROM facility f JOIN up ON f.id = up.id WHERE f.parent_id IS NOT NULL AND up.depth < 16
    )
    SELECT f.id FROM facility f LEFT JOIN up ON up.id = f.id
    WHERE f.active AND ${profile} = ANY (f.profiles) AND f.id <> ${referringFacilityId}
      AND (up.id IS NOT NULL OR (f.parent_id IS NULL AND f.kind IN ('national_centre', 'republican_clinic', 'research_institute')))
      AND EXISTS (SELECT 1 FROM membership m JOIN app_user u ON u.id = m.user_id
                  WHERE m.facility_id = f.id AND m.role IN ('consultant', 'radiologist') AND u.active)
    ORDER BY up.depth NULLS LAST, f.code
    LIMIT 1`.execute(db);
  return rows[0]?.id ?? null;
}
