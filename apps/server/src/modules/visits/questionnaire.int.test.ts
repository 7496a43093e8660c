import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword } from '../identity/passwords.ts';
import { as, createTestApp, facilityId, patientIdByName, signIn } from '../../test-support/app.ts';
import { cardiologySlots, userId } from '../scheduling/test-support.ts';

const t = await createTestApp();
const rtc = await facilityId(t, 'KZ-AKT-RTC');
const cardiologistId = await userId(t, 'cardiologist@demo.telemed');
const patient = await signIn(t, 'patient@demo.telemed');
const cardiologist = await signIn(t, 'cardiologist@demo.telemed');
const asPatient = as(t, patient, 'kk');
const asDoctor = as(t, cardiologist, 'ru');
const patientId = (patient.body.user as { patientId: string }).patientId;
const slots = await cardiologySlots(t, patient);

// A second patient with an account of their own (Иванов, registered in Shalkar), who has no part in the first one's visit.
await t.deps.db.insertInto('app_user').values({ email: 'ivanov@demo.telemed', display_name: 'Пётр Иванов', language: 'ru',
  password_hash: await hashPassword('ivanov-passphrase-1'), patient_id: await patientIdByName(t, 'Иванов') }).execute();
const otherPatient = await signIn(t, 'ivanov@demo.telemed', 'ivanov-passphrase-1');

/** The visit of a newly booked appointment, as the patient opens it to fill the questionnaire in. */
async function visitOfNewAppointment(i: number): Promise<string> {
  const booked = await asPatient('POST', '/api/appointments', { clinicianId: cardiologistId, facilityId: rtc, startsAt: slots[i].startsAt });
  assert.equal(booked.statusCode, 201, booked.body);
  const visit = await asPatient('POST', `/api/appointments/${booked.json().id}/visit`);
  assert.equal(visit.statusCode, 200, visit.body);
  return visit.json().id;
}

const FILLED = {
  complaint: 'Басым таңертең ауырады', since: 'Екі апта', symptoms: ['headache', 'dizziness'], medication: 'Эналаприл 10 мг',
  allergies: 'Пенициллин', notes: 'Қысым кешке жоғарылайды',
  vitals: { temperatureC: 36.6, systolicMmHg: 165, diastolicMmHg: 95, pulsePerMin: 82, spo2Percent: 97, weightKg: 88.5 },
};

test('the patient fills the questionnaire in as a draft and hands it in; the clinician sees it only then; every step is audited', async () => {
  const visitId = await visitOfNewAppointment(0);
  const url = `/api/visits/${visitId}/questionnaire`;
  assert.deepEqual((await asPatient('GET', url)).json(), { questionnaire: null, role: 'patient' });

  // Saved while the patient types: part of it, then more.
  const first = await asPatient('PUT', url, { complaint: 'Басым' });
  assert.equal(first.statusCode, 200, first.body);
  assert.deepEqual([first.json().status, first.json().complaint, first.json().mayEdit, first.json().vitals.temperatureC], ['draft', 'Басым', true, null]);
  const draft = await asPatient('PUT', url, { ...FILLED, symptoms: ['headache', 'dizziness', 'headache'] });
  assert.equal(draft.statusCode, 200, draft.body);
  assert.deepEqual(draft.json().symptoms, ['headache', 'dizziness'], 'a symptom counts once');
  assert.deepEqual(draft.json().vitals, FILLED.vitals);

  // A draft is the patient's alone.
  assert.deepEqual((await asDoctor('GET', url)).json(), { questionnaire: null, role: 'clinician' });
  assert.equal((await asDoctor('PUT', url, FILLED)).statusCode, 403, 'the clinician does not write the patient’s answers');

  // Handing it in needs the complaint.
  const noComplaint = await asPatient('POST', `${url}/submit`, { ...FILLED, complaint: '  ' });
  assert.equal(noComplaint.statusCode, 422);
  assert.deepEqual(noComplaint.json().errors.map((e: { path: string }) => e.path), ['body.complaint']);
  const submitted = await asPatient('POST', `${url}/submit`, FILLED);
  assert.equal(submitted.statusCode, 200, submitted.body);
  assert.deepEqual([submitted.json().status, submitted.json().mayEdit], ['submitted', false]);
  assert.ok(submitted.json().submittedAt);

  const seen = await asDoctor('GET', url);
  assert.equal(seen.statusCode, 200);
  assert.equal(seen.headers['cache-control'], 'no-store');
  assert.deepEqual({ ...seen.json().questionnaire, submittedAt: null, updatedAt: null },
    { ...FILLED, visitId, status: 'submitted', mayEdit: false, submittedAt: null, updatedAt: null });

  // Handed in, it stays as it was.
  const late = await asPatient('PUT', url, { ...FILLED, complaint: 'басқа' });
  assert.equal(late.statusCode, 409);
  assert.equal(late.json().title, 'Сауалнама жіберілген, оны енді өзгертуге болмайды. Жаңа мәліметті дәрігерге қабылдауда немесе хабарламада айтыңыз.');

  await t.deps.audit.settle();
  const audited = await t.deps.db.selectFrom('audit_event').select(['action', 'outcome', 'patient_id', 'actor_user_id']).where('resource_id', '=', visitId)
    .where('action', 'like', 'visit.questionnaire.%').execute();
  for (const action of ['visit.questionnaire.save', 'visit.questionnaire.submit', 'visit.questionnaire.read']) {
    assert.ok(audited.some((a) => a.action === action && a.outcome === 'success' && a.patient_id === patientId), `audited: ${action}`);
  }
  assert.ok(audited.some((a) => a.action === 'visit.questionnaire.read' && a.actor_user_id === cardiologistId && a.outcome === 'success'));
  assert.ok(audited.some((a) => a.action === 'visit.questionnaire.save' && a.actor_user_id === cardiologistId && a.outcome === 'denied'));
});

test('measured values are checked against their ranges, blood pressure as a pair, the checklist against its codes', async () => {
  const visitId = await visitOfNewAppointment(1);
  const url = `/api/visits/${visitId}/questionnaire`;
  const refused = async (body: unknown) => {
    const res = await asPatient('PUT', url, body);
    assert.equal(res.statusCode, 400, `${JSON.stringify(body)}: ${res.body}`);
    return res.json().errors.map((e: { path: string }) => e.path);
  };
  const vitals = (v: Record<string, number | null>) => ({ vitals: { ...FILLED.vitals, ...v } });
  assert.deepEqual(await refused(vitals({ temperatureC: 46.6 })), ['body.vitals.temperatureC']);
  assert.deepEqual(await refused(vitals({ temperatureC: 33.9 })), ['body.vitals.temperatureC']);
  assert.deepEqual(await refused(vitals({ spo2Percent: 101 })), ['body.vitals.spo2Percent']);
  assert.deepEqual(await refused(vitals({ pulsePerMin: 82.5 })), ['body.vitals.pulsePerMin']);
  assert.deepEqual(await refused(vitals({ weightKg: 0 })), ['body.vitals.weightKg']);
  assert.deepEqual(await refused(vitals({ systolicMmHg: 90, diastolicMmHg: 120 })), ['body.vitals.diastolicMmHg']);
  assert.deepEqual(await refused(vitals({ diastolicMmHg: null })), ['body.vitals.diastolicMmHg'], 'both numbers or neither');
  assert.deepEqual(await refused({ symptoms: ['sneezing'] }), ['body.symptoms.0']);
  assert.deepEqual(await refused({ complaint: 'x'.repeat(2001) }), ['body.complaint']);
  assert.equal((await t.deps.db.selectFrom('visit_questionnaire').select('visit_id').where('visit_id', '=', visitId).execute()).length, 0,
    'nothing was kept from a refused save');
  // The edges of the ranges are readings too.
  const edge = await asPatient('PUT', url, vitals({ temperatureC: 43, spo2Percent: 100, weightKg: 0.5, systolicMmHg: 50, diastolicMmHg: 30 }));
  assert.equal(edge.statusCode, 200, edge.body);
});

test('only the visit’s patient writes it and its clinicians read it: another patient, an outsider and other guests are refused', async () => {
  const visitId = await visitOfNewAppointment(2);
  const url = `/api/visits/${visitId}/questionnaire`;
  assert.equal((await asPatient('PUT', url, FILLED)).statusCode, 200);
  const asOther = as(t, otherPatient);
  assert.equal((await asOther('GET', url)).statusCode, 404, 'another patient learns nothing of it');
  assert.equal((await asOther('PUT', url, FILLED)).statusCode, 404);
  const irgiz = await signIn(t, 'doctor.irgiz@demo.telemed');
  assert.equal((await as(t, irgiz)('GET', url)).statusCode, 404, 'staff outside the visit learn nothing');
  const admin = await signIn(t, 'facility.admin@demo.telemed');
  assert.equal((await as(t, admin)('GET', url)).statusCode, 403, 'no visit.join, no visit');

  // An interpreter in the visit by personal link reads nothing of it.
  const invite = (await asDoctor('POST', `/api/visits/${visitId}/invites`, { role: 'interpreter', displayName: 'Аудармашы', language: 'ru',
    expiresInMinutes: 30 })).json();
  const redeemed = await t.app.inject({ method: 'POST', url: '/api/visit-links/redeem', payload: { token: invite.token } });
  const pass = `tm_visit=${redeemed.cookies.find((c) => c.name === 'tm_visit')!.value}`;
  assert.equal((await t.app.inject({ url, headers: { cookie: pass } })).statusCode, 403);

  // Once the visit has ended, nothing more is written.
  assert.equal((await asDoctor('POST', `/api/visits/${visitId}/end`)).statusCode, 200);
  const closed = await asPatient('PUT', url, FILLED);
  assert.equal(closed.statusCode, 409);
  assert.equal((await asDoctor('GET', url)).json().questionnaire, null, 'a draft never handed in stays the patient’s');

  await t.deps.audit.settle();
  const denied = await t.deps.db.selectFrom('audit_event').select(['action', 'actor_user_id']).where('resource_id', '=', visitId)
    .where('outcome', '=', 'denied').execute();
  const otherId = await userId(t, 'ivanov@demo.telemed');
  assert.ok(denied.some((d) => d.action === 'visit.questionnaire.read' && d.actor_user_id === otherId), 'the other patient’s try is on record');
  assert.ok(denied.some((d) => d.action === 'visit.questionnaire.read' && d.actor_user_id === null), 'so is the interpreter’s');
});

test('a guest patient who came by personal link fills it in through their pass, not from another site', async () => {
  const visitId = await visitOfNewAppointment(3);
  const url = `/api/visits/${visitId}/questionnaire`;
  const invite = (await asDoctor('POST', `/api/visits/${visitId}/invites`, { role: 'patient', displayName: 'Серік', language: 'kk',
    expiresInMinutes: 60 })).json();
  const redeemed = await t.app.inject({ method: 'POST', url: '/api/visit-links/redeem', payload: { token: invite.token } });
  const cookie = `tm_visit=${redeemed.cookies.find((c) => c.name === 'tm_visit')!.value}`;
  const guest = (method: 'GET' | 'PUT' | 'POST', path: string, payload?: unknown, origin?: string) => t.app.inject({ method, url: path,
    payload: payload as Record<string, unknown>, headers: { cookie, host: 'clinic.example', ...(origin ? { origin } : {}) } });

  assert.equal((await guest('PUT', url, FILLED, 'https://elsewhere.example')).statusCode, 401, 'a write from another site is not taken on a pass');
  const saved = await guest('PUT', url, { complaint: 'Бас ауруы' }, 'https://clinic.example');
  assert.equal(saved.statusCode, 200, saved.body);
  const submitted = await guest('POST', `${url}/submit`, FILLED, 'https://clinic.example');
  assert.equal(submitted.statusCode, 200, submitted.body);
  assert.equal((await guest('GET', url)).json().questionnaire.status, 'submitted');
  assert.equal((await asDoctor('GET', url)).json().questionnaire.complaint, FILLED.complaint);
  // The pass is for this visit only.
  const elsewhere = await visitOfNewAppointment(4);
  assert.equal((await guest('PUT', `/api/visits/${elsewhere}/questionnaire`, FILLED, 'https://clinic.example')).statusCode, 404);

  await t.deps.audit.settle();
  const row = await t.deps.db.selectFrom('audit_event').select(['patient_id', 'details']).where('resource_id', '=', visitId)
    .where('action', '=', 'visit.questionnaire.submit').where('actor_user_id', 'is', null).executeTakeFirstOrThrow();
  assert.equal(row.patient_id, patientId);
  assert.equal((row.details as { participantId: string }).participantId, invite.participantId, 'the guest is recorded by participant');
});
