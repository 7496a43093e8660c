import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { as, createTestApp, facilityId, signIn } from '../../test-support/app.ts';
import { openVisitChannel } from '../../test-support/visit-client.ts';
import { cardiologySlots, eventually, userId } from '../scheduling/test-support.ts';

const t = await createTestApp();
await t.app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
const rtc = await facilityId(t, 'KZ-AKT-RTC');
const cardiologistId = await userId(t, 'cardiologist@demo.telemed');
const patient = await signIn(t, 'patient@demo.telemed');
const cardiologist = await signIn(t, 'cardiologist@demo.telemed');
const asDoctor = as(t, cardiologist, 'ru');
const asPatient = as(t, patient, 'kk');
const patientId = patient.body.user && (patient.body.user as { patientId: string }).patientId;

async function visitOfNewAppointment(i: number) {
  const slots = await cardiologySlots(t, patient);
  const booked = await asPatient('POST', '/api/appointments', { clinicianId: cardiologistId, facilityId: rtc, startsAt: slots[i].startsAt });
  assert.equal(booked.statusCode, 201, booked.body);
  const visit = (await asDoctor('POST', `/api/appointments/${booked.json().id}/visit`)).json();
  return { id: visit.id as string, clinician: visit.me.participantId as string,
    patient: visit.participants.find((p: { role: string }) => p.role === 'patient').id as string };
}

const NOTE = {
  complaint: 'Головная боль по утрам', history: 'АД до 170/100 две недели', examination: 'АД 160/95 по домашнему тонометру',
  assessment: 'Неконтролируемая артериальная гипертензия', diagnoses: ['i10'], plan: 'Усилить терапию, дневник АД',
  prescriptions: [{ medicine: 'Амлодипин', dose: '5 мг', route: 'внутрь', frequency: '1 раз в день', duration: '30 дней', instructions: 'утром' }],
  followUp: 'Через 4 недели', followUpBooking: true,
  patientSummary: 'Қан қысымыңыз жоғары. Амлодипинді күн сайын таңертең ішіңіз және қысымды күнделікке жазыңыз.',
};

test('the patient is admitted only once telemedicine consent is on record; the clinician records it in the visit', async () => {
  assert.ok(patientId);
  // The patient's earlier consent was withdrawn: the latest record counts.
  const shalkar = await signIn(t, 'doctor.shalkar@demo.telemed');
  assert.equal((await as(t, shalkar)('POST', `/api/patients/${patientId}/consents`, { kind: 'telemedicine', granted: false })).statusCode, 201);
  const visit = await visitOfNewAppointment(0);
  assert.deepEqual((await asDoctor('GET', `/api/visits/${visit.id}/consent`)).json(), { onRecord: false });
  assert.equal((await asPatient('GET', `/api/visits/${visit.id}/consent`)).statusCode, 403, 'the patient does not manage the visit');

  const doctorChannel = await openVisitChannel(base, visit.id, cardiologist.cookie);
  await doctorChannel.next('welcome');
  const patientChannel = await openVisitChannel(base, visit.id, patient.cookie);
  assert.equal((await patientChannel.next('welcome')).admitted, false);
  doctorChannel.send({ type: 'admit', participantId: visit.patient });
  assert.equal((await doctorChannel.next('error')).code, 'consent_required');
  const stillWaiting = await t.deps.db.selectFrom('visit_participant').select('admitted_at').where('id', '=', visit.patient).executeTakeFirstOrThrow();
  assert.equal(stillWaiting.admitted_at, null);

  // The patient says yes; the clinician (a consultant, who cannot edit the patient's record) confirms it.
  const recorded = await asDoctor('POST', `/api/visits/${visit.id}/consent`, { confirmed: true, note: 'Устное согласие в видеоприёме' });
  assert.equal(recorded.statusCode, 201, recorded.body);
  const consents = (await as(t, shalkar)('GET', `/api/patients/${patientId}/consents`)).json().items;
  assert.deepEqual([consents[0].kind, consents[0].granted, consents[0].recordedBy.displayName], ['telemedicine', true, 'Марат Қасымов']);
  // Consent is not a way into other patients' records: the route is bound to the visit's patient.
  assert.equal((await asDoctor('POST', `/api/patients/${patientId}/consents`, { kind: 'telemedicine', granted: true })).statusCode, 403);

  doctorChannel.send({ type: 'admit', participantId: visit.patient });
  await patientChannel.next('admitted');
  await t.deps.audit.settle();
  const actions = (await t.deps.db.selectFrom('audit_event').select('action').where('resource_id', '=', visit.id).where('outcome', '=', 'success')
    .execute()).map((r) => r.action);
  assert.ok(actions.includes('visit.consent.record') && actions.includes('visit.admit'));
  doctorChannel.close();
  patientChannel.close();
});

test('the clinician writes the record, signs it once; the patient reads the summary and prescriptions only, and is told', async () => {
  const visit = await visitOfNewAppointment(1);
  const bad = await asDoctor('PUT', `/api/visits/${visit.id}/record`, { ...NOTE, diagnoses: ['hypertension'] });
  assert.equal(bad.statusCode, 400, 'ICD-10 is checked');
  const empty = (await asDoctor('GET', `/api/visits/${visit.id}/record`)).json();
  assert.deepEqual(empty, { record: null, summaryLanguage: 'kk' }, 'the summary is to be written in the patient’s language');

  const draft = await asDoctor('PUT', `/api/visits/${visit.id}/record`, NOTE);
  assert.equal(draft.statusCode, 200, draft.body);
  assert.deepEqual([draft.json().status, draft.json().diagnoses, draft.json().mayEdit], ['draft', ['I10'], true]);
  // A draft is nobody's business but the clinician's.
  assert.equal((await asPatient('GET', `/api/visits/${visit.id}/record/summary`)).statusCode, 404);
  assert.equal((await asPatient('GET', `/api/visits/${visit.id}/record`)).statusCode, 403);
  assert.equal((await asPatient('PUT', `/api/visits/${visit.id}/record`, NOTE)).statusCode, 403);

  const signed = await asDoctor('POST', `/api/visits/${visit.id}/record/sign`);
  assert.equal(signed.statusCode, 200, signed.body);
  assert.equal(signed.json().status, 'signed');
  assert.match(signed.json().contentSha256, /^[0-9a-f]{64}$/);
  // Signed once: no second signature, no change, not even straight in the database.
  assert.equal((await asDoctor('POST', `/api/visits/${visit.id}/record/sign`)).statusCode, 409);
  const change = await asDoctor('PUT', `/api/visits/${visit.id}/record`, { ...NOTE, plan: 'другое' });
  assert.equal(change.statusCode, 409);
  assert.equal(change.json().title, 'Запись о приёме подписана и больше не может меняться. Чтобы исправить, добавьте дополнение.');
  await assert.rejects(t.deps.db.updateTable('visit_record').set({ plan: 'x' }).where('visit_id', '=', visit.id).execute(), /signed/);
  const corrected = await asDoctor('POST', `/api/visits/${visit.id}/record/addenda`, { body: 'Уточнение: АД 165/95' });
  assert.equal(corrected.statusCode, 200, corrected.body);
  assert.deepEqual([corrected.json().plan, corrected.json().addenda.map((a: { body: string }) => a.body)], [NOTE.plan, ['Уточнение: АД 165/95']]);

  // The patient hears that it is ready, in Kazakh, with a link and nothing clinical.
  const notice = () => t.notifier.sent.find((m) => m.kind === 'visit_summary' && m.to === 'patient@demo.telemed');
  await eventually(() => Boolean(notice()), 'summary notice to the patient');
  assert.equal(notice()!.body, `Бейнеқабылдауыңыздың қорытындысы дайын. Оны оқу үшін жүйеге кіріңіз.\n/visits/${visit.id}`);

  const summary = await asPatient('GET', `/api/visits/${visit.id}/record/summary`);
  assert.equal(summary.statusCode, 200, summary.body);
  assert.deepEqual(summary.json(), { visitId: visit.id, clinicianName: 'Марат Қасымов', language: 'kk', summary: NOTE.patientSummary,
    prescriptions: NOTE.prescriptions, followUp: NOTE.followUp, followUpClinicianId: cardiologistId, signedAt: signed.json().signedAt });
  const pdf = await asPatient('GET', `/api/visits/${visit.id}/record/summary.pdf`);
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');

  // A guest in the visit (an interpreter) reads neither the record nor the summary.
  const invite = (await asDoctor('POST', `/api/visits/${visit.id}/invites`, { role: 'interpreter', displayName: 'Аудармашы', language: 'ru',
    expiresInMinutes: 30 })).json();
  const redeemed = await t.app.inject({ method: 'POST', url: '/api/visit-links/redeem', payload: { token: invite.token } });
  const pass = `tm_visit=${redeemed.cookies.find((c) => c.name === 'tm_visit')!.value}`;
  assert.equal((await t.app.inject({ url: `/api/visits/${visit.id}`, headers: { cookie: pass } })).statusCode, 200);
  assert.equal((await t.app.inject({ url: `/api/visits/${visit.id}/record/summary`, headers: { cookie: pass } })).statusCode, 403);
  assert.equal((await t.app.inject({ url: `/api/visits/${visit.id}/record`, headers: { cookie: pass } })).statusCode, 401);
  // Someone outside the visit learns nothing.
  const shalkar = await signIn(t, 'doctor.shalkar@demo.telemed');
  assert.equal((await as(t, shalkar)('GET', `/api/visits/${visit.id}/record`)).statusCode, 404);

  await t.deps.audit.settle();
  const audited = await t.deps.db.selectFrom('audit_event').select(['action', 'outcome', 'patient_id']).where('resource_id', '=', visit.id).execute();
  for (const action of ['visit.record.save', 'visit.record.sign', 'visit.record.read', 'visit.summary.read', 'visit.summary.pdf', 'visit.record.addendum']) {
    assert.ok(audited.some((a) => a.action === action && a.outcome === 'success' && a.patient_id === patientId), `audited: ${action}`);
  }
  assert.ok(audited.some((a) => a.action === 'visit.summary.read' && a.outcome === 'denied'), 'the refused reads too');
});

test('after the call has ended the clinician still may write the record (canRecord), no longer manage the visit; the patient neither', async () => {
  const visit = await visitOfNewAppointment(2);
  assert.equal((await asDoctor('POST', `/api/visits/${visit.id}/end`)).statusCode, 200);
  const seen = (await asDoctor('GET', `/api/visits/${visit.id}`)).json();
  assert.deepEqual([seen.status, seen.me.canManage, seen.me.canRecord], ['ended', false, true]);
  const byPatient = (await asPatient('GET', `/api/visits/${visit.id}`)).json();
  assert.deepEqual([byPatient.me.canManage, byPatient.me.canRecord], [false, false]);
  assert.equal((await asDoctor('PUT', `/api/visits/${visit.id}/record`, NOTE)).statusCode, 200, 'the record is written afterwards');
});
