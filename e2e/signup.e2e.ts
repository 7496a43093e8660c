import { test } from 'node:test';
import assert from 'node:assert/strict';
import { iinCheckDigit } from '../apps/server/src/modules/patients/national-id.ts';
import { newPage, server } from './context.ts';
import { axeViolations } from './support/browser.ts';
import { AppShell } from './support/pages.ts';
import { BookVisitPage } from './support/scheduling-pages.ts';

/** A valid IIN of someone born on 21 August 1992 (a woman: century digit 4), with a serial of this run's own. */
function newIin(): string {
  const serial = String(Date.now() % 1000).padStart(3, '0');
  for (let d = 0; d < 10; d++) {
    const check = iinCheckDigit(`9208214${serial}${d}`);
    if (check !== null) return `9208214${serial}${d}${check}`;
  }
  throw new Error('no valid IIN');
}

/**
 * A new patient, on a phone, in Kazakh: from the sign-in page to "Create an account", a form that
 * says what is wrong field by field, the code from the (demo) message, and their own home page, from
 * which they book a visit.
 */
test('a new patient signs up on a phone, confirms the emailed code, lands on their home and books a visit', async () => {
  const { page, close } = await newPage({ width: 390, height: 844 });
  const email = `aigul.${Date.now()}@example.kz`;
  const password = 'менің ұзын құпиясөзім';
  try {
    await page.goto(`${server.url}/sign-in`);
    await new AppShell(page).chooseLanguage('kk');
    await page.locator('a[href="/sign-up"]').click();
    await page.locator('input[name="familyName"]').waitFor();
    assert.equal(await new AppShell(page).heading().textContent(), 'Тіркелгі жасау');

    // Sent empty: every required field says what to do, the first one has the focus, the summary is announced.
    await page.locator('form button[type="submit"]').click();
    assert.equal(await page.getByRole('alert').textContent(), 'Төменде белгіленген өрістерді түзетіңіз.');
    assert.equal(await page.locator('[aria-invalid="true"]').count(), 7);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'familyName');
    const familyError = await page.locator('input[name="familyName"]').getAttribute('aria-describedby');
    assert.equal(await page.locator(`[id="${familyError}"]`).textContent(), 'Бұл өрісті толтырыңыз.');

    await page.locator('input[name="familyName"]').fill('Сәрсенова');
    await page.locator('input[name="givenName"]').fill('Айгүл');
    await page.locator('input[name="birthDate"]').fill('1992-08-21');
    // The browser draws the date its own way; beside it the day is written out in the interface's Kazakh.
    assert.equal(await page.locator('input[name="birthDate"] ~ [data-testid="date-echo"]').innerText(), '1992 ж. 21 тамыз');
    const iin = newIin();
    // One digit short: the browser says how many digits it takes.
    await page.locator('input[name="nationalId"]').fill(iin.slice(0, 11));
    await page.locator('input[name="email"]').fill(email);
    await page.locator('input[name="password"]').fill(password);
    await page.locator('input[name="passwordConfirm"]').fill(password);
    assert.equal(await page.locator('select[name="messageLanguage"]').inputValue(), 'kk', 'messages in the language of the page');
    assert.equal(await page.locator('input[name="email"]').getAttribute('autocomplete'), 'email');
    assert.equal(await page.locator('input[name="password"]').getAttribute('autocomplete'), 'new-password');
    await page.locator('form button[type="submit"]').click();
    await page.locator('input[name="nationalId"][aria-invalid="true"]').waitFor();
    assert.equal(await page.locator('[aria-invalid="true"]').count(), 1);
    assert.deepEqual(await axeViolations(page), [], 'the sign-up form, with its errors, is accessible');

    await page.locator('input[name="nationalId"]').fill(iin);
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL(`${server.url}/sign-up/verify`);
    await page.locator('input[name="code"]').waitFor();
    assert.match((await page.locator('main').textContent()) ?? '', new RegExp(email.replace(/\./g, '\\.')));
    assert.equal(await page.locator('input[name="code"]').getAttribute('autocomplete'), 'one-time-code');
    const resend = page.getByRole('button', { name: 'Жаңа код жіберу' });
    assert.equal(await resend.isDisabled(), true, 'a new code only after a minute');
    assert.match((await page.locator('#resend-wait').textContent()) ?? '', /^Жаңа код сұрауға дейін қалған уақыт: (1:00|0:[0-5]\d)\.$/);
    assert.deepEqual(await axeViolations(page), [], 'the code step is accessible');

    // The code arrives the way the demo delivers it: in the server's log, in Kazakh.
    const notice = await server.notices.waitFor((n) => n.to === email && n.kind === 'sign_up_code');
    assert.match(notice.body, /^Телемедициналық желіге арналған кодыңыз: \d{6}\./);
    const code = /\b(\d{6})\b/.exec(notice.body)![1];

    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    await page.locator('input[name="code"]').fill(wrong);
    await page.locator('form button[type="submit"]').click();
    await page.locator('input[name="code"][aria-invalid="true"]').waitFor();
    assert.equal(await page.getByRole('alert').locator('.alert__title').textContent(), 'Код қате. Соңғы хатты тексеріп, қайталап көріңіз.');

    await page.locator('input[name="code"]').fill(code);
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL(`${server.url}/`);
    const care = page.locator('.card').filter({ has: page.locator('a[href="/appointments/book"]') });
    await care.waitFor();
    assert.match((await new AppShell(page).heading().textContent()) ?? '', /Айгүл Сәрсенова/);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'kk');

    // Their own record, then a visit with the cardiologist.
    await page.locator('main a[href^="/patients/"]').first().click();
    await page.locator('h1', { hasText: 'Сәрсенова' }).waitFor();
    const booking = new BookVisitPage(page);
    await booking.open(server.url);
    await booking.chooseDoctor('Марат Қасымов');
    await booking.chooseFirstFreeTime();
    await booking.confirm();
  } finally {
    await close();
  }
});
