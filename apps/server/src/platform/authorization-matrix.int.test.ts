import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES, type Permission, type Role } from '@telemed/contracts';
import { hashPassword } from '../modules/identity/passwords.ts';
import { as, createTestApp, facilityId, patientIdByName, signIn, type Session } from '../test-support/app.ts';
import { decidePatientAccess, isAllowed, permissionsFor, type Principal } from './policy.ts';

/**
 * Every API route × every role × the patient's or facility's relation to the caller
 * (own facility / other facility in the caller's care / no relationship), with the expected
 * answer computed from the policy module and checked against the real server.
 */
const t = await createTestApp();
const own = await facilityId(t, 'KZ-AKT-RTC');
const other = await facilityId(t, 'KZ-NSMC');
const PASSWORD = 'matrix-passphrase-1';
const hash = await hashPassword(PASSWORD);

const patientOwn = (await t.deps.db.insertInto('patient').values({ family_name: 'Матрица', given_name: 'Тест', birth_date: '1970-01-01',
  sex: 'female', preferred_language: 'ru', home_facility_id: own, name_key: 'matrica test', middle_name: null, family_name_latin: null,
  given_name_latin: null, national_id_type: null, national_id: null, phone: null, email: null, address: null, created_by: null })
  .returning('id').executeTakeFirstOrThrow()).id;
const patientInCare = await patientIdByName(t, 'Иванов');
await t.deps.db.insertInto('care_relationship').values({ patient_id: patientInCare, facility_id: own, user_id: null, source: 'consultation',
  source_id: null, ends_at: null }).execute();
const patientUnrelated = await patientIdByName(t, 'Оспанова');
const relations = { own: patientOwn, care: patientInCare, none: patientUnrelated } as const;
const homes = { own, care: await facilityId(t, 'KZ-AKT-SHALKAR'), none: await facilityId(t, 'KZ-AKT-IRGIZ') };

const sessions = new Map<Role, Session>();
for (const role of ROLES) {
  const user = await t.deps.db.insertInto('app_user').values({ email: `matrix.${role}@demo.telemed`, display_name: role, language: 'en',
    password_hash: hash, patient_id: role === 'patient' ? patientOwn : null }).returning('id').executeTakeFirstOrThrow();
  if (role !== 'patient') await t.deps.db.insertInto('membership').values({ user_id: user.id, facility_id: own, role }).execute();
  sessions.set(role, await signIn(t, `matrix.${role}@demo.telemed`, PASSWORD));
}

function principalFor(role: Role): Principal {
  return { kind: 'session', userId: 'u', displayName: role, language: 'en', state: 'active', facilityId: role === 'patient' ? null : own,
    role, memberships: [], permissions: permissionsFor(role), patientId: role === 'patient' ? patientOwn : null };
}

const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { 'x-access': string }>> };
// Ending one's own session or changing one's password would end the matrix; the identity tests cover them.
const SKIP = new Set(['/api/auth/sign-out', '/api/auth/sign-out-all', '/api/auth/password']);

const facilityBody = (id: string) => t.deps.db.selectFrom('facility').selectAll().where('id', '=', id).executeTakeFirstOrThrow().then((f) => ({
  code: f.code, parentId: f.parent_id, kind: f.kind, name: { kk: f.name_kk, ru: f.name_ru, uz: f.name_uz, en: f.name_en }, country: f.country,
  region: f.region, timeZone: f.time_zone, isTelemedicineCentre: f.is_telemedicine_centre, profiles: f.profiles, active: f.active }));
const patientBody = (key: keyof typeof relations) => ({ familyName: key === 'own' ? 'Матрица' : 'Иной', givenName: 'Тест', birthDate: '1970-01-01',
  sex: 'female', preferredLanguage: 'ru', homeFacilityId: homes[key] });

interface Case { method: string; url: string; body?: unknown; expected: boolean; label: string }
const cases: Case[] = [];
for (const [path, ops] of Object.entries(doc.paths)) {
  if (SKIP.has(path)) continue;
  for (const [method, op] of Object.entries(ops)) {
    const access = op['x-access'];
    if (access === 'public') continue;
    for (const role of ROLES) {
      const p = principalFor(role);
      const routeAllowed = isAllowed(p, access.includes('|') ? access.split('|') as Permission[] : access as Permission | 'authenticated');
      if (path.startsWith('/api/patients/{id}') && path !== '/api/patients/{id}/break-glass') {
        const need = method === 'get' ? 'read' : 'write';
        for (const key of ['own', 'care', 'none'] as const) {
          const decision = decidePatientAccess(p, { patientId: relations[key], homeFacilityId: homes[key], careFacilityIds: key === 'care' ? [own] : [],
            careUserIds: [], hasActiveBreakGlass: false }, need);
          const body = path.endsWith('/consents') ? { kind: 'telemedicine', granted: true } : method === 'put' ? patientBody(key) : undefined;
          cases.push({ method, url: path.replace('{id}', relations[key]), body, expected: routeAllowed && decision !== 'deny', label: `${role} ${key}` });
        }
      } else if (path === '/api/facilities/{id}') {
        for (const [key, id] of [['own', own], ['other', other]] as const) {
          const scoped = method === 'get' || p.role === 'network_admin' || key === 'own';
          cases.push({ method, url: path.replace('{id}', id), body: method === 'put' ? await facilityBody(id) : undefined,
            expected: routeAllowed && scoped, label: `${role} ${key}` });
        }
      } else {
        // Role-level routes: a made-up id answers 404 or 400 when allowed, never 401/403.
        const url = path.replace('{id}', '00000000-0000-4000-8000-000000000000');
        cases.push({ method, url, body: method === 'get' || method === 'delete' ? undefined : {}, expected: routeAllowed, label: role });
      }
    }
  }
}

test(`authorization matrix: ${cases.length} route × role × relationship cases match the policy`, async () => {
  const mismatches: string[] = [];
  for (const c of cases) {
    const role = c.label.split(' ')[0] as Role;
    const res = await as(t, sessions.get(role)!)(c.method.toUpperCase() as 'GET', c.url, c.body);
    const allowed = res.statusCode !== 401 && res.statusCode !== 403;
    if (allowed !== c.expected || res.statusCode >= 500) {
      mismatches.push(`${c.method.toUpperCase()} ${c.url} as ${c.label}: expected ${c.expected ? 'allow' : 'deny'}, got ${res.statusCode}`);
    }
  }
  assert.deepEqual(mismatches, []);
  assert.ok(cases.filter((c) => c.expected).length > 50 && cases.filter((c) => !c.expected).length > 100);
});
