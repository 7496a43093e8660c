import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, server } from './context.ts';
import { axeViolations } from './support/browser.ts';
import { PatientPage, SignInPage } from './support/pages.ts';
import { apiClient } from './support/server.ts';
import { seesRemoteVideo } from './support/video.ts';

type CallHandle = { telemedCall: { mode: string; peerConnections: RTCPeerConnection[] } };

/**
 * The doctor asks to record the visit; the patient (by personal link, in Russian) is asked and
 * agrees; both see that it records; the doctor stops it; the recording is in the visit's record
 * for the doctor (not for the patient) and plays as a real video of the length recorded.
 */
test('a visit is recorded with the patient’s consent, stored, and plays back for the doctor', async () => {
  const api = await apiClient(server.url, 'doctor.shalkar@demo.telemed');
  const patients = await api('GET', `/api/patients?q=${encodeURIComponent('Иванов')}`);
  const visit = await api('POST', '/api/visits', { patientId: patients.body.items[0].id });
  const invite = await api('POST', `/api/visits/${visit.body.id}/invites`, { role: 'patient', displayName: 'Пётр Иванов', language: 'ru',
    expiresInMinutes: 30 });
  const clinic = await newPage();
  const home = await newPage({ width: 390, height: 844 });
  try {
    const doctor = clinic.page;
    await new SignInPage(doctor).open(server.url);
    await new SignInPage(doctor).signIn('doctor.shalkar@demo.telemed');
    await doctor.goto(`${server.url}/visits/${visit.body.id}`);
    await doctor.getByRole('button', { name: 'Қабылдауға кіру' }).click();
    const patient = home.page;
    await patient.goto(`${server.url}/join#${invite.body.token}`);
    await patient.getByRole('button', { name: 'Войти в приём' }).click();
    await doctor.getByTestId('waiting-list').getByRole('button', { name: 'Кіргізу: Пётр Иванов' }).click();
    await Promise.all([seesRemoteVideo(doctor), seesRemoteVideo(patient)]);

    // The doctor asks; the patient is asked, in their language, and nothing records until they agree.
    await doctor.getByRole('button', { name: 'Бейнежазбаны бастау' }).click();
    await doctor.getByTestId('recording-waiting').filter({ hasText: 'Пётр Иванов' }).waitFor();
    const ask = patient.getByRole('alertdialog', { name: 'Можно записать этот приём?' });
    await ask.waitFor();
    assert.match(await ask.innerText(), /только если согласны все присутствующие/);
    assert.equal(await doctor.getByTestId('recording-indicator').count(), 0, 'not recording before consent');
    assert.deepEqual(await axeViolations(patient), [], 'the consent question is accessible');
    await ask.getByRole('button', { name: 'Да, я согласен(-на)' }).click();

    // Both see that it records; it runs a few seconds by the doctor's recorder clock.
    await patient.getByTestId('recording-indicator').filter({ hasText: 'Идёт видеозапись' }).waitFor();
    const indicator = doctor.getByTestId('recording-indicator');
    await indicator.filter({ hasText: 'Бейнежазба жүріп жатыр' }).waitFor();
    await doctor.waitForFunction(() => /0[3-9]$|[1-5]\d$/.test(document.querySelector('[data-testid="recording-indicator"]')?.textContent ?? ''),
      undefined, { timeout: 20_000 });
    await doctor.getByRole('button', { name: 'Бейнежазбаны тоқтату' }).click();
    await patient.getByTestId('recording-notice').filter({ hasText: 'Видеозапись остановлена.' }).waitFor();
    await doctor.getByTestId('recording-save').filter({ hasText: 'Бейнежазба қабылдау жазбасына сақталды.' }).waitFor({ timeout: 30_000 });

    // In the record panel: the recording, who consented, and a player that decodes it.
    const item = doctor.getByTestId('recording-item');
    await item.waitFor();
    assert.match(await item.innerText(), /Пётр Иванов/);
    await item.getByRole('button', { name: /бейнежазбасын көру/ }).click();
    const playable = await doctor.waitForFunction(() => {
      const v = document.querySelector<HTMLVideoElement>('[data-testid="recording-video"]');
      return v && v.readyState >= 1 && Number.isFinite(v.duration) ? v.duration : null;
    }, undefined, { timeout: 20_000 });
    const duration = (await playable.jsonValue()) as number;
    assert.ok(duration >= 3 && duration < 60, `the recording lasts as long as it recorded (${duration} s)`);
    await doctor.evaluate(() => {
      const v = document.querySelector<HTMLVideoElement>('[data-testid="recording-video"]')!;
      v.muted = true;
      return v.play();
    });
    await doctor.waitForFunction(() => {
      const v = document.querySelector<HTMLVideoElement>('[data-testid="recording-video"]')!;
      // Decoded frames of the composite picture, played past its first second.
      return v.readyState >= 2 && v.videoWidth === 1280 && v.getVideoPlaybackQuality().totalVideoFrames > 0 && (v.currentTime > 1 || v.ended);
    }, undefined, { timeout: 20_000 });

    // The patient's page never lists recordings; the server refuses them the list too.
    assert.equal(await patient.getByTestId('recordings').count(), 0);
    const asGuest = await patient.evaluate(async (id) => (await fetch(`/api/visits/${id}/recordings`)).status, visit.body.id);
    assert.equal(asGuest, 401);
  } finally {
    await Promise.all([clinic.close(), home.close()]);
  }
});

/**
 * A broadcast: the doctor opens it as such, an observer joins by link without any camera or
 * microphone prompt, receives the doctor's video through Janus and sends nothing back.
 */
test('a broadcast: the observer watches the presenter through the SFU, publishes nothing, and chats', async () => {
  const clinic = await newPage();
  const audience = await newPage();
  try {
    const doctor = clinic.page;
    await new SignInPage(doctor).open(server.url);
    await new SignInPage(doctor).signIn('doctor.shalkar@demo.telemed');
    await new PatientPage(doctor).findAndOpen(server.url, 'Иванов');
    await doctor.getByRole('checkbox', { name: /Трансляция \(дәріс немесе консилиум\)/ }).check();
    await doctor.getByRole('button', { name: 'Бейнеқабылдауды бастау' }).click();
    await doctor.waitForURL(/\/visits\/[0-9a-f-]{36}$/);
    const visitId = doctor.url().split('/').at(-1)!;
    await doctor.getByRole('button', { name: 'Қабылдауға кіру' }).click();
    await doctor.getByTestId('broadcast-tag').waitFor();

    const api = await apiClient(server.url, 'doctor.shalkar@demo.telemed');
    const invite = await api('POST', `/api/visits/${visitId}/invites`, { role: 'observer', displayName: 'Студент', language: 'ru', expiresInMinutes: 30 });
    const observer = audience.page;
    // Counts every request for a camera or microphone the page makes.
    await observer.addInitScript(() => {
      const w = window as unknown as { mediaRequests: number };
      w.mediaRequests = 0;
      const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      navigator.mediaDevices.getUserMedia = (c) => { w.mediaRequests++; return original(c); };
    });
    await observer.goto(`${server.url}/join#${invite.body.token}`);
    await observer.getByRole('heading', { name: 'Вы входите как наблюдатель' }).waitFor();
    await observer.getByRole('button', { name: 'Войти в приём' }).click();
    await doctor.getByTestId('waiting-list').getByRole('button', { name: 'Кіргізу: Студент' }).click();

    await seesRemoteVideo(observer);
    const seen = await observer.evaluate(() => {
      const call = (window as unknown as CallHandle).telemedCall;
      return { mode: call.mode, requests: (window as unknown as { mediaRequests: number }).mediaRequests,
        sending: call.peerConnections.flatMap((pc) => pc.getSenders()).filter((s) => s.track).length,
        receiving: call.peerConnections.flatMap((pc) => pc.getReceivers()).filter((r) => r.track.kind === 'video' && r.track.readyState === 'live').length };
    });
    assert.deepEqual(seen, { mode: 'sfu', requests: 0, sending: 0, receiving: 1 });
    assert.equal(await observer.getByTestId('self-video').count(), 0);
    assert.equal(await doctor.evaluate(() => (window as unknown as CallHandle).telemedCall.mode), 'sfu');

    await observer.locator('#chat-input').fill('Видно и слышно хорошо.');
    await observer.locator('#chat-input').press('Enter');
    await doctor.getByTestId('chat-messages').getByText('Видно и слышно хорошо.').waitFor();
    // The presenter receives nothing from the observer: no one else's video on the stage.
    assert.equal(await doctor.getByTestId('remote-video').count(), 0);
  } finally {
    await Promise.all([clinic.close(), audience.close()]);
  }
});
