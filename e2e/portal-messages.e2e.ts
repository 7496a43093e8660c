import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { browser, server } from './context.ts';
import { axeViolations } from './support/browser.ts';
import { SignInPage } from './support/pages.ts';
import { AppointmentsPage, BookVisitPage } from './support/scheduling-pages.ts';

const PHONE = { width: 390, height: 844 };
const DESK = { width: 1280, height: 900 };
const contexts: BrowserContext[] = [];
async function signedIn(viewport: typeof PHONE, email: string): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'ru-RU', bypassCSP: true });
  contexts.push(context);
  const page = await context.newPage();
  await new SignInPage(page).open(server.url);
  await new SignInPage(page).signIn(email);
  return page;
}

const COMPLAINT = 'Басым таңертең ауырады, қысым көтеріледі';

/**
 * The patient's portal and the care team: before the visit the patient (Kazakh, on a phone) fills
 * the questionnaire in — a reading out of range is pointed out, a dropped link loses nothing — and
 * hands it in; the cardiologist (Russian) sees it in the visit and copies the complaint into the
 * record. In the waiting room the patient goes on by message instead; the cardiologist, on the
 * Patient messages page, sees it arrive and answers; the patient sees the answer arrive.
 */
test('questionnaire before the visit seen by the clinician; a message from the call answered in real time', async () => {
  try {
    const patient = await signedIn(PHONE, 'patient@demo.telemed');
    const booking = new BookVisitPage(patient);
    await booking.open(server.url);
    await booking.chooseDoctor('Марат Қасымов');
    const startsAt = await booking.chooseFirstFreeTime();
    await booking.confirm();
    await new AppointmentsPage(patient).open(server.url);
    await patient.locator(`[data-testid="appointment"][data-starts-at="${startsAt}"]`).getByTestId('open-questionnaire').click();
    await patient.waitForURL(/\/visits\/[0-9a-f-]{36}\/questionnaire$/);
    const visitId = patient.url().split('/').at(-2)!;

    const form = patient.getByTestId('questionnaire-form');
    await form.getByLabel('Сізді ең көп не мазалайды?').fill(COMPLAINT);
    await form.getByLabel('Қашаннан бері?').fill('Екі апта');
    await form.getByLabel('Бас ауруы').check();
    await form.getByLabel('Бас айналу').check();
    await form.getByLabel('Қазір қабылдап жүрген дәрілеріңіз').fill('Эналаприл 10 мг');
    await form.getByLabel('Аллергия').fill('Пенициллин');
    // A slip of the finger is pointed out, with the range, once the field is left.
    await form.locator('[name="temperatureC"]').fill('46,6');
    await form.locator('[name="systolicMmHg"]').focus();
    await form.getByText('34-ден 43-ге дейінгі мәнді енгізіңіз.').waitFor();
    await form.locator('[name="temperatureC"]').fill('36,6');
    await form.locator('[name="systolicMmHg"]').fill('165');
    await form.locator('[name="diastolicMmHg"]').fill('95');
    await form.locator('[name="pulsePerMin"]').fill('82');
    await form.locator('[name="spo2Percent"]').fill('97');
    await form.locator('[name="weightKg"]').fill('88,5');
    await patient.getByText('Сақталды.').waitFor();
    assert.deepEqual(await axeViolations(patient), [], 'the questionnaire is accessible');
    const overflow = await patient.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, 'the questionnaire fits a phone screen');

    // The link drops while the patient writes: it is kept on the phone and reaches the server when the link is back.
    await patient.context().setOffline(true);
    await form.getByLabel('Дәрігер тағы не білуі керек').fill('Қысым кешке жоғарылайды');
    await patient.getByText('Байланыс жоқ: осы құрылғыда сақталды, байланыс қалпына келгенде жіберіледі.').waitFor();
    await patient.context().setOffline(false);
    await patient.getByText('Сақталды.').waitFor();
    await patient.reload();
    assert.equal(await form.getByLabel('Дәрігер тағы не білуі керек').inputValue(), 'Қысым кешке жоғарылайды');
    assert.equal(await form.locator('[name="temperatureC"]').inputValue(), '36.6');
    await form.getByRole('button', { name: 'Дәрігерге жіберу' }).click();
    await patient.getByTestId('questionnaire-sent').waitFor();

    // The cardiologist opens the visit and finds the questionnaire beside the record.
    const doctor = await signedIn(DESK, 'cardiologist@demo.telemed');
    await doctor.goto(`${server.url}/visits/${visitId}`);
    await doctor.getByRole('button', { name: 'Войти в приём' }).click();
    const view = doctor.getByTestId('record-panel').getByTestId('questionnaire-view');
    await view.getByText(COMPLAINT).waitFor();
    const summary = await view.getByTestId('questionnaire-summary').innerText();
    for (const part of ['Головная боль, Головокружение', '165/95', '36,6', '88,5', 'Пенициллин', 'Эналаприл 10 мг']) {
      assert.ok(summary.includes(part), `the clinician reads ${part}`);
    }
    await view.getByRole('button', { name: 'Перенести жалобы в запись' }).click();
    assert.equal(await doctor.getByTestId('record-panel').getByLabel('Жалобы').inputValue(), COMPLAINT);
    assert.deepEqual(await axeViolations(doctor), [], 'the record panel with the questionnaire is accessible');

    // The cardiologist turns to the patients' messages; nothing there yet.
    await doctor.goto(`${server.url}/messages`);
    await doctor.getByRole('heading', { name: 'Сообщения пациентов' }).waitFor();
    await doctor.locator('[data-testid="live-state"][data-state="live"]').waitFor();

    // In the waiting room, video will not do: the patient goes on by message.
    await patient.goto(`${server.url}/visits/${visitId}`);
    await patient.getByTestId('questionnaire-link').getByText('Сауалнамаңыз дәрігерге жіберілді.').waitFor();
    await patient.getByRole('button', { name: 'Қабылдауға кіру' }).click();
    await patient.getByTestId('waiting-room').waitFor();
    await patient.getByRole('button', { name: 'Хабарламамен жалғастыру' }).click();
    await patient.waitForURL(/\/messages\/[0-9a-f-]{36}\?visit=/);
    await patient.getByText('Сіз бейнеқабылдаудан келдіңіз: хабарлама соған байланысты болады.').waitFor();
    await patient.getByLabel('Хабарламаңыз').fill('Бейне қосылмай жатыр. Қысым 170/100, не істеймін?');
    await patient.getByRole('button', { name: 'Жіберу' }).click();
    const mine = patient.getByTestId('thread-messages').getByTestId('message').filter({ hasText: 'Қысым 170/100' });
    await mine.waitFor();
    assert.match(await mine.innerText(), /бейнеқабылдауы туралы/);
    assert.deepEqual(await axeViolations(patient), [], 'the conversation is accessible');

    // The message arrives on the cardiologist's list as it is sent, unread.
    const item = doctor.getByTestId('thread').filter({ hasText: 'Бекмұхамедов Серік' });
    assert.equal(await item.getByTestId('unread').innerText(), '1 непрочитанное');
    assert.deepEqual(await axeViolations(doctor), [], 'the patient messages page is accessible');
    await item.getByRole('link', { name: 'Бекмұхамедов Серік' }).click();
    const received = doctor.getByTestId('thread-messages').getByTestId('message').filter({ hasText: 'Қысым 170/100' });
    assert.match(await received.innerText(), /О видеоприёме/);
    await doctor.getByLabel('Ваше сообщение').fill('Примите каптоприл 25 мг под язык. Перезвоню через 10 минут.');
    await doctor.getByRole('button', { name: 'Отправить' }).click();
    await doctor.getByTestId('thread-messages').getByText('Перезвоню через 10 минут.', { exact: false }).waitFor();

    // The patient sees the answer arrive without doing anything.
    const answer = patient.getByTestId('thread-messages').locator('[data-from="care_team"]').filter({ hasText: 'каптоприл' });
    await answer.waitFor();
    assert.match(await answer.innerText(), /Марат Қасымов/);
    await doctor.goto(`${server.url}/messages`);
    await doctor.getByTestId('thread').filter({ hasText: 'Бекмұхамедов Серік' }).waitFor();
    assert.equal(await doctor.getByTestId('thread').filter({ hasText: 'Бекмұхамедов Серік' }).getByTestId('unread').count(), 0, 'read once opened');
  } finally {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
  }
});
