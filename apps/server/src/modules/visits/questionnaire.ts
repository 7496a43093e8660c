import type { Questionnaire, QuestionnaireInput, QuestionnaireSymptom } from '@telemed/contracts';
import type { Selectable } from 'kysely';
import type { VisitQuestionnaireTable } from '../../platform/db-types-portal.ts';
import type { Deps, RequestMeta } from '../../platform/deps.ts';
import { AppError, forbidden } from '../../platform/errors.ts';
import { decideQuestionnaireAccess } from '../../platform/policy.ts';
import { auditVisit, openVisit, type Caller, type OpenedVisit } from './access.ts';

type Row = Selectable<VisitQuestionnaireTable>;

/**
 * Opens the visit's questionnaire for the caller's side (`decideQuestionnaireAccess`): the patient
 * (their account, or the guest patient's pass) or a clinician of the visit. Anyone else in the
 * visit is refused, audited; anyone outside it learns nothing (404, from `openVisit`).
 */
async function openQuestionnaire(deps: Deps, caller: Caller, visitId: string, meta: RequestMeta, action: string) {
  const opened = await openVisit(deps, caller, visitId, 'read', meta, action);
  const p = opened.participant;
  const side = decideQuestionnaireAccess(opened.actor, { status: opened.visit.status, patientId: opened.visit.patient_id,
    participant: { role: p.role, userId: p.user_id, removed: p.removed_at !== null, passExpiresAt: p.pass_expires_at } }, deps.now());
  if (side === 'deny') return refuse(deps, opened, action, meta);
  const row = await deps.db.selectFrom('visit_questionnaire').selectAll().where('visit_id', '=', visitId).executeTakeFirst();
  return { opened, side, row };
}

async function refuse(deps: Deps, o: OpenedVisit, action: string, meta: RequestMeta): Promise<never> {
  const principal = o.actor.kind === 'user' ? o.actor.principal : null;
  await deps.audit.record({ actorUserId: principal?.userId ?? null, actorFacilityId: principal?.facilityId ?? null, action, outcome: 'denied',
    patientId: o.visit.patient_id, resourceType: 'visit', resourceId: o.visit.id, ip: meta.ip, details: { participantId: o.participant.id } });
  throw forbidden();
}

const num = (v: string | null) => (v === null ? null : Number(v));

function describe(row: Row, o: OpenedVisit, side: 'patient' | 'clinician'): Questionnaire {
  return {
    visitId: row.visit_id, complaint: row.complaint, since: row.since, symptoms: row.symptoms as QuestionnaireSymptom[], medication: row.medication,
    allergies: row.allergies, notes: row.notes,
    vitals: { temperatureC: num(row.temperature_c), systolicMmHg: row.systolic_mmhg, diastolicMmHg: row.diastolic_mmhg, pulsePerMin: row.pulse_per_min,
      spo2Percent: row.spo2_percent, weightKg: num(row.weight_kg) },
    status: row.status as Questionnaire['status'], submittedAt: row.submitted_at?.toISOString() ?? null, updatedAt: row.updated_at.toISOString(),
    mayEdit: side === 'patient' && row.status === 'draft' && o.visit.status === 'open',
  };
}

export async function getQuestionnaire(deps: Deps, caller: Caller, visitId: string, meta: RequestMeta) {
  const { opened, side, row } = await openQuestionnaire(deps, caller, visitId, meta, 'visit.questionnaire.read');
  await auditVisit(deps, opened, 'visit.questionnaire.read', meta, { found: Boolean(row) });
  // Until the patient submits it, the draft is theirs alone.
  const visible = row && (side === 'patient' || row.status === 'submitted') ? row : null;
  return { questionnaire: visible ? describe(visible, opened, side) : null, role: side };
}

/**
 * Saves what the patient has written so far (`submit`: and hands it in, with the complaint
 * required). Only the patient writes it, only while the visit is open and until it is submitted.
 */
export async function saveQuestionnaire(deps: Deps, caller: Caller, visitId: string, input: QuestionnaireInput, submit: boolean,
  meta: RequestMeta): Promise<Questionnaire> {
  const action = submit ? 'visit.questionnaire.submit' : 'visit.questionnaire.save';
  const { opened, side, row } = await openQuestionnaire(deps, caller, visitId, meta, action);
  if (side !== 'patient') return refuse(deps, opened, action, meta);
  if (opened.visit.status !== 'open') throw new AppError('visit_closed', 409);
  if (row?.status === 'submitted') throw new AppError('questionnaire_submitted', 409);
  if (submit && !input.complaint) {
    throw new AppError('validation', 422, { errors: [{ path: 'body.complaint', code: 'required', message: '' }] });
  }
  const now = deps.now();
  const v = input.vitals;
  const values = {
    participant_id: opened.participant.id, complaint: input.complaint, since: input.since, symptoms: [...new Set(input.symptoms)],
    medication: input.medication, allergies: input.allergies, notes: input.notes, temperature_c: v.temperatureC, systolic_mmhg: v.systolicMmHg,
    diastolic_mmhg: v.diastolicMmHg, pulse_per_min: v.pulsePerMin, spo2_percent: v.spo2Percent, weight_kg: v.weightKg, updated_at: now,
    ...(submit ? { status: 'submitted', submitted_at: now } : {}),
  };
  const saved = await deps.db.insertInto('visit_questionnaire').values({ visit_id: visitId, patient_id: opened.visit.patient_id, ...values })
    .onConflict((oc) => oc.column('visit_id').doUpdateSet(values).where('visit_questionnaire.status', '=', 'draft'))
    .returningAll().executeTakeFirst();
  // Submitted meanwhile (another tab): it stays as it was handed in.
  if (!saved) throw new AppError('questionnaire_submitted', 409);
  await auditVisit(deps, opened, action, meta);
  return describe(saved, opened, side);
}
