import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { as, createTestApp, facilityId, signIn } from '../../test-support/app.ts';
import { pdfText } from '../../test-support/pdf-text.ts';
import { parseCsv } from './csv.ts';

const t = await createTestApp();
const [shalkar, irgiz, rtc, urgut, samarkand] = await Promise.all(
  ['KZ-AKT-SHALKAR', 'KZ-AKT-IRGIZ', 'KZ-AKT-RTC', 'UZ-SAM-URGUT', 'UZ-SAM-RMC'].map((c) => facilityId(t, c)));
const { rows: [doctor] } = await t.deps.pool.query<{ id: string }>(`SELECT id FROM app_user WHERE email = 'doctor.shalkar@demo.telemed'`);

async function patient(birthDate: string, home = shalkar): Promise<string> {
  const { rows } = await t.deps.pool.query<{ id: string }>(
    `INSERT INTO patient (family_name, given_name, birth_date, sex, preferred_language, home_facility_id, name_key)
     VALUES ('Тестова', 'Әлия', $1, 'female', 'kk', $2, 'test') RETURNING id`, [birthDate, home]);
  return rows[0].id;
}

/** A submitted request, written as the platform writes it (the rollup trigger counts it). */
async function requested(p: { patient: string; from: string; to: string; profile: string; at: string; mode?: string; status?: string }) {
  await t.deps.pool.query(
    `INSERT INTO consultation (patient_id, referring_facility_id, referring_user_id, target_facility_id, profile, urgency, mode, question, summary, status, created_at, submitted_at)
     VALUES ($1, $2, $3, $4, $5, 'planned', $6, 'Question', '{}', $7, $8, $8)`,
    [p.patient, p.from, doctor.id, p.to, p.profile, p.mode ?? 'async', p.status ?? 'submitted', p.at]);
}

const adult = await patient('1970-05-05');
// Turns 18 on 2026-12-02 (the day after the first request below), in Aktobe's time zone (UTC+5).
const almost18 = await patient('2008-12-02');
const baby = await patient('2026-03-01');
await requested({ patient: adult, from: shalkar, to: rtc, profile: 'cardiology', at: '2025-02-10T08:00:00Z' });
await requested({ patient: adult, from: shalkar, to: rtc, profile: 'endocrinology', at: '2025-11-20T08:00:00Z' });
await requested({ patient: almost18, from: shalkar, to: rtc, profile: 'cardiology', at: '2026-12-01T05:00:00Z' });
// 20:00 UTC on 1 December is already 2 December in Aktobe: the patient is 18 there.
await requested({ patient: almost18, from: irgiz, to: rtc, profile: 'neurosurgery', at: '2026-12-01T20:00:00Z' });
await requested({ patient: baby, from: irgiz, to: rtc, profile: 'neonatology', at: '2026-06-01T06:00:00Z' });
const uzPatient = await patient('1990-01-01', urgut);
await requested({ patient: uzPatient, from: urgut, to: samarkand, profile: 'cardiology', at: '2026-04-04T06:00:00Z' });

type Table = { columns: { label: string }[]; rows: { key: string; label: string; kind: string; cells: (number | null)[] }[] };
/** Reports speak the signed-in user's language (their profile setting), so the test sets it first. */
async function get(who: string, url: string, lang = 'en') {
  await t.deps.pool.query('UPDATE app_user SET language = $1 WHERE email = $2', [lang, who]);
  return as(t, await signIn(t, who), lang)('GET', url);
}

test('regional form: referring facilities × years with a total row and column, for the region’s analyst', async () => {
  const res = await get('analyst@demo.telemed', '/api/reports/consultations?by=facility&period=year');
  assert.equal(res.statusCode, 200, res.body);
  const table: Table = res.json();
  assert.deepEqual(table.columns.map((c) => c.label), ['2025', '2026', 'Total']);
  assert.deepEqual(table.rows.map((r) => [r.label, ...r.cells]), [
    ['Irgiz District Hospital', 0, 2, 2],
    ['Shalkar District Hospital', 2, 1, 3],
    ['Total', 2, 3, 5],
  ], 'the Samarkand request is outside the Aktobe health department’s region');
});

test('quarters run without gaps and are named in the reader’s language; the date filter includes both ends', async () => {
  const table: Table = (await get('admin@demo.telemed', '/api/reports/consultations?by=facility&period=quarter&from=2025-01-01&to=2025-12-31', 'ru')).json();
  assert.deepEqual(table.columns.map((c) => c.label), ['1 кв. 2025', '2 кв. 2025', '3 кв. 2025', '4 кв. 2025', 'Итого']);
  assert.deepEqual(table.rows.at(-1)!.cells, [1, 0, 0, 1, 2]);
});

test('a date range that starts and ends inside a month counts exactly its days', async () => {
  const total = async (q: string) => ((await get('analyst@demo.telemed', `/api/reports/consultations?${q}`)).json() as Table).rows.at(-1)!.cells.at(-1);
  assert.equal(await total('by=facility&period=month&from=2025-02-10&to=2025-11-20'), 2, 'both end days are included');
  assert.equal(await total('by=facility&period=month&from=2025-02-11&to=2025-11-19'), 0);
  assert.equal(await total('by=facility&period=year&from=2025-02-10&to=2025-02-10'), 1);
  const ages: Table = (await get('analyst@demo.telemed', '/api/reports/consultations?by=profile&from=2025-02-11')).json();
  assert.deepEqual(['cardiology', 'endocrinology'].map((k) => ages.rows.find((r) => r.key === k)!.cells.at(-1)), [1, 1]);
});

test('profiles grouped with subtotals × age groups, the age taken at the date of the request', async () => {
  const table: Table = (await get('analyst@demo.telemed', '/api/reports/consultations?by=profile')).json();
  assert.deepEqual(table.columns.map((c) => c.label), ['Adults (18 and over)', 'Adolescents (15–17)', 'Children (1–14)', 'Newborns (under 1)', 'Total']);
  const row = (key: string) => table.rows.find((r) => r.key === key)!;
  assert.deepEqual(row('cardiology').cells, [1, 1, 0, 0, 2], 'the patient was 17 on 1 December');
  assert.deepEqual(row('group.internal').cells, [2, 1, 0, 0, 3]);
  assert.equal(row('group.internal').kind, 'subtotal');
  assert.deepEqual(row('neurosurgery').cells, [1, 0, 0, 0, 1], '18 on 2 December in Aktobe');
  assert.deepEqual(row('neonatology').cells, [0, 0, 0, 1, 1]);
  assert.deepEqual(row('total').cells, [3, 1, 0, 1, 5]);
});

test('an analyst gets counts and never a patient field', async () => {
  for (const by of ['facility', 'profile', 'response']) {
    const body = (await get('analyst@demo.telemed', `/api/reports/consultations?by=${by}`)).body;
    for (const secret of ['Тестова', 'Әлия', '2008-12-02', '1970-05-05', adult, almost18, baby]) assert.ok(!body.includes(secret), `${by} report leaks ${secret}`);
  }
});

test('scope: the regional centre sees its districts, not Samarkand; a facility outside the scope is refused; a doctor has no statistics', async () => {
  const table: Table = (await get('coordinator@demo.telemed', '/api/reports/consultations?by=profile')).json();
  assert.equal(table.rows.at(-1)!.cells.at(-1), 5);
  assert.equal((await get('coordinator@demo.telemed', `/api/reports/consultations?facilityId=${samarkand}`)).statusCode, 403);
  assert.equal((await get('doctor.shalkar@demo.telemed', '/api/reports/consultations')).statusCode, 403);
  const uz: Table = (await get('admin@demo.telemed', `/api/reports/consultations?facilityId=${samarkand}`)).json();
  assert.deepEqual(uz.rows.map((r) => [r.label, ...r.cells]), [['Urgut District Hospital', 1, 1], ['Total', 1, 1]]);
});

test('CSV export: BOM, headings in the reader’s language, parses back to the same table', async () => {
  const res = await get('analyst@demo.telemed', '/api/reports/consultations/export?by=facility&period=year&format=csv', 'kk');
  assert.equal(res.statusCode, 200, res.body);
  assert.match(String(res.headers['content-type']), /^text\/csv/);
  assert.equal(res.rawPayload.subarray(0, 3).toString('hex'), 'efbbbf');
  const rows = parseCsv(res.rawPayload.toString('utf8'));
  assert.deepEqual(rows[0], ['Жолдаған ұйым', '2025', '2026', 'Барлығы']);
  assert.deepEqual(rows.at(-1), ['Барлығы', '2', '3', '5']);
});

test('XLSX export reads back with exceljs', async () => {
  const res = await get('analyst@demo.telemed', '/api/reports/consultations/export?by=profile&format=xlsx', 'ru');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const values = (n: number) => (ws.getRow(n).values as unknown[]).slice(1);
  assert.deepEqual(values(4).slice(0, 2), ['Профиль', 'Взрослые (18 лет и старше)']);
  assert.deepEqual(values(ws.rowCount), ['Итого', 3, 1, 0, 1, 5]);
});

test('PDF export carries Kazakh and Uzbek Latin letters as text', async () => {
  const kk = await get('analyst@demo.telemed', '/api/reports/consultations/export?by=facility&format=pdf', 'kk');
  assert.equal(kk.rawPayload.subarray(0, 5).toString(), '%PDF-');
  const text = pdfText(kk.rawPayload);
  assert.ok(text.includes('Жолдаған ұйымдар бойынша телемедициналық кеңестер'), text.slice(0, 200));
  assert.ok(text.includes('Шалқар аудандық ауруханасы'));
  assert.ok(text.includes('Ырғыз аудандық ауруханасы'));
  const uz = pdfText((await get('analyst@demo.telemed', '/api/reports/consultations/export?by=profile&format=pdf', 'uz')).rawPayload);
  assert.ok(uz.includes('Profillar va yosh guruhlari boʻyicha telekonsultatsiyalar'), uz.slice(0, 300));
  assert.ok(uz.includes('Jarrohlik'));
});

const HISTORY = [
  'date,referring_facility,consulting_facility,profile,age,mode,urgency',
  '2019-03-04,KZ-AKT-SHALKAR,KZ-AKT-RTC,cardiology,64,async,planned',
  '2019-03-04,KZ-AKT-SHALKAR,KZ-AKT-RTC,cardiology,64,async,planned',
  '2019-07-01,KZ-AKT-IRGIZ,KZ-NSMC,neurosurgery,adolescent,scheduled_video,urgent',
  '2019-02-30,KZ-AKT-IRGIZ,KZ-AKT-RTC,cardiology,40,async,planned',
  '2019-05-05,KZ-AKT-NOWHERE,KZ-AKT-RTC,cardiology,40,async,planned',
  '2019-05-05,KZ-AKT-IRGIZ,KZ-AKT-RTC,cardiology,old,async,planned',
  '2019-05-05,KZ-AKT-IRGIZ,KZ-AKT-RTC,cardiology',
  '2030-01-01,KZ-AKT-IRGIZ,KZ-AKT-RTC,cardiology,40,async,planned',
  '"2020-01-10","KZ-AKT-TEMIR","KZ-AKT-RTC","paediatrics","0","immediate_video","emergency"',
].join('\r\n');

const importAs = async (who: string, csv: string, lang = 'ru') => {
  await t.deps.pool.query('UPDATE app_user SET language = $1 WHERE email = $2', [lang, who]);
  return as(t, await signIn(t, who), lang)('POST', '/api/reports/import', csv, { 'content-type': 'text/csv' });
};

test('historical import: each rejected row is reported with its row, field and reason; the rest count in the reports', async () => {
  const res = await importAs('admin@demo.telemed', HISTORY);
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json(), {
    rows: 9, imported: 4, duplicates: 0,
    rejected: [
      { row: 5, field: 'date', reason: 'не дата (ГГГГ-ММ-ДД)' },
      { row: 6, field: 'referring_facility', reason: 'неизвестный код организации' },
      { row: 7, field: 'age', reason: 'не возраст в годах (0–130) и не возрастная группа (adult, adolescent, child, newborn)' },
      { row: 8, field: '*', reason: 'ожидалось 7 столбцов, найдено 4' },
      { row: 9, field: 'date', reason: 'дата в будущем' },
    ],
  });
  const table: Table = (await get('admin@demo.telemed', '/api/reports/consultations?by=facility&period=year&to=2020-12-31')).json();
  assert.deepEqual(table.rows.map((r) => [r.label, ...r.cells]), [
    ['Irgiz District Hospital', 1, 0, 1],
    ['Shalkar District Hospital', 2, 0, 2],
    ['Temir District Hospital', 0, 1, 1],
    ['Total', 3, 1, 4],
  ]);
  const ages: Table = (await get('admin@demo.telemed', '/api/reports/consultations?by=profile&to=2020-12-31')).json();
  assert.deepEqual(ages.rows.at(-1)!.cells, [2, 1, 0, 1, 4]);
  const part: Table = (await get('admin@demo.telemed', '/api/reports/consultations?by=facility&period=month&from=2019-03-04&to=2019-07-01')).json();
  assert.deepEqual(part.rows.at(-1)!.cells.at(-1), 3, 'historical records on the first and the last day of the range count');
  const later: Table = (await get('admin@demo.telemed', '/api/reports/consultations?by=facility&period=month&from=2019-03-05&to=2019-06-30')).json();
  assert.deepEqual(later.rows.at(-1)!.cells.at(-1), 0);
});

test('importing the same file again adds nothing', async () => {
  const res = (await importAs('admin@demo.telemed', HISTORY, 'en')).json();
  assert.equal(res.imported, 0);
  assert.equal(res.duplicates, 4);
  assert.equal(res.rejected[0].reason, 'not a date (YYYY-MM-DD)');
  const { rows } = await t.deps.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM consultation_import');
  assert.equal(rows[0].n, 4);
});

test('a facility administrator imports only rows of their own facilities; an analyst may not import', async () => {
  const res = (await importAs('facility.admin@demo.telemed', [
    '2018-01-01,UZ-SAM-URGUT,UZ-SAM-RMC,cardiology,30,async,planned',
    '2018-01-02,KZ-AKT-OIYL,KZ-AKT-RTC,cardiology,30,async,planned',
  ].join('\n'), 'en')).json();
  assert.deepEqual([res.imported, res.rejected], [1, [{ row: 1, field: 'referring_facility', reason: 'neither facility is among yours' }]]);
  assert.equal((await importAs('analyst@demo.telemed', HISTORY)).statusCode, 403);
});

test('a request forwarded to another hub is counted once, under the hub that now holds it', async () => {
  const istanbul = await facilityId(t, 'INT-IST-CARD');
  const held = async (facility: string) => ((await get('admin@demo.telemed', `/api/reports/consultations?by=facility&period=year&facilityId=${facility}`)).json() as Table)
    .rows.map((r) => [r.label, r.cells.at(-1)]);
  const network = async () => ((await get('admin@demo.telemed', '/api/reports/consultations?by=profile')).json() as Table).rows.at(-1)!.cells.at(-1);
  const before = await network();
  assert.deepEqual(await held(istanbul), [['Total', 0]]);
  await t.deps.pool.query(`UPDATE consultation SET target_facility_id = $1 WHERE referring_facility_id = $2`, [istanbul, urgut]);
  assert.deepEqual(await held(istanbul), [['Urgut District Hospital', 1], ['Total', 1]]);
  assert.equal(await network(), before, 'moved, not added');
});

test('the region filter names the regions in the reader’s language and filters by the stored key', async () => {
  const ru = (await get('admin@demo.telemed', '/api/reports/filters', 'ru')).json() as { regions: { value: string; name: string }[] };
  const names = new Map(ru.regions.map((r) => [r.value, r.name]));
  assert.equal(names.get('Aktobe'), 'Актюбинская область');
  assert.equal(names.get('Samarkand'), 'Самаркандская область');
  assert.equal(names.get('Istanbul'), 'Istanbul', 'a region outside the lists keeps its own spelling');
  const kk = (await get('admin@demo.telemed', '/api/reports/filters', 'kk')).json() as { regions: { value: string; name: string }[] };
  assert.equal(kk.regions.find((r) => r.value === 'Aktobe')?.name, 'Ақтөбе облысы');
  const table: Table = (await get('admin@demo.telemed', '/api/reports/consultations?region=Samarkand')).json();
  assert.deepEqual(table.rows.map((r) => r.label), ['Urgut District Hospital', 'Total']);
});

test('a facility in Kazakhstan or Uzbekistan takes its region from the list; elsewhere any name', async () => {
  await t.deps.pool.query(`UPDATE app_user SET language = 'ru' WHERE email = 'admin@demo.telemed'`);
  const admin = as(t, await signIn(t, 'admin@demo.telemed'), 'ru');
  const body = (country: string, region: string, code: string) => ({
    code, parentId: null, kind: 'district_hospital', name: { kk: 'Аурухана', ru: 'Больница', uz: 'Shifoxona', en: 'Hospital' },
    country, region, timeZone: 'Asia/Aqtobe', isTelemedicineCentre: false, profiles: [], active: true,
  });
  const wrong = await admin('POST', '/api/facilities', body('KZ', 'Aktobe Oblast', 'KZ-TEST-1'));
  assert.equal(wrong.statusCode, 422, wrong.body);
  assert.deepEqual(wrong.json().errors.map((e: { path: string; code: string }) => [e.path, e.code]), [['body.region', 'unknown_region']]);
  assert.match(wrong.json().errors[0].message, /Выберите область из списка/);
  assert.equal((await admin('POST', '/api/facilities', body('KZ', 'Aktobe', 'KZ-TEST-2'))).statusCode, 201);
  assert.equal((await admin('POST', '/api/facilities', body('KG', 'Osh', 'KG-TEST-3'))).statusCode, 201);
});

// Last in the file: its requests of March 2024 would add a year to the tables of the tests above.
test('response report: video sessions held, requests to foreign clinics, response times against the target', async () => {
  const istanbul = await facilityId(t, 'INT-IST-CARD');
  const p = await patient('1965-07-07');
  /** A request answered (or not) `hours` after it was submitted, its target being acceptance within `dueHours`. */
  const answered = async (o: { from: string; to: string; mode: string; status: string; at: string; dueHours: number; hours: number | null }) => {
    await t.deps.pool.query(
      `INSERT INTO consultation (patient_id, referring_facility_id, referring_user_id, target_facility_id, profile, urgency, mode, question, summary,
                                 status, created_at, submitted_at, due_for, due_at, accepted_at)
       VALUES ($1, $2, $3, $4, 'cardiology', 'urgent', $5, 'Question', '{}', $6, $7, $7, 'accept', $7::timestamptz + make_interval(hours => $8),
               $7::timestamptz + make_interval(secs => $9::float8 * 3600))`,
      [p, o.from, doctor.id, o.to, o.mode, o.status, o.at, o.dueHours, o.hours]);
  };
  // A video session held, accepted in 1 h of 4.
  await answered({ from: shalkar, to: rtc, mode: 'scheduled_video', status: 'concluded', at: '2024-03-04T08:00:00Z', dueHours: 4, hours: 1 });
  // The foreign clinic, accepted in 6 h of 4: late.
  await answered({ from: shalkar, to: istanbul, mode: 'async', status: 'accepted', at: '2024-03-05T08:00:00Z', dueHours: 4, hours: 6 });
  // A video request not yet accepted and long overdue: no session held, judged late.
  await answered({ from: irgiz, to: rtc, mode: 'immediate_video', status: 'submitted', at: '2024-03-06T08:00:00Z', dueHours: 1, hours: null });
  const table: Table = (await get('admin@demo.telemed', '/api/reports/consultations?by=response&from=2024-03-01&to=2024-03-31')).json();
  const total = table.rows.at(-1)!;
  // requests, video held, foreign, answered, median h, 90th percentile h, % within target
  assert.deepEqual(total.cells, [3, 1, 1, 2, 3.5, 5.5, 33.3]);
  const foreign = table.rows.find((r) => r.label.startsWith('Istanbul Cardiology Clinic'))!;
  assert.deepEqual(foreign.cells, [1, 0, 1, 1, 6, 6, 0]);
  const hub = table.rows.find((r) => r.label.startsWith('Aktobe'))!;
  assert.deepEqual(hub.cells, [2, 1, 0, 1, 1, 1, 50]);
});
