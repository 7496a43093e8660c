import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { browser, server } from './context.ts';
import { axeViolations } from './support/browser.ts';
import { SignInPage } from './support/pages.ts';
import { AppointmentsPage, BookVisitPage } from './support/scheduling-pages.ts';
import { apiClient } from './support/server.ts';
import { seesRemoteVideo } from './support/video.ts';

const PHONE = { width: 390, height: 844 };
const DESK = { width: 1280, height: 900 };
const contexts: BrowserContext[] = [];
async function open(viewport: typeof PHONE, storageState?: Awaited<ReturnType<BrowserContext['storageState']>>): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'ru-RU', bypassCSP: true, storageState });
  contexts.push(context);
  return context.newPage();
}

/**
 * Joins the visit of the appointment at `startsAt` from the appointments list, as it looks ten
 * minutes before the start (the page's clock is set there; the booked slot is days ahead), and
 * goes on in a page of the same session on the real clock, where the call runs.
 */
async function joinFromAppointments(page: Page, startsAt: string, viewport: typeof PHONE): Promise<{ page: Page; visitId: string }> {
  const list = new AppointmentsPage(page);
  await list.open(server.url);
  const item = page.locator(`[data-testid="appointment"][data-starts-at="${startsAt}"]`);
  // "Join" shows from 15 minutes before the start: the first free slot may already be that close.
  await item.getByTestId('join-later').or(item.getByTestId('join-visit')).waitFor();
  await page.clock.install({ time: new Date(Date.parse(startsAt) - 10 * 60_000) });
  await list.open(server.url);
  await item.getByTestId('join-visit').click();
  await page.waitForURL(/\/visits\/[0-9a-f-]{36}$/);
  const visitId = page.url().split('/').at(-1)!;
  const call = await open(viewport, await page.context().storageState());
  await page.context().close();
  await call.goto(`${server.url}/visits/${visitId}`);
  return { page: call, visitId };
}

/**
 * The first visit journey: the demo patient books a slot with the cardiologist; both join from
 * their appointments; the cardiologist records the patient's telemedicine consent and admits them;
 * both see each other, chat; the cardiologist documents and signs; the patient reads the summary.
 */
test('a booked visit: consent, admission, video both ways, chat, the record signed and the summary read by the patient', async () => {
  try {
    // The patient's earlier telemedicine consent was withdrawn, so it is asked for in the visit.
    const shalkar = await apiClient(server.url, 'doctor.shalkar@demo.telemed');
    const found = await shalkar('GET', `/api/patients?q=${encodeURIComponent('Бекмұхамедов')}`);
    const withdrawn = await shalkar('POST', `/api/patients/${found.body.items[0].id}/consents`, { kind: 'telemedicine', granted: false });
    assert.equal(withdrawn.status, 201);

    const phone = await open(PHONE);
    await new SignInPage(phone).open(server.url);
    await new SignInPage(phone).signIn('patient@demo.telemed');
    const booking = new BookVisitPage(phone);
    await booking.open(server.url);
    await booking.chooseDoctor('Марат Қасымов');
    const startsAt = await booking.chooseFirstFreeTime();
    await booking.confirm();
    const { page: patient, visitId } = await joinFromAppointments(phone, startsAt, PHONE);

    const desk = await open(DESK);
    await new SignInPage(desk).open(server.url);
    await new SignInPage(desk).signIn('cardiologist@demo.telemed');
    const { page: doctor, visitId: doctorsVisit } = await joinFromAppointments(desk, startsAt, DESK);
    assert.equal(doctorsVisit, visitId, 'both parties reach the same visit');

    // The patient (Kazakh) checks camera and microphone and waits; the cardiologist (Russian) comes in.
    await patient.getByRole('button', { name: 'Қабылдауға кіру' }).click();
    await patient.getByTestId('waiting-room').waitFor();
    await doctor.getByRole('button', { name: 'Войти в приём' }).click();

    // No consent on record: the cardiologist asks, confirms the patient's spoken consent, then admits.
    const consent = doctor.getByTestId('waiting-list').getByTestId('consent-step');
    await consent.waitFor();
    assert.deepEqual(await axeViolations(doctor), [], 'the consent step is accessible');
    await consent.getByLabel('Пациент Серік Бекмұхамедов дал устное согласие, я подтверждаю').check();
    await consent.getByRole('button', { name: 'Зарегистрировать согласие' }).click();
    await doctor.getByTestId('waiting-list').getByRole('button', { name: 'Впустить: Серік Бекмұхамедов' }).click();
    await patient.getByTestId('waiting-room').waitFor({ state: 'detached' });

    const [atDoctor, atPatient] = await Promise.all([seesRemoteVideo(doctor), seesRemoteVideo(patient)]);
    assert.ok(atDoctor > 10 && atPatient > 10);

    await patient.locator('#chat-input').fill('Сәлеметсіз бе, дәрігер!');
    await patient.locator('#chat-input').press('Enter');
    await doctor.getByTestId('chat-messages').getByText('Сәлеметсіз бе, дәрігер!').waitFor();

    // The cardiologist documents the visit during the call and signs it.
    const record = doctor.getByTestId('record-panel');
    await record.getByLabel('Жалобы').fill('Головная боль по утрам');
    await record.getByLabel('Оценка').fill('Неконтролируемая артериальная гипертензия');
    await record.getByLabel('Диагноз (МКБ-10)').fill('I10');
    await record.getByLabel('План').fill('Усилить терапию, дневник АД');
    await record.getByRole('button', { name: 'Добавить назначение' }).click();
    await record.getByLabel('Препарат').fill('Амлодипин');
    await record.getByLabel('Доза').fill('5 мг');
    await record.getByLabel('Как часто').fill('1 раз в день');
    await record.getByLabel('Дальнейшее наблюдение').fill('Через 4 недели');
    await record.getByLabel('Итоги для пациента').fill('Қан қысымыңыз жоғары. Амлодипинді күн сайын таңертең ішіңіз.');
    assert.deepEqual(await axeViolations(doctor), [], 'the documentation panel is accessible');
    await record.getByRole('button', { name: 'Подписать запись' }).click();
    await record.getByTestId('signed-record').waitFor();
    await doctor.getByRole('button', { name: 'Завершить приём для всех' }).click();

    // The patient reads the summary and the prescriptions, in Kazakh, once the visit is over.
    await patient.getByText('Қабылдау аяқталды.').first().waitFor();
    await patient.goto(`${server.url}/visits/${visitId}`);
    const summary = patient.getByTestId('visit-summary');
    await summary.getByTestId('summary-text').filter({ hasText: 'Қан қысымыңыз жоғары.' }).waitFor();
    assert.match(await summary.getByTestId('prescription-list').innerText(), /Амлодипин · 5 мг · 1 раз в день/);
    assert.equal(await summary.getByText('Неконтролируемая').count(), 0, 'the clinician’s note stays with the clinicians');
    assert.deepEqual(await axeViolations(patient), [], 'the summary is accessible');
    const noOverflow = await patient.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(noOverflow, 0, 'the summary fits a phone screen');

    // The consent the cardiologist recorded is in the patient's history.
    const consents = await shalkar('GET', `/api/patients/${found.body.items[0].id}/consents`);
    assert.deepEqual([consents.body.items[0].kind, consents.body.items[0].granted, consents.body.items[0].recordedBy.displayName],
      ['telemedicine', true, 'Марат Қасымов']);
  } finally {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
  }
});
