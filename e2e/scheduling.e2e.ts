import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { newPage, server } from './context.ts';
import { axeViolations } from './support/browser.ts';
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
  } finally {
    await phone.close();
    await desk.close();
  }
});
