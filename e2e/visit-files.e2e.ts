import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { BrowserContext, Page, Response } from 'playwright-core';
import { browser, server } from './context.ts';
import { axeViolations } from './support/browser.ts';
import { SignInPage } from './support/pages.ts';
import { AppointmentsPage, BookVisitPage } from './support/scheduling-pages.ts';
import { apiClient } from './support/server.ts';

const PHONE = { width: 390, height: 844 };
const DESK = { width: 1280, height: 900 };

/** A browser of its own; service workers off, so what the page sends can be watched (and cut) on its way. */
async function open(contexts: BrowserContext[], viewport: typeof PHONE): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'ru-RU', bypassCSP: true, serviceWorkers: 'block' });
  contexts.push(context);
  return context.newPage();
}

/** A small PDF with a line of text, as a scanner or a lab's system would send it. */
function pdf(text: string): Buffer {
  const stream = `BT /F1 18 Tf 40 100 Td (${text}) Tj ET`;
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => { offsets.push(body.length); body += `${i + 1} 0 obj\n${o}\nendobj\n`; });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/**
 * Clicks a link that opens a shared file in a new tab: the tab's answer, and the file's bytes as this
 * browser (its cookies) reads them from the link (the tab's own viewer may read it in ranges).
 */
async function openInNewTab(page: Page, link: ReturnType<Page['getByTestId']>): Promise<{ response: Response; bytes: Buffer }> {
  const [response] = await Promise.all([
    page.context().waitForEvent('response', (r) => /\/api\/visits\/[0-9a-f-]{36}\/files\/[0-9a-f-]{36}\/content$/.test(new URL(r.url()).pathname)),
    link.click(),
  ]);
  const href = new URL((await link.getAttribute('href'))!, page.url()).toString();
  return { response, bytes: await (await page.context().request.get(href)).body() };
}

/**
 * In a call, an interpreter who joined by personal link shares a PDF; the district doctor sees it
 * announced in the chat and opens it; it stays in the visit's files after the call ends.
 */
test('a guest shares a PDF in the call; the doctor sees it in the chat and opens it, also after the visit', async () => {
  const contexts: BrowserContext[] = [];
  try {
    const api = await apiClient(server.url, 'doctor.shalkar@demo.telemed');
    const patients = await api('GET', `/api/patients?q=${encodeURIComponent('Иванов')}`);
    const visit = await api('POST', '/api/visits', { patientId: patients.body.items[0].id });
    assert.equal(visit.status, 201);

    const doctor = await open(contexts, DESK);
    await new SignInPage(doctor).open(server.url);
    await new SignInPage(doctor).signIn('doctor.shalkar@demo.telemed');
    await doctor.goto(`${server.url}/visits/${visit.body.id}`);
    await doctor.getByRole('button', { name: 'Қабылдауға кіру' }).click();

    const invite = await api('POST', `/api/visits/${visit.body.id}/invites`, { role: 'interpreter', displayName: 'Айгүл Сейтқали', language: 'ru',
      expiresInMinutes: 30 });
    const guest = await open(contexts, PHONE);
    await guest.goto(`${server.url}/join#${invite.body.token}`);
    await guest.waitForURL(/\/visits\/[0-9a-f-]{36}$/);
    await guest.getByRole('button', { name: 'Войти в приём' }).click();
    await doctor.getByTestId('waiting-list').getByRole('button', { name: 'Кіргізу: Айгүл Сейтқали' }).click();
    await guest.getByTestId('waiting-room').waitFor({ state: 'detached' });

    // The guest (no account, only the visit's pass) shares a lab report from the phone.
    const report = pdf('Troponin I 0.02 ng/mL');
    const files = guest.getByTestId('visit-files');
    await files.getByLabel('Прикрепить файл').setInputFiles({ name: 'Анализ крови.pdf', mimeType: 'application/pdf', buffer: report });
    await files.getByTestId('visit-upload-status').filter({ hasText: 'Файл Анализ крови.pdf отправлен.' }).waitFor({ state: 'attached' });
    await files.getByTestId('visit-file-link').filter({ hasText: 'Анализ крови.pdf' }).waitFor();

    // The doctor sees it announced in the chat, by whom, and opens it from there.
    const announced = doctor.getByTestId('chat-messages').locator('li').filter({ has: doctor.getByTestId('chat-file-link') });
    await announced.waitFor();
    assert.match(await announced.innerText(), /Айгүл Сейтқали/);
    assert.deepEqual(await axeViolations(doctor), [], 'the call page with a shared file is accessible');
    const opened = await openInNewTab(doctor, announced.getByTestId('chat-file-link'));
    assert.equal(opened.response.status(), 200);
    assert.equal(opened.response.headers()['content-type'], 'application/pdf');
    assert.ok(opened.bytes.equals(report), 'the doctor receives the file the guest sent');
    // It is in the visit's files too.
    await doctor.getByTestId('visit-files').getByTestId('visit-file-link').filter({ hasText: 'Анализ крови.pdf' }).waitFor();

    // After the visit ends, the file is still with the visit.
    await doctor.getByRole('button', { name: 'Қабылдауды барлығы үшін аяқтау' }).click();
    await doctor.goto(`${server.url}/visits/${visit.body.id}`);
    const after = doctor.getByTestId('visit-files').getByTestId('visit-file-link').filter({ hasText: 'Анализ крови.pdf' });
    await after.waitFor();
    assert.equal((await openInNewTab(doctor, after)).response.status(), 200);
  } finally {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
  }
});

/**
 * Before the visit, the patient photographs a rash with the phone from their appointments; the
 * link drops during the upload and it goes on by itself. The cardiologist, opening the visit, finds
 * the photo (its preview first) and opens it.
 */
test('the patient sends a photo from the portal before the visit; the upload survives a dropped link; the cardiologist opens it in the visit',
  async () => {
    const contexts: BrowserContext[] = [];
    try {
      const phone = await open(contexts, PHONE);
      await new SignInPage(phone).open(server.url);
      await new SignInPage(phone).signIn('patient@demo.telemed');
      const booking = new BookVisitPage(phone);
      await booking.open(server.url);
      await booking.chooseDoctor('Марат Қасымов');
      const startsAt = await booking.chooseFirstFreeTime();
      await booking.confirm();
      await new AppointmentsPage(phone).open(server.url);
      const item = phone.locator(`[data-testid="appointment"][data-starts-at="${startsAt}"]`);
      const appointmentId = (await item.getAttribute('aria-labelledby'))!.replace(/^appt-/, '');

      // The first attempt to send the bytes is cut off, as on a rural link; tus-js-client asks where it stopped and goes on.
      // The next attempt is held until the test has seen the upload's progress on screen.
      let patches = 0;
      let release!: () => void;
      const released = new Promise<void>((r) => { release = r; });
      let retried!: () => void;
      const retrying = new Promise<void>((r) => { retried = r; });
      await phone.route('**/api/visits/*/uploads/*', async (route) => {
        if (route.request().method() !== 'PATCH') return route.continue();
        if (patches++ === 0) return route.abort('connectionreset');
        retried();
        await released;
        return route.continue();
      });
      const photo = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#b84040' } }).jpeg({ quality: 90 }).toBuffer();
      const files = item.getByTestId('visit-files');
      await files.getByRole('heading', { name: 'Қабылдауға арналған құжаттар мен суреттер' }).waitFor();
      const camera = files.getByLabel('Суретке түсіру');
      assert.equal(await camera.getAttribute('capture'), 'environment', 'a phone opens its camera');
      await camera.setInputFiles({ name: 'бөртпе.jpg', mimeType: 'image/jpeg', buffer: photo });
      const progress = files.getByRole('progressbar', { name: 'бөртпе.jpg' });
      await progress.waitFor();
      await retrying;
      const now = Number(await progress.getAttribute('aria-valuenow'));
      assert.ok(now >= 0 && now <= 100, `progress is announced as a percentage (${now})`);
      assert.equal(await progress.getAttribute('aria-valuemax'), '100');
      release();
      await files.getByTestId('visit-file-link').filter({ hasText: 'бөртпе.jpg' }).waitFor();
      assert.ok(patches >= 2, 'the upload was sent again after the drop');
      await files.getByTestId('visit-file-list').locator('img').first().waitFor();
      assert.deepEqual(await axeViolations(phone), [], 'the appointment with its files is accessible');
      const noOverflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(noOverflow, 0, 'the files fit a phone screen');

      // The cardiologist opens the visit of the appointment: the photo is there, its preview shown first.
      const cardiology = await apiClient(server.url, 'cardiologist@demo.telemed');
      const visit = await cardiology('POST', `/api/appointments/${appointmentId}/visit`);
      assert.equal(visit.status, 200);
      const desk = await open(contexts, DESK);
      await new SignInPage(desk).open(server.url);
      await new SignInPage(desk).signIn('cardiologist@demo.telemed');
      await desk.goto(`${server.url}/visits/${visit.body.id}`);
      await desk.getByRole('button', { name: 'Войти в приём' }).click();
      const inVisit = desk.getByTestId('visit-files');
      const preview = inVisit.getByTestId('visit-file-list').locator('img').first();
      await preview.waitFor();
      // Previews load lazily, as the user scrolls to them.
      await preview.scrollIntoViewIfNeeded();
      await desk.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>('[data-testid="visit-files"] [data-testid="visit-file-list"] img');
        return Boolean(img?.complete && img.naturalWidth === 320);
      });
      const link = inVisit.getByTestId('visit-file-link').filter({ hasText: 'бөртпе.jpg' });
      assert.match(await inVisit.locator('li').filter({ has: desk.getByText('бөртпе.jpg', { exact: true }) }).innerText(), /Серік Бекмұхамедов/);
      const opened = await openInNewTab(desk, link);
      assert.equal(opened.response.status(), 200);
      assert.equal(opened.response.headers()['content-type'], 'image/jpeg');
      assert.ok(opened.bytes.equals(photo), 'the cardiologist sees the photo the patient took');
    } finally {
      await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    }
  });
