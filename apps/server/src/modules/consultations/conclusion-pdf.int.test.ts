import { test } from 'node:test';
import assert from 'node:assert/strict';
import { as, createTestApp, facilityId, patientIdByName, signIn } from '../../test-support/app.ts';
import { pdfText } from '../../test-support/pdf-text.ts';

const t = await createTestApp();
const hub = await facilityId(t, 'KZ-AKT-RTC');
// A Kazakh-speaking patient: the conclusion is printed in Kazakh whatever the reader's language.
const patientId = await patientIdByName(t, 'Бекмұхамедов');

test('the signed conclusion downloads as a PDF in the patient’s language, with facilities, consultant, time and hash; others are refused', async () => {
  const doctor = await signIn(t, 'doctor.shalkar@demo.telemed');
  const c = (await as(t, doctor)('POST', '/api/consultations', { patientId, targetFacilityId: hub, profile: 'cardiology', urgency: 'urgent', mode: 'async',
    question: 'Кеуде ауыруы екі күн бойы, не істеу керек?', summary: { complaints: 'Кеуде ауыруы', provisionalDiagnosis: 'I21.0' } })).json();
  const coordinator = await signIn(t, 'coordinator@demo.telemed');
  const accepted = (await as(t, coordinator)('POST', `/api/consultations/${c.id}/transitions`, { action: 'accept', version: c.version })).json();
  const consultant = await signIn(t, 'cardiologist@demo.telemed');
  const url = `/api/consultations/${c.id}/conclusion.pdf`;
  assert.equal((await as(t, doctor)('GET', url)).statusCode, 404, 'no conclusion yet');
  const signed = (await as(t, consultant)('POST', `/api/consultations/${c.id}/conclusion`, { version: accepted.version, diagnosis: 'I21.0',
    recommendations: 'Тромболизис; Ақтөбеге ауыстыру. Oʻzbekcha: gʻamxoʻrlik', transfer: true, transferNote: 'Санавиация', followUp: 'ЭКГ 24 сағаттан кейін' })).json();

  const res = await as(t, doctor, 'en')('GET', url);
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['content-type'], 'application/pdf');
  const text = pdfText(res.rawPayload);
  for (const s of ['Телемедициналық кеңес қорытындысы', 'Бекмұхамедов Серік', 'Шалқар аудандық ауруханасы', 'Ақтөбе облыстық телемедициналық орталығы',
    'Марат Қасымов', 'Ақтөбеге', 'Oʻzbekcha: gʻamxoʻrlik', signed.conclusion.contentSha256]) {
    assert.ok(text.includes(s), `missing ${s} in ${text.slice(0, 400)}`);
  }
  const audit = await t.deps.pool.query(`SELECT 1 FROM audit_event WHERE action = 'consultation.conclusion.pdf' AND patient_id = $1`, [patientId]);
  assert.ok((audit.rowCount ?? 0) >= 1, 'the download is audited as a read of the case');
  const outsider = await signIn(t, 'doctor.urgut@demo.telemed');
  assert.equal((await as(t, outsider)('GET', url)).statusCode, 404);
});
