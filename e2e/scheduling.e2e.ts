import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { newPage, server } from './context.ts';
import { axeViolations } from './support/browser.ts';
import { inAnyLanguage } from './support/messages.ts';
import { SignInPage } from './support/pages.ts';
import { AppointmentsPage, BookVisitPage } from './support/scheduling-pages.ts';

const icsTime = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** The patient, on a phone, books a video visit with the cardiologist and keeps the invitation; the cardiologist sees it in their list. */
test('the demo patient books a slot with the cardiologist, downloads the .ics, and the cardiologist sees the appointment', async () => {
  const phone = await newPage({ width: 390, height: 844 });
  const desk = await newPage();
  try {
    const patient = phone.page;
    await new SignInPage(patient).open(server.url);
    await new SignInPage(patient).signIn('patient@demo.telemed');
    const booking = new BookVisitPage(patient);
    await booking.open(server.url);
    await booking.chooseDoctor('Марат Қасымов');
    const startsAt = await booking.chooseFirstFreeTime();
    assert.deepEqual(await axeViolations(patient), [], 'the booking page is accessible');
    await booking.confirm();

    const download = await booking.downloadInvitation();
    const ics = fs.readFileSync((await download.path())!, 'utf8');
    const lines = ics.replace(/\r\n /g, '').split('\r\n');
    assert.equal(lines[0], 'BEGIN:VCALENDAR');
    assert.ok(lines.includes('METHOD:REQUEST'));
    assert.ok(lines.includes(`DTSTART:${icsTime(startsAt)}`));
    assert.ok(lines.includes('SEQUENCE:0'));
    assert.ok(ics.split('\r\n').every((l) => Buffer.byteLength(l) <= 75), 'folded at 75 octets');

    const mine = new AppointmentsPage(patient);
    await mine.open(server.url);
    await mine.withWhom().filter({ hasText: 'Марат Қасымов' }).first().waitFor();
    assert.deepEqual(await axeViolations(patient), [], 'my appointments is accessible');

    const doctor = desk.page;
    await new SignInPage(doctor).open(server.url);
    await new SignInPage(doctor).signIn('cardiologist@demo.telemed');
    const list = new AppointmentsPage(doctor);
    await list.open(server.url);
    await list.withWhom().filter({ hasText: 'Бекмұхамедов Серік' }).first().waitFor();
    await doctor.goto(`${server.url}/availability`);
    await doctor.getByTestId('week-grid').waitFor();
    assert.deepEqual(await axeViolations(doctor), [], 'the availability editor is accessible');

    // A change to the weekly hours is said beside the grid and the focus goes there (on a phone the
    // forms are far below the top of the page); the same for the exceptions below their heading.
    const focused = () => doctor.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);
    const rules = doctor.getByTestId('rule-form');
    await rules.locator('[name="weekday"]').selectOption('7');
    await rules.locator('[name="startTime"]').fill('20:00');
    await rules.locator('[name="endTime"]').fill('21:00');
    await rules.locator('button[type="submit"]').click();
    const hours = doctor.getByTestId('week-grid').locator('li', { hasText: '20:00–21:00' });
    await hours.waitFor();
    assert.equal(await focused(), 'week-grid-region');
    const beforeGrid = doctor.getByTestId('week-grid-region').locator('xpath=preceding-sibling::*[@role="status"][1]');
    assert.match(await beforeGrid.innerText(), inAnyLanguage('scheduling.saved'));
    await hours.locator('button').click();
    await hours.waitFor({ state: 'detached' });
    assert.equal(await focused(), 'week-grid-region');
    assert.match(await beforeGrid.innerText(), inAnyLanguage('scheduling.removed'));
    // Removed by mistake: the hours are put back from the message, as they were.
    await doctor.getByTestId('undo-remove').click();
    await hours.waitFor();
    assert.match(await beforeGrid.innerText(), inAnyLanguage('scheduling.restored'));
    assert.equal(await doctor.getByTestId('undo-remove').count(), 0);
    await hours.locator('button').click();
    await hours.waitFor({ state: 'detached' });

    const exceptions = doctor.getByTestId('exception-form');
    await exceptions.locator('[name="localStart"]').fill('2027-12-20T08:00');
    await exceptions.locator('[name="localEnd"]').fill('2027-12-20T12:00');
    // The time is written out in the interface language, whatever the browser's own date format.
    assert.match(await exceptions.locator('[name="localEnd"] ~ [data-testid="date-echo"]').innerText(), /2027.*12:00|12:00.*2027/);
    await exceptions.locator('button[type="submit"]').click();
    const day = doctor.locator('.result-list li', { hasText: '2027-12-20 08:00' });
    await day.waitFor();
    assert.equal(await focused(), 'H2');
    const exceptionsHeading = doctor.locator('h2[tabindex="-1"]');
    assert.equal(await exceptionsHeading.evaluate((h) => h === document.activeElement), true, 'the exceptions heading has the focus');
    assert.match(await doctor.locator('h2[tabindex="-1"] + [role="status"]').innerText(), inAnyLanguage('scheduling.saved'));
    await day.locator('button').click();
    await day.waitFor({ state: 'detached' });
    assert.equal(await exceptionsHeading.evaluate((h) => h === document.activeElement), true);

    // The patient cancels from their list: the card says so and takes the focus, and stays cancelled.
    await mine.open(server.url);
    const card = patient.locator(`[data-testid="appointment"][data-starts-at="${startsAt}"]`);
    await card.locator('button.button--danger').click();
    await card.locator('form.appointment__cancel button[type="submit"]').click();
    await card.locator('[role="status"]').filter({ hasText: inAnyLanguage('scheduling.cancelled') }).waitFor();
    assert.equal(await card.locator('h2').evaluate((h) => h === document.activeElement), true, 'the card\'s heading has the focus');
    await mine.open(server.url);
    await patient.locator(`[data-testid="appointment"][data-starts-at="${startsAt}"][data-status="cancelled"]`).waitFor();
  } finally {
    await phone.close();
    await desk.close();
  }
});
