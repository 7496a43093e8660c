import type { AttachmentMediaType, Visit, VisitCreate, VisitRole } from '@telemed/contracts';
import type { Deps, RequestMeta } from '../../platform/deps.ts';
import { AppError, forbidden } from '../../platform/errors.ts';
import { decideVisitAccess, decideVisitRecordAccess, type Principal } from '../../platform/policy.ts';
import { openCase } from '../consultations/service.ts';
import { authorizePatient } from '../patients/access.ts';
import { auditVisit, openVisit, type Caller, type OpenedVisit } from './access.ts';
import { endRecordingsOfVisit } from './recording.ts';

const iso = (d: Date) => d.toISOString();

/**
 * A clinician opens a video visit about a patient in their care. They are its first participant
 * (admitted); the patient's own account, if they have one, is added to wait in the waiting room.
 */
export async function createVisit(deps: Deps, principal: Principal, input: VisitCreate, meta: RequestMeta): Promise<Visit> {
  if (!principal.facilityId) throw forbidden();
  // A broadcast needs the SFU from its first minute.
  if (input.broadcast && !deps.config.JANUS_URL) throw new AppError('broadcast_unavailable', 409);
  const { patient } = await authorizePatient(deps, principal, input.patientId, 'start_care', 'visit.create', meta);
  if (input.consultationId) {
    // Only a party to the case links a visit to it (its people later join that visit); a case the
    // caller does not take part in, one read under break-glass, or another patient's answer alike.
    const mismatch = () => new AppError('validation', 400, { errors: [{ path: 'consultationId', code: 'visit_consultation_mismatch', message: '' }] });
    const opened = await openCase(deps, principal, input.consultationId, meta, { action: 'consultation.visit.link' }).catch((err: unknown) => {
      if (err instanceof AppError && err.status === 404) throw mismatch();
      throw err;
    });
    if (opened.sides.length === 0 || opened.row.patient_id !== patient.id) throw mismatch();
  }
  const now = deps.now();
  const me = await deps.db.selectFrom('app_user').select(['display_name', 'language']).where('id', '=', principal.userId).executeTakeFirstOrThrow();
  const patientUser = await deps.db.selectFrom('app_user').select(['id', 'display_name', 'language'])
    .where('patient_id', '=', patient.id).where('active', '=', true).executeTakeFirst();
  const visitId = await deps.db.transaction().execute(async (trx) => {
    const v = await trx.insertInto('visit').values({ facility_id: principal.facilityId!, patient_id: patient.id, consultation_id: input.consultationId ?? null,
      appointment_id: null, scheduled_at: input.scheduledAt ? new Date(input.scheduledAt) : null, created_by: principal.userId, started_at: null,
      ended_at: null, ...(input.broadcast ? { broadcast: true, media_mode: 'sfu' } : {}) }).returning('id').executeTakeFirstOrThrow()
      .catch((err: { code?: string; constraint?: string }) => {
        // One open session per case: the case's own video button joins it.
        if (err.code === '23505' && err.constraint === 'visit_one_open_per_case') throw new AppError('visit_case_session_open', 409);
        throw err;
      });
    await trx.insertInto('visit_participant').values({ visit_id: v.id, user_id: principal.userId, role: 'clinician', display_name: me.display_name,
      language: me.language, admitted_at: now, admitted_by: principal.userId, removed_at: null, pass_hash: null, pass_expires_at: null }).execute();
    if (patientUser) {
      await trx.insertInto('visit_participant').values({ visit_id: v.id, user_id: patientUser.id, role: 'patient', display_name: patientUser.display_name,
        language: patientUser.language, admitted_at: null, admitted_by: null, removed_at: null, pass_hash: null, pass_expires_at: null }).execute();
    }
    return v.id;
  });
  return getVisit(deps, { principal, pass: null }, visitId, meta);
}

export async function getVisit(deps: Deps, caller: Caller, visitId: string, meta: RequestMeta): Promise<Visit> {
  const opened = await openVisit(deps, caller, visitId, 'read', meta, 'visit.read');
  await auditVisit(deps, opened, 'visit.read', meta);
  return describeVisit(deps, opened);
}

export async function describeVisit(deps: Deps, o: OpenedVisit): Promise<Visit> {
  const { visit, participant, actor } = o;
  const facts = { status: visit.status, participant: { role: participant.role, userId: participant.user_id,
    removed: false, passExpiresAt: participant.pass_expires_at } };
  const canManage = decideVisitAccess(actor, facts, 'manage', deps.now());
  // The record outlives the call: its clinician writes and signs it after the visit has ended too.
  const canRecord = decideVisitRecordAccess(actor, facts, 'read', { authorId: null, signed: false }, deps.now());
  const [patient, participants, messages, invites] = await Promise.all([
    deps.db.selectFrom('patient').select(['family_name', 'given_name']).where('id', '=', visit.patient_id).executeTakeFirstOrThrow(),
    deps.db.selectFrom('visit_participant').selectAll().where('visit_id', '=', visit.id).orderBy('created_at').execute(),
    deps.db.selectFrom('visit_message as m').innerJoin('visit_participant as p', 'p.id', 'm.participant_id')
      .leftJoin('visit_file as f', 'f.id', 'm.file_id')
      .select(['m.id', 'm.participant_id', 'm.body', 'm.at', 'p.display_name', 'f.id as file_id', 'f.media_type as file_type', 'f.size as file_size',
        'f.thumbnail_sha256 as file_thumbnail'])
      .where('m.visit_id', '=', visit.id).orderBy('m.id', 'desc').limit(200).execute(),
    canManage
      ? deps.db.selectFrom('visit_invite as i').innerJoin('visit_participant as p', 'p.id', 'i.participant_id')
        .select(['i.id', 'i.participant_id', 'i.expires_at', 'i.used_at', 'i.revoked_at', 'p.display_name', 'p.role'])
        .where('p.visit_id', '=', visit.id).orderBy('i.created_at').execute()
      : Promise.resolve([]),
  ]);
  const now = deps.now().getTime();
  return {
    id: visit.id,
    facilityId: visit.facility_id,
    patientId: visit.patient_id,
    // A guest (an interpreter, a relative) is told whom the visit is about by given name only.
    patientName: actor.kind === 'guest' ? patient.given_name : `${patient.family_name} ${patient.given_name}`,
    consultationId: visit.consultation_id,
    status: visit.status as Visit['status'],
    scheduledAt: visit.scheduled_at ? iso(visit.scheduled_at) : null,
    createdAt: iso(visit.created_at),
    broadcast: visit.broadcast,
    participants: participants.map((p) => ({ id: p.id, role: p.role as VisitRole, displayName: p.display_name, isGuest: p.user_id === null,
      admitted: p.admitted_at !== null, removed: p.removed_at !== null })),
    messages: messages.reverse().map((m) => ({ id: Number(m.id), participantId: m.participant_id, displayName: m.display_name, body: m.body, at: iso(m.at),
      ...(m.file_id ? { file: { id: m.file_id, fileName: m.body, mediaType: m.file_type as AttachmentMediaType, size: Number(m.file_size),
        hasThumbnail: m.file_thumbnail !== null } } : {}) })),
    me: { participantId: participant.id, role: participant.role as VisitRole, canManage, canRecord },
    invites: invites.map((i) => ({ id: i.id, participantId: i.participant_id, displayName: i.display_name, role: i.role as 'patient',
      expiresAt: iso(i.expires_at),
      state: i.revoked_at ? 'revoked' as const : i.used_at ? 'used' as const : i.expires_at.getTime() <= now ? 'expired' as const : 'active' as const })),
  };
}

/** The visits I take part in: open ones first, then the latest. */
export async function listMyVisits(deps: Deps, principal: Principal) {
  const rows = await deps.db.selectFrom('visit_participant as vp').innerJoin('visit as v', 'v.id', 'vp.visit_id')
    .innerJoin('patient as p', 'p.id', 'v.patient_id')
    .innerJoin('facility as f', 'f.id', 'v.facility_id')
    .select(['v.id', 'v.status', 'v.scheduled_at', 'v.created_at', 'vp.role', 'p.family_name', 'p.given_name', 'f.name_kk', 'f.name_ru', 'f.name_uz', 'f.name_en'])
    // Who leads the visit (its first clinician), so a patient's list says whom each visit was with.
    .select((eb) => eb.selectFrom('visit_participant as c').select('c.display_name').whereRef('c.visit_id', '=', 'v.id')
      .where('c.role', 'in', ['clinician', 'consultant', 'referring_doctor']).orderBy('c.created_at').limit(1).as('clinician_name'))
    .where('vp.user_id', '=', principal.userId).where('vp.removed_at', 'is', null)
    .orderBy((eb) => eb.case().when('v.status', '=', 'open').then(0).else(1).end())
    .orderBy('v.created_at', 'desc').limit(50).execute();
  return {
    items: rows.map((r) => ({ id: r.id, patientName: `${r.family_name} ${r.given_name}`, status: r.status as Visit['status'],
      scheduledAt: r.scheduled_at ? iso(r.scheduled_at) : null, createdAt: iso(r.created_at), myRole: r.role as VisitRole,
      clinicianName: r.clinician_name ?? null, facilityName: { kk: r.name_kk, ru: r.name_ru, uz: r.name_uz, en: r.name_en } })),
  };
}

/** Ends the visit for everyone: the call channels close and links stop working. */
export async function endVisit(deps: Deps, principal: Principal, visitId: string, meta: RequestMeta): Promise<Visit> {
  const opened = await openVisit(deps, { principal, pass: null }, visitId, 'manage', meta, 'visit.end');
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('visit').set({ status: 'ended', ended_at: deps.now() }).where('id', '=', visitId).where('status', '=', 'open').execute();
    await endRecordingsOfVisit(trx, visitId, deps.now());
    await trx.insertInto('visit_signal').values({ visit_id: visitId, from_participant: opened.participant.id, to_participant: null, kind: 'ended',
      payload: '{}' }).execute();
  });
  await auditVisit(deps, opened, 'visit.end', meta);
  return describeVisit(deps, { ...opened, visit: { ...opened.visit, status: 'ended' } });
}

