import type { Permission, Role } from '@telemed/contracts';
import { AppError } from './errors.ts';

/**
 * The one place that decides access. Routes name the permission they need; use cases that touch
 * a patient ask `decidePatientAccess`. Anything not granted here is denied.
 */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  network_admin: ['facility.read', 'facility.manage', 'user.read', 'user.manage', 'audit.read', 'breakglass.review', 'stats.read', 'token.manage',
    'availability.manage'],
  facility_admin: ['facility.read', 'facility.manage', 'user.read', 'user.manage', 'audit.read', 'breakglass.review', 'stats.read', 'token.manage',
    'availability.manage'],
  coordinator: ['facility.read', 'patient.search', 'patient.read', 'patient.write', 'consent.write', 'breakglass.use', 'stats.read', 'token.manage',
    'consultation.request', 'consultation.handle', 'appointment.book', 'appointment.manage', 'visit.manage', 'visit.join'],
  consultant: ['facility.read', 'patient.search', 'patient.read', 'breakglass.use', 'token.manage', 'consultation.handle', 'consultation.conclude',
    'availability.manage', 'appointment.manage', 'visit.manage', 'visit.join'],
  referring_physician: ['facility.read', 'patient.search', 'patient.read', 'patient.write', 'consent.write', 'breakglass.use', 'token.manage',
    'consultation.request', 'appointment.book', 'appointment.manage', 'visit.manage', 'visit.join'],
  nurse: ['facility.read', 'patient.search', 'patient.read', 'patient.write', 'consent.write', 'token.manage', 'visit.join'],
  radiologist: ['facility.read', 'patient.search', 'patient.read', 'breakglass.use', 'token.manage', 'consultation.handle', 'consultation.conclude',
    'availability.manage', 'appointment.manage', 'visit.join'],
  educator: ['facility.read'],
  analyst: ['facility.read', 'stats.read'],
  patient: ['patient.self', 'appointment.book', 'appointment.manage', 'visit.join'],
};

export type SessionState = 'active' | 'mfa_required' | 'mfa_enrolment_required';

export interface Principal {
  kind: 'session' | 'token';
  userId: string;
  displayName: string;
  language: 'kk' | 'ru' | 'uz' | 'en';
  state: SessionState;
  facilityId: string | null;
  role: Role | null;
  memberships: { facilityId: string; role: Role }[];
  permissions: ReadonlySet<Permission>;
  patientId: string | null;
  sessionHash?: Buffer;
  csrfToken?: string;
  tokenId?: string;
}

export function permissionsFor(role: Role | null, tokenScopes?: readonly string[]): Set<Permission> {
  const granted = role ? ROLE_PERMISSIONS[role] : [];
  return new Set(tokenScopes ? granted.filter((p) => tokenScopes.includes(p)) : granted);
}

/** What a route needs: a permission, any one of several, any signed-in user, or nobody (public). */
export type RouteAccess = Permission | readonly Permission[] | 'authenticated' | 'public' | 'visit_pass';

export function isAllowed(principal: Principal | null, access: RouteAccess, opts: { allowIncomplete?: boolean } = {}): boolean {
  if (access === 'public') return true;
  if (!principal) return false;
  // A signed-in caller reaches a visit's routes as a participant; guests come with a pass (decideVisitAccess).
  if (access === 'visit_pass') return principal.state === 'active' && principal.permissions.has('visit.join');
  if (principal.state !== 'active' && !opts.allowIncomplete) return false;
  if (access === 'authenticated') return true;
  if (typeof access === 'string') return principal.permissions.has(access);
  return access.some((p) => principal.permissions.has(p));
}

/** Network administrators act across the network; everyone else within their active facility. */
export function isNetworkWide(principal: Principal): boolean {
  return principal.role === 'network_admin';
}

export function canAdministerFacility(principal: Principal, facilityId: string): boolean {
  if (!principal.permissions.has('facility.manage') && !principal.permissions.has('user.manage')) return false;
  return isNetworkWide(principal) || principal.facilityId === facilityId;
}

export interface PatientFacts {
  patientId: string;
  /** None for a record the patient made by signing up: only a care relationship lets staff see it. */
  homeFacilityId: string | null;
  careFacilityIds: readonly string[];
  careUserIds: readonly string[];
  hasActiveBreakGlass: boolean;
}

export type PatientAccess = 'care' | 'self' | 'break_glass' | 'deny';

/**
 * What a use case does with a patient: reads their record, changes it, or starts care about them
 * (a consultation or a video visit, which makes its parties part of the patient's care).
 */
export type PatientNeed = 'read' | 'write' | 'start_care';

/**
 * Role × facility × care relationship. Staff with patient.read see patients registered at their
 * active facility or whose care their facility or they themselves take part in; a patient sees
 * their own record; anyone else only through an active break-glass grant. Break-glass opens the
 * record to read only: it never changes the record, and never starts care, since a case or visit
 * begun under it would keep the record open after the grant expired.
 */
export function decidePatientAccess(principal: Principal, facts: PatientFacts, need: PatientNeed): PatientAccess {
  if (principal.permissions.has('patient.self') && principal.patientId === facts.patientId && need === 'read') {
    return 'self';
  }
  const permission: Permission = need === 'write' ? 'patient.write' : 'patient.read';
  if (!principal.permissions.has(permission) || !principal.facilityId) return 'deny';
  if (
    (facts.homeFacilityId !== null && facts.homeFacilityId === principal.facilityId) ||
    facts.careFacilityIds.includes(principal.facilityId) ||
    facts.careUserIds.includes(principal.userId)
  ) {
    return 'care';
  }
  if (need === 'read' && facts.hasActiveBreakGlass && principal.permissions.has('breakglass.use')) return 'break_glass';
  return 'deny';
}

export function denyPatient(principal: Principal): AppError {
  return new AppError('patient_out_of_scope', 403, { extra: { breakGlassAvailable: principal.permissions.has('breakglass.use') } });
}

/** Who a change to a case concerns: the facts a real-time event carries. */
export interface CaseEventFacts {
  status: string;
  referringFacilityId: string;
  referringUserId: string;
  targetFacilityId: string;
  /** The hub that held the request before a forward. */
  previousFacilityId: string | null;
  participants: readonly string[];
}

/**
 * Who hears of a change to a case as it happens: the same parties who may open it (the referring
 * side, the holding hub, consultants who joined; a draft only its author), plus the hub a request
 * was just forwarded away from. Break-glass readers are not told: their access is a reading, not a
 * part in the case.
 */
export function mayReceiveCaseEvent(principal: Principal, e: CaseEventFacts): boolean {
  if (principal.state !== 'active') return false;
  const f = principal.facilityId;
  const handles = principal.permissions.has('consultation.handle');
  if (f === e.referringFacilityId && principal.permissions.has('consultation.request')) {
    if (e.status !== 'draft' || e.referringUserId === principal.userId) return true;
  }
  if (e.status === 'draft' || !handles) return false;
  return f === e.targetFacilityId || (f !== null && f === e.previousFacilityId) || e.participants.includes(principal.userId);
}

/** What the policy needs to know about the caller's active facility to decide a statistics scope. */
export interface StatsFacilityFacts {
  kind: string;
  region: string;
}

/**
 * Whose statistics a caller may read (counts only; the reports never carry a patient field):
 * - the whole network: network administrators, and anyone with stats.read at a national-level
 *   facility (national centre) — the ministry's and the national centre's analysts;
 * - a region: stats.read at a health department, which has no facilities below it in the hierarchy
 *   but governs every facility of its region;
 * - otherwise the active facility and every facility below it (a regional centre sees its districts).
 * A consultation is in scope when its referring or its consulting facility is.
 */
export type StatsScope = { kind: 'all' } | { kind: 'region'; region: string } | { kind: 'subtree'; facilityId: string } | { kind: 'none' };

export function decideStatsScope(principal: Principal, facility: StatsFacilityFacts | null): StatsScope {
  if (!principal.permissions.has('stats.read')) return { kind: 'none' };
  if (isNetworkWide(principal)) return { kind: 'all' };
  if (!principal.facilityId || !facility) return { kind: 'none' };
  if (facility.kind === 'national_centre') return { kind: 'all' };
  if (facility.kind === 'health_department') return { kind: 'region', region: facility.region };
  return { kind: 'subtree', facilityId: principal.facilityId };
}

/** Historical records are imported by network administrators, or by a facility administrator for their own facilities. */
export function canImportHistory(principal: Principal): boolean {
  return principal.role === 'network_admin' || principal.role === 'facility_admin';
}

/** What the policy needs to know about a visit and the caller's place in it. */
export interface VisitFacts {
  status: string;
  participant: {
    role: string;
    userId: string | null;
    removed: boolean;
    passExpiresAt: Date | null;
  } | null;
}

/** A signed-in user, or a guest holding a pass made from a personal link. */
export type VisitActor = { kind: 'user'; principal: Principal } | { kind: 'guest' };

const VISIT_MANAGING_ROLES = ['clinician', 'consultant', 'referring_doctor'];

/**
 * Only participants reach a visit: staff and patients as themselves, guests through their pass,
 * which holds for this one visit until it expires. Joining needs an open visit; admitting people,
 * making links and ending the visit need a clinical role in it and the visit.manage permission.
 */
export function decideVisitAccess(actor: VisitActor, facts: VisitFacts, need: 'read' | 'join' | 'manage', now: Date): boolean {
  const p = facts.participant;
  if (!p || p.removed) return false;
  if (actor.kind === 'guest') {
    if (p.userId !== null || !p.passExpiresAt || p.passExpiresAt.getTime() <= now.getTime()) return false;
    if (need === 'manage') return false;
  } else {
    const { principal } = actor;
    if (principal.state !== 'active' || !principal.permissions.has('visit.join') || p.userId !== principal.userId) return false;
    if (need === 'manage' && (!principal.permissions.has('visit.manage') || !VISIT_MANAGING_ROLES.includes(p.role))) return false;
  }
  return need === 'read' || facts.status === 'open';
}

/**
 * Files shared into a visit. Every participant (staff, the patient, a guest by their pass) shares
 * into an open visit — the patient also before the call starts, from the portal, while waiting —
 * and opens every file shared into it, during the call and after it. Nobody else learns they exist.
 */
export function decideVisitFileAccess(actor: VisitActor, facts: VisitFacts, need: 'share' | 'read', now: Date): boolean {
  if (facts.status === 'cancelled') return false;
  return decideVisitAccess(actor, facts, need === 'share' ? 'join' : 'read', now);
}

/**
 * What a guest's pass (no session) reaches on a `visit_pass` route: reads and the call channel;
 * writes only on routes that take them (sharing a file, the pre-visit questionnaire), and only from the app's own pages. The
 * pass cookie is SameSite=Strict and confined to its visit's API, so another site's page cannot send
 * it; the origin check is the second lock. The visit's own use case then checks the pass itself.
 */
export function mayGuestCall(method: string, route: { guestWrites?: boolean }, sameOrigin: boolean): boolean {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return true;
  return route.guestWrites === true && sameOrigin && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method);
}

/** Roles that see patients in visits and so may publish hours of their own. */
const CLINICAL_ROLES: readonly Role[] = ['consultant', 'radiologist'];

export function isClinicalRole(role: string): boolean {
  return (CLINICAL_ROLES as readonly string[]).includes(role);
}

/**
 * Who may change a clinician's hours at a facility: the clinician themself, acting in a clinical
 * role at that facility; the facility's administrators; network administrators.
 */
export function canManageAvailability(principal: Principal, clinicianId: string, facilityId: string): boolean {
  if (!principal.permissions.has('availability.manage')) return false;
  if (principal.role && isClinicalRole(principal.role)) return principal.userId === clinicianId && principal.facilityId === facilityId;
  return canAdministerFacility(principal, facilityId);
}

/**
 * Who may book a visit for a patient at a facility: the patient themself; a referring physician
 * for a patient in their care; a coordinator of the facility the visit is at, for a patient in
 * their care. Break-glass never books (it is for reading in an emergency).
 */
export function mayBookFor(principal: Principal, patientAccess: PatientAccess, facilityId: string): boolean {
  if (!principal.permissions.has('appointment.book')) return false;
  if (principal.role === 'patient' || principal.permissions.has('patient.self')) return patientAccess === 'self';
  if (patientAccess !== 'care') return false;
  if (principal.role === 'referring_physician') return true;
  return principal.role === 'coordinator' && principal.facilityId === facilityId;
}

export interface AppointmentFacts {
  patientId: string;
  clinicianId: string;
  facilityId: string;
  bookedBy: string;
}

/**
 * Who may see, cancel or move an appointment: the patient, the clinician, whoever booked it, and
 * the coordinators of the facility it is at. Anyone else is told it does not exist.
 */
export function mayAccessAppointment(principal: Principal, a: AppointmentFacts): boolean {
  if (principal.state !== 'active' || !principal.permissions.has('appointment.manage')) return false;
  if (principal.patientId !== null && principal.patientId === a.patientId && principal.permissions.has('patient.self')) return true;
  if (principal.userId === a.clinicianId || principal.userId === a.bookedBy) return true;
  return principal.role === 'coordinator' && principal.facilityId === a.facilityId;
}

/**
 * Who may open the video visit of an appointment: its two parties, the patient (as themself) and
 * the clinician. Whoever booked it for the patient, and the facility's coordinators, manage the
 * appointment but do not sit in the visit.
 */
export function mayOpenAppointmentVisit(principal: Principal, a: AppointmentFacts): boolean {
  if (principal.state !== 'active' || !principal.permissions.has('visit.join')) return false;
  if (principal.patientId !== null && principal.patientId === a.patientId && principal.permissions.has('patient.self')) return true;
  return principal.userId === a.clinicianId && principal.permissions.has('visit.manage');
}

/**
 * The visit's record. Staff participants in a clinical role with visit.manage read the whole
 * record and write it (`write`: only its author changes a draft and signs it); the patient
 * participant reads only the signed summary, prescriptions and follow-up (`summary`). Guests
 * other than the patient, and removed participants, read nothing. Unlike the call, the record
 * stays open after the visit ends: it is written afterwards.
 */
export function decideVisitRecordAccess(actor: VisitActor, facts: VisitFacts, need: 'read' | 'write' | 'summary',
  opts: { authorId: string | null; signed: boolean }, now: Date): boolean {
  const p = facts.participant;
  if (!p || p.removed || facts.status === 'cancelled') return false;
  if (actor.kind === 'guest') {
    if (p.userId !== null || !p.passExpiresAt || p.passExpiresAt.getTime() <= now.getTime()) return false;
    return need === 'summary' && p.role === 'patient' && opts.signed;
  }
  const { principal } = actor;
  if (principal.state !== 'active' || !principal.permissions.has('visit.join') || p.userId !== principal.userId) return false;
  const isClinician = principal.permissions.has('visit.manage') && VISIT_MANAGING_ROLES.includes(p.role);
  if (need === 'summary') return opts.signed && (isClinician || p.role === 'patient');
  if (!isClinician) return false;
  return need === 'read' || opts.authorId === null || opts.authorId === principal.userId;
}

/**
 * Who records a patient's consent: staff with consent.write (in the patient's care, checked with
 * the patient); and the clinician who manages a video visit with the patient, for telemedicine
 * consent only: the patient says it in the visit, and the clinician confirms it.
 */
export function mayRecordConsent(principal: Principal, kind: string, ctx: { managesVisitOfPatient?: boolean }): boolean {
  if (principal.state !== 'active') return false;
  if (principal.permissions.has('consent.write')) return true;
  return kind === 'telemedicine' && ctx.managesVisitOfPatient === true && principal.permissions.has('visit.manage');
}

/**
 * The pre-visit questionnaire. The visit's patient writes it — signed in as themself, or as the
 * guest patient holding a pass from a personal link — while the visit is open and until they
 * submit it; the visit's clinicians (a clinical role in it, visit.manage) read it. Other guests
 * and staff, and removed participants, neither.
 */
export function decideQuestionnaireAccess(actor: VisitActor, facts: VisitFacts & { patientId: string }, now: Date):
  'patient' | 'clinician' | 'deny' {
  const p = facts.participant;
  if (!p || p.removed || facts.status === 'cancelled') return 'deny';
  if (actor.kind === 'guest') {
    if (p.userId !== null || !p.passExpiresAt || p.passExpiresAt.getTime() <= now.getTime()) return 'deny';
    return p.role === 'patient' ? 'patient' : 'deny';
  }
  const { principal } = actor;
  if (principal.state !== 'active' || !principal.permissions.has('visit.join') || p.userId !== principal.userId) return 'deny';
  if (p.role === 'patient') {
    return principal.permissions.has('patient.self') && principal.patientId === facts.patientId ? 'patient' : 'deny';
  }
  return principal.permissions.has('visit.manage') && VISIT_MANAGING_ROLES.includes(p.role) ? 'clinician' : 'deny';
}

/** What the policy needs to know about a conversation between a patient and a facility's care team. */
export interface CareThreadFacts {
  patientId: string;
  facilityId: string;
  /** The patient has a booked appointment or a visit (not cancelled) at the facility: what makes its staff their care team there. */
  hasVisitBasis: boolean;
  /** The patient's care facts, for the staff side (`decidePatientAccess`). */
  patient: PatientFacts;
}

/**
 * Messages with the care team. The care team of a patient at a facility exists while the patient
 * has an appointment or a visit there; it is the staff acting at that facility with patient.read
 * for whom the patient is in care (registered there, or in its care: `decidePatientAccess` says
 * `care`). They read and answer; the patient reads and writes their own. Break-glass is a reading
 * of the record in an emergency, not a part in the conversation: never here.
 */
export function decideCareThreadAccess(principal: Principal, facts: CareThreadFacts): 'patient' | 'care_team' | 'deny' {
  if (principal.state !== 'active' || !facts.hasVisitBasis) return 'deny';
  if (principal.permissions.has('patient.self') && principal.patientId === facts.patientId) return 'patient';
  if (principal.facilityId !== facts.facilityId || !principal.permissions.has('patient.read')) return 'deny';
  return decidePatientAccess(principal, facts.patient, 'read') === 'care' ? 'care_team' : 'deny';
}

/**
 * Who hears at once that a conversation has a new message (ids only; the text is read through
 * `decideCareThreadAccess`): the patient, and the staff with patient.read acting at its facility.
 */
export function mayReceiveCareMessageEvent(principal: Principal, e: { patientId: string; facilityId: string }): boolean {
  if (principal.state !== 'active') return false;
  if (principal.permissions.has('patient.self') && principal.patientId === e.patientId) return true;
  return principal.facilityId === e.facilityId && principal.permissions.has('patient.read');
}
