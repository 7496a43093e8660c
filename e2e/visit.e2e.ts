import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { iceServersFor } from '../apps/server/src/modules/visits/turn.ts';
import { newPage, server, turn } from './context.ts';
import { axeViolations } from './support/browser.ts';
import { PatientPage, SignInPage } from './support/pages.ts';
import { apiClient } from './support/server.ts';
import { seesRemoteVideo } from './support/video.ts';

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
    await new PatientPage(doctor).findAndOpen(server.url, 'Иванов');
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

    // The doctor shows a document on screen: the patient now receives the screen instead of the camera.
    const cameraLabel = await doctor.evaluate(() => (window as unknown as { telemedCall: { peerConnections: RTCPeerConnection[] } }).telemedCall
      .peerConnections[0]!.getSenders().find((s) => s.track?.kind === 'video')!.track!.label);
    await doctor.getByRole('button', { name: 'Экранды көрсету' }).click();
    await doctor.getByTestId('sharing-notice').waitFor();
    const sentLabel = await doctor.evaluate(() => (window as unknown as { telemedCall: { peerConnections: RTCPeerConnection[] } }).telemedCall
      .peerConnections[0]!.getSenders().find((s) => s.track?.kind === 'video')!.track!.label);
    assert.notEqual(sentLabel, cameraLabel, 'the screen is sent instead of the camera');
    const before = await seesRemoteVideo(patient);
    await patient.waitForFunction((n) => document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]')!
      .getVideoPlaybackQuality().totalVideoFrames > n + 5, before, { timeout: 15_000 });
    await doctor.getByRole('button', { name: 'Экранды көрсетуді тоқтату' }).click();
    await doctor.getByTestId('sharing-notice').waitFor({ state: 'detached' });

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

/** The relay candidates a browser gathers from the TURN server with these credentials (none when refused). */
async function relayCandidates(page: Page, server: { urls: string[]; username: string; credential: string }): Promise<number> {
  return page.evaluate(async (ice) => {
    const pc = new RTCPeerConnection({ iceServers: [ice], iceTransportPolicy: 'relay' });
    pc.createDataChannel('probe');
    let relays = 0;
    pc.onicecandidate = (e) => { if (e.candidate?.type === 'relay') relays++; };
    const done = new Promise<void>((resolve) => { pc.onicegatheringstatechange = () => { if (pc.iceGatheringState === 'complete') resolve(); }; });
    await pc.setLocalDescription();
    await done;
    pc.close();
    return relays;
  }, server);
}

test('TURN credentials work until they expire, and a call forced through the relay connects', async () => {
  const api = await apiClient(server.url, 'doctor.shalkar@demo.telemed');
  const patients = await api('GET', `/api/patients?q=${encodeURIComponent('Иванов')}`);
  const visit = await api('POST', '/api/visits', { patientId: patients.body.items[0].id });
  assert.equal(visit.status, 201);
  const clinic = await newPage();
  const home = await newPage();
  try {
    const doctor = clinic.page;
    await new SignInPage(doctor).open(server.url);
    await new SignInPage(doctor).signIn('doctor.shalkar@demo.telemed');
    await doctor.goto(`${server.url}/visits/${visit.body.id}?relay=1`);

    // Credentials as the server issues them: accepted by coturn now, refused once their time has passed.
    const fresh = iceServersFor({ TURN_URLS: turn.urls, TURN_SECRET: turn.secret, TURN_TTL_SECONDS: 600 }, visit.body.me.participantId, new Date());
    const expired = iceServersFor({ TURN_URLS: turn.urls, TURN_SECRET: turn.secret, TURN_TTL_SECONDS: 60 }, visit.body.me.participantId,
      new Date(Date.now() - 120_000));
    const asInit = (s: typeof fresh.iceServers[number]) => ({ urls: s.urls, username: s.username!, credential: s.credential! });
    assert.ok(await relayCandidates(doctor, asInit(fresh.iceServers[0]!)) > 0, 'fresh credentials get a relay');
    assert.equal(await relayCandidates(doctor, asInit(expired.iceServers[0]!)), 0, 'expired credentials are refused');

    await doctor.getByRole('button', { name: 'Қабылдауға кіру' }).click();
    const invite = await api('POST', `/api/visits/${visit.body.id}/invites`, { role: 'interpreter', displayName: 'Аударма', language: 'ru',
      expiresInMinutes: 30 });
    const guest = home.page;
    await guest.goto(`${server.url}/join#${invite.body.token}`);
    await guest.waitForURL(/\/visits\//);
    await guest.goto(`${server.url}/visits/${visit.body.id}?relay=1`);
    await guest.getByRole('button', { name: 'Войти в приём' }).click();
    await doctor.getByTestId('waiting-list').getByRole('button', { name: 'Кіргізу: Аударма' }).click();
    await Promise.all([seesRemoteVideo(doctor), seesRemoteVideo(guest)]);
    // The media path is the relay on both sides.
    for (const page of [doctor, guest]) {
      const type = await page.evaluate(async () => {
        const pc = (window as unknown as { telemedCall: { peerConnections: RTCPeerConnection[] } }).telemedCall.peerConnections[0]!;
        const stats = await pc.getStats();
        let local = '';
        stats.forEach((s: Record<string, unknown>) => {
          if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') local = String(s.localCandidateId);
        });
        return ((stats as unknown as Map<string, { candidateType?: string }>).get(local))?.candidateType;
      });
      assert.equal(type, 'relay');
    }
  } finally {
    await Promise.all([clinic.close(), home.close()]);
  }
});

test('a third person (an interpreter by link) moves the call to the SFU, and all three see each other', async () => {
  const api = await apiClient(server.url, 'doctor.shalkar@demo.telemed');
  const patients = await api('GET', `/api/patients?q=${encodeURIComponent('Иванов')}`);
  const visit = await api('POST', '/api/visits', { patientId: patients.body.items[0].id });
  const clinic = await newPage();
  const home = await newPage({ width: 390, height: 844 });
  const interpreterDesk = await newPage();
  try {
    const doctor = clinic.page;
    await new SignInPage(doctor).open(server.url);
    await new SignInPage(doctor).signIn('doctor.shalkar@demo.telemed');
    await doctor.goto(`${server.url}/visits/${visit.body.id}`);
    await doctor.getByRole('button', { name: 'Қабылдауға кіру' }).click();
    const guests = [{ page: home.page, name: 'Пётр Иванов', role: 'patient' }, { page: interpreterDesk.page, name: 'Айгүл Сейтқали', role: 'interpreter' }];
    for (const g of guests) {
      const invite = await api('POST', `/api/visits/${visit.body.id}/invites`, { role: g.role, displayName: g.name, language: 'ru', expiresInMinutes: 30 });
      await g.page.goto(`${server.url}/join#${invite.body.token}`);
      await g.page.getByRole('button', { name: 'Войти в приём' }).click();
      await g.page.getByTestId('waiting-room').waitFor();
      await doctor.getByTestId('waiting-list').getByRole('button', { name: `Кіргізу: ${g.name}` }).click();
    }
    // Each of the three receives the other two, through Janus.
    for (const page of [doctor, home.page, interpreterDesk.page]) {
      await page.waitForFunction(() => {
        const videos = Array.from(document.querySelectorAll<HTMLVideoElement>('[data-testid="remote-video"]'));
        return videos.length === 2 && videos.every((v) => v.videoWidth > 0 && v.getVideoPlaybackQuality().totalVideoFrames > 10);
      }, undefined, { timeout: 45_000 });
      assert.equal(await page.evaluate(() => (window as unknown as { telemedCall: { mode: string } }).telemedCall.mode), 'sfu');
    }
    // The interpreter speaks in the chat too.
    await interpreterDesk.page.locator('#chat-input').fill('Я перевожу для пациента.');
    await interpreterDesk.page.locator('#chat-input').press('Enter');
    await doctor.getByTestId('chat-messages').getByText('Я перевожу для пациента.').waitFor();
  } finally {
    await Promise.all([clinic.close(), home.close(), interpreterDesk.close()]);
  }
});
