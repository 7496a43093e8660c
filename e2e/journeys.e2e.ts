import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, server } from './context.ts';
import { axeViolations } from './support/browser.ts';
import { inAnyLanguage } from './support/messages.ts';
import { AppShell, PatientPage, SignInPage } from './support/pages.ts';
import { apiClient } from './support/server.ts';

const ACCOUNTS = ['admin', 'facility.admin', 'coordinator', 'cardiologist', 'doctor.shalkar', 'nurse.shalkar', 'radiologist',
  'educator', 'analyst', 'doctor.urgut', 'consultant.samarkand', 'patient'];

async function patientId(asEmail: string, q: string): Promise<string> {
  const api = await apiClient(server.url, asEmail);
  const res = await api('GET', `/api/patients?q=${encodeURIComponent(q)}`);
  return res.body.items[0].id;
}

test('every role signs in, sees its home page and signs out', async () => {
  const { page, close } = await newPage();
  try {
    const signIn = new SignInPage(page);
    const shell = new AppShell(page);
    for (const who of ACCOUNTS) {
      await signIn.open(server.url);
      await signIn.signIn(`${who}@demo.telemed`);
      await shell.heading().waitFor();
      assert.notEqual((await shell.heading().textContent())?.trim(), '', who);
      const hasAudit = await page.locator('a[href="/audit"]').count();
      assert.equal(hasAudit > 0, ['admin', 'facility.admin'].includes(who), `${who}: audit link only for administrators`);
      const hasPatients = await page.locator('a[href="/patients"]').count();
      assert.equal(hasPatients > 0, ['coordinator', 'cardiologist', 'doctor.shalkar', 'nurse.shalkar', 'radiologist', 'doctor.urgut',
        'consultant.samarkand'].includes(who), `${who}: patients link only for clinical roles`);
      await shell.signOut();
    }
  } finally {
    await close();
  }
});

test('switching language changes the page at once and is remembered for the user', async () => {
  const { page, close } = await newPage();
  try {
    const signIn = new SignInPage(page);
    await signIn.open(server.url);
    await signIn.chooseLanguage('en');
    const english = await page.locator('button[type="submit"]').textContent();
    await signIn.chooseLanguage('kk');
    await page.waitForFunction(() => document.documentElement.lang === 'kk');
    assert.notEqual(await page.locator('button[type="submit"]').textContent(), english);
    await signIn.signIn('coordinator@demo.telemed');
    const shell = new AppShell(page);
    await shell.chooseLanguage('uz');
    const uzHeading = await shell.heading().textContent();
    await shell.chooseLanguage('en');
    assert.notEqual(await shell.heading().textContent(), uzHeading);
    await page.reload();
    await shell.heading().waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    const api = await apiClient(server.url, 'coordinator@demo.telemed');
    assert.equal((await api('GET', '/api/auth/session')).body.user.language, 'en');
  } finally {
    await close();
  }
});

test('a referring physician cannot open a patient of another facility, and the attempt is audited', async () => {
  const irgizPatient = await patientId('doctor.irgiz@demo.telemed', 'Ospanova');
  const { page, close } = await newPage();
  try {
    await new SignInPage(page).open(server.url);
    await new SignInPage(page).signIn('doctor.shalkar@demo.telemed');
    const patient = new PatientPage(page);
    await patient.open(server.url, irgizPatient);
    await patient.denied().waitFor();
    assert.equal(await page.getByText('Оспанова').count(), 0);
    const admin = await apiClient(server.url, 'admin@demo.telemed');
    const audit = await admin('GET', `/api/audit?patientId=${irgizPatient}&outcome=denied`);
    assert.equal(audit.body.items.length, 1);
    assert.equal(audit.body.items[0].action, 'patient.read');
    // The reviewer finds it in the audit browser by the patient's name typed in Latin letters.
    await new AppShell(page).signOut();
    await new SignInPage(page).signIn('admin@demo.telemed');
    await page.goto(`${server.url}/audit`);
    const filters = page.getByRole('form', { name: inAnyLanguage('audit.filters') });
    await filters.getByLabel(inAnyLanguage('audit.patientQuery')).fill('ospanova');
    await filters.getByLabel(inAnyLanguage('audit.outcome')).selectOption('denied');
    await filters.getByRole('button', { name: inAnyLanguage('common.apply') }).click();
    await page.waitForURL(/patient=ospanova/);
    const rows = page.locator('.audit-table tbody tr');
    await rows.first().waitFor();
    const texts = await rows.allInnerTexts();
    assert.equal(texts.length, 1, texts.join('\n'));
    assert.match(texts[0]!, /Оспанова/);
    assert.match(texts[0]!, /patient\.read/);
  } finally {
    await close();
  }
});

test('break-glass opens the record with a written reason and is flagged for review', async () => {
  const id = await patientId('doctor.irgiz@demo.telemed', 'Tursynov');
  const { page, close } = await newPage();
  try {
    await new SignInPage(page).open(server.url);
    await new SignInPage(page).signIn('doctor.shalkar@demo.telemed');
    const patient = new PatientPage(page);
    await patient.open(server.url, id);
    await patient.breakGlass('Brought in unconscious after a road accident; no records here');
    await patient.banner().waitFor();
    await page.getByText('Тұрсынов').first().waitFor();
    const admin = await apiClient(server.url, 'admin@demo.telemed');
    const flagged = await admin('GET', `/api/audit?patientId=${id}&flagged=true`);
    assert.deepEqual(new Set(flagged.body.items.map((e: { action: string }) => e.action)), new Set(['patient.break_glass', 'patient.read', 'consent.read']));
  } finally {
    await close();
  }
});

test('patient search works on a phone screen without sideways scrolling', async () => {
  const { page, close } = await newPage({ width: 375, height: 740 });
  try {
    await new SignInPage(page).open(server.url);
    await new SignInPage(page).signIn('doctor.shalkar@demo.telemed');
    await page.goto(`${server.url}/patients`);
    const search = page.getByRole('search').locator('input[name="q"]');
    await search.fill('bekmukhamedov');
    await search.press('Enter');
    await page.locator('a[href^="/patients/"]').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0);
  } finally {
    await close();
  }
});

test('the audit trail reads on a phone: each event a card of labelled lines, nothing scrolled sideways', async () => {
  const { page, close } = await newPage({ width: 360, height: 740 });
  try {
    await new SignInPage(page).open(server.url);
    await new SignInPage(page).signIn('admin@demo.telemed');
    await page.goto(`${server.url}/audit`);
    const first = page.locator('.audit-table tbody tr').first();
    await first.waitFor();
    const wrap = await page.locator('.table-wrap').evaluate((el) => el.scrollWidth - el.clientWidth);
    assert.equal(wrap, 0, 'the table fits its box');
    // Every line of a card says what it is: the column's heading beside its value.
    const cells = await first.locator('td').evaluateAll((tds) => tds.filter((td) => getComputedStyle(td).display !== 'none')
      .map((td) => ({ label: td.getAttribute('data-label'), before: getComputedStyle(td, '::before').content })));
    assert.ok(cells.length >= 4);
    for (const c of cells) assert.equal(c.before, `"${c.label}"`);
    assert.equal(await page.locator('.audit-table thead').evaluate((el) => el.getBoundingClientRect().height), 1, 'the header row is for screen readers only');
  } finally {
    await close();
  }
});

test('the main pages have no WCAG 2.2 A/AA violations (axe-core)', async () => {
  const { page, close } = await newPage();
  try {
    const found: string[] = [];
    await new SignInPage(page).open(server.url);
    found.push(...(await axeViolations(page)).map((v) => `sign-in: ${v}`));
    await new SignInPage(page).signIn('admin@demo.telemed');
    for (const route of ['/', '/facilities', '/users', '/audit', '/account']) {
      await page.goto(`${server.url}${route}`);
      await page.locator('h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      found.push(...(await axeViolations(page)).map((v) => `${route}: ${v}`));
    }
    await new AppShell(page).signOut();
    await new SignInPage(page).signIn('doctor.shalkar@demo.telemed');
    const id = await patientId('doctor.shalkar@demo.telemed', 'Ivanov');
    for (const route of ['/patients', `/patients/${id}`, '/patients/new']) {
      await page.goto(`${server.url}${route}`);
      await page.locator('h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      found.push(...(await axeViolations(page)).map((v) => `${route}: ${v}`));
    }
    assert.deepEqual(found, []);
  } finally {
    await close();
  }
});
