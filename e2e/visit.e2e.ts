import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { newPage, server } from './context.ts';
import { axeViolations } from './support/browser.ts';
import { SignInPage } from './support/pages.ts';

/** Waits until the page's remote video has decoded frames, i.e. the other side's camera is really seen here. */
async function seesRemoteVideo(page: Page): Promise<number> {
  const video = page.getByTestId('remote-video').first();
  await video.waitFor();
  await page.waitForFunction(() => {
    const v = document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]');
    return Boolean(v && v.videoWidth > 0 && v.getVideoPlaybackQuality().totalVideoFrames > 10);
  }, undefined, { timeout: 20_000 });
  return page.evaluate(() => document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]')!.getVideoPlaybackQuality().totalVideoFrames);
}

/**
 * A district doctor opens a video visit with a patient who has no account: the patient gets a
 * personal link, checks camera and microphone, waits in the waiting room, is admitted; both see
 * each other, talk in the chat; the link cannot be opened a second time.
 */
test('a patient joins by personal link, waits, is admitted, and doctor and patient see each other and chat', async () => {
  const clinic = await newPage();
  const home = await newPage({ width: 390, height: 844 });
  const stranger = await newPage();
  try {
    const doctor = clinic.page;
    await new SignInPage(doctor).open(server.url);
    await new SignInPage(doctor).signIn('doctor.shalkar@demo.telemed');
    await doctor.goto(`${server.url}/patients`);
    const search = doctor.getByRole('search').locator('input[name="q"]');
    await search.fill('Иванов');
    await search.press('Enter');
    await doctor.locator('a[href^="/patients/"]').filter({ hasText: 'Иванов' }).first().click();
    // The doctor works in Kazakh; the patient will get the visit in Russian.
    await doctor.getByRole('button', { name: 'Бейнеқабылдауды бастау' }).click();
    await doctor.waitForURL(/\/visits\/[0-9a-f-]{36}$/);
    await doctor.getByRole('button', { name: 'Қабылдауға кіру' }).click();
    await doctor.getByTestId('invite-panel').waitFor();

    await doctor.locator('#invite-name').fill('Пётр Иванов');
    await doctor.locator('#invite-language').selectOption('ru');
    await doctor.getByRole('button', { name: 'Сілтеме жасау' }).click();
    const link = await doctor.getByTestId('invite-link').inputValue();
    assert.match(link, /\/join#[A-Za-z0-9_-]{32}$/);

    // The patient, on a phone, opens the link: the secret leaves the address bar at once.
    const patient = home.page;
    await patient.goto(link);
    await patient.waitForURL(/\/visits\/[0-9a-f-]{36}$/);
    assert.ok(!patient.url().includes('#'));
    await patient.getByRole('heading', { name: 'Проверьте камеру и микрофон' }).waitFor();
    await patient.getByTestId('precall-network').filter({ hasText: /мс/ }).waitFor();
    assert.deepEqual(await axeViolations(patient), [], 'the check before the call is accessible');
    await patient.getByRole('button', { name: 'Войти в приём' }).click();
    await patient.getByTestId('waiting-room').waitFor();

    // The doctor sees who is waiting, and lets them in.
    const waiting = doctor.getByTestId('waiting-list');
    const admit = waiting.getByRole('button', { name: 'Кіргізу: Пётр Иванов' });
    await admit.waitFor();
    assert.deepEqual(await axeViolations(doctor), [], 'the call page is accessible');
    await admit.click();
    await patient.getByTestId('waiting-room').waitFor({ state: 'detached' });

    // Both see the other's camera: frames decoded on each side.
    const [atDoctor, atPatient] = await Promise.all([seesRemoteVideo(doctor), seesRemoteVideo(patient)]);
    assert.ok(atDoctor > 10 && atPatient > 10);
    const states = await Promise.all([doctor, patient].map((p) => p.evaluate(() =>
      (window as unknown as { telemedCall: { peerConnections: RTCPeerConnection[] } }).telemedCall.peerConnections.map((pc) => pc.connectionState))));
    assert.deepEqual(states, [['connected'], ['connected']]);

    // The chat goes both ways and stays in the visit record.
    await patient.locator('#chat-input').fill('Здравствуйте, доктор. Меня слышно?');
    await patient.getByRole('button', { name: 'Отправить' }).click();
    await doctor.getByTestId('chat-messages').getByText('Здравствуйте, доктор. Меня слышно?').waitFor();
    await doctor.locator('#chat-input').fill('Да, хорошо слышно.');
    await doctor.locator('#chat-input').press('Enter');
    await patient.getByTestId('chat-messages').getByText('Да, хорошо слышно.').waitFor();
    const noOverflow = await patient.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(noOverflow, 0, 'the call fits a phone screen');

    // The same link, opened again elsewhere, is refused with a clear message.
    await stranger.page.goto(link);
    await stranger.page.getByRole('alert').filter({ hasText: 'уже использована' }).waitFor();

    // The doctor ends the visit: the patient is told.
    await doctor.getByRole('button', { name: 'Қабылдауды барлығы үшін аяқтау' }).click();
    await patient.getByText('Приём завершён.').waitFor();
  } finally {
    await Promise.all([clinic.close(), home.close(), stranger.close()]);
  }
});
