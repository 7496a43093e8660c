import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { newPage, server } from './context.ts';
import { axeViolations } from './support/browser.ts';
import { inAnyLanguage } from './support/messages.ts';
import { AppShell, SignInPage } from './support/pages.ts';
import { apiClient } from './support/server.ts';

/** A minimal one-page PDF, made here so the test needs no fixture file. */
const ECG_PDF = Buffer.from(['%PDF-1.4', '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
  '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj', '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj',
  'trailer << /Root 1 0 R >>', '%%EOF', ''].join('\n'));

/**
 * The heart of the network: a district doctor asks the regional centre, on a phone; the
 * coordinator takes the request and assigns it; the cardiologist signs the conclusion; the
 * referrer reads it and confirms.
 */
test('a district doctor’s urgent cardiology request is routed, accepted, assigned, concluded and acknowledged', async () => {
  const phone = await newPage({ width: 390, height: 844 });
  const hub = await newPage();
  try {
    // The referrer, on a phone, fills the wizard.
    const referrer = phone.page;
    await new SignInPage(referrer).open(server.url);
    await new SignInPage(referrer).signIn('doctor.shalkar@demo.telemed');
    await referrer.goto(`${server.url}/consultations/new`);
    await referrer.locator('#c-patient-q').fill('Иванов');
    await referrer.locator('#c-patient-q').press('Enter');
    await referrer.locator('.result-list button').first().click();
    await referrer.getByTestId('chosen-patient').waitFor();
    await referrer.locator('form[data-testid="consultation-wizard"] button[type="submit"]').click();

    // "Next" with nothing chosen: the first field to fix takes the focus, its message read with it.
    await referrer.locator('#c-profile').waitFor();
    await referrer.locator('form[data-testid="consultation-wizard"] button[type="submit"]').click();
    await referrer.locator('#c-profile[aria-invalid="true"]').waitFor();
    await referrer.waitForFunction(() => document.activeElement?.id === 'c-profile');
    await referrer.locator('#c-profile').selectOption('cardiology');
    await referrer.getByTestId('routed-to').waitFor();
    assert.match((await referrer.getByTestId('routed-to').textContent()) ?? '', /Ақтөбе|Актюбин|Aktobe|Aqtöbe/i);
    await referrer.locator('#c-urgency-urgent').check();
    await referrer.locator('textarea[name="question"]').fill('Chest pain for two days, ST elevation: thrombolysis here or transfer?');
    // What was typed survives a reload: the draft is kept on the device.
    await referrer.waitForTimeout(400);
    await referrer.reload();
    await referrer.locator('form[data-testid="consultation-wizard"]').waitFor();
    await referrer.locator('form[data-testid="consultation-wizard"] button[type="submit"]').click();
    assert.equal(await referrer.locator('textarea[name="question"]').inputValue(), 'Chest pain for two days, ST elevation: thrombolysis here or transfer?');
    await referrer.locator('form[data-testid="consultation-wizard"] button[type="submit"]').click();

    await referrer.locator('textarea[name="complaints"]').fill('Chest pain radiating to the left arm');
    // Typed on a Kazakh keyboard: the Cyrillic І becomes the Latin I of the ICD-10 code.
    await referrer.locator('input[name="provisionalDiagnosis"]').fill('\u040621.0');
    await referrer.locator('input[name="provisionalDiagnosis"]').blur();
    assert.equal(await referrer.locator('input[name="provisionalDiagnosis"]').inputValue(), 'I21.0');
    await referrer.getByTestId('add-lab').click();
    await referrer.locator('#lab-0-code').selectOption('10839-9');
    await referrer.locator('#lab-0-value').fill('2,4');
    await referrer.locator('form[data-testid="consultation-wizard"] button[type="submit"]').click();
    // The ECG report travels with the request: chosen in the wizard, uploaded after sending.
    await referrer.getByTestId('file-input').setInputFiles({ name: 'ecg-report.pdf', mimeType: 'application/pdf', buffer: ECG_PDF });
    await referrer.getByTestId('pending-files').getByText('ecg-report.pdf').waitFor();
    await referrer.locator('form[data-testid="consultation-wizard"] button[type="submit"]').click();
    await referrer.getByTestId('review').waitFor();
    assert.deepEqual(await axeViolations(referrer), [], 'the wizard is accessible');

    // The coordinator at the regional centre is watching the queue when the request is sent.
    const coordinator = hub.page;
    await new SignInPage(coordinator).open(server.url);
    await new SignInPage(coordinator).signIn('coordinator@demo.telemed');
    await coordinator.goto(`${server.url}/consultations`);
    await coordinator.locator('[data-testid="live-state"][data-state="live"]').waitFor();
    const reloads: string[] = [];
    coordinator.on('framenavigated', (f) => { if (f === coordinator.mainFrame()) reloads.push(f.url()); });

    // The district's link drops as the report is sent: the first attempt to send its bytes is cut off, and the
    // next is held until the referrer has seen the upload on the case page. tus-js-client asks where it stopped and goes on.
    let patches = 0;
    let release!: () => void;
    const released = new Promise<void>((r) => { release = r; });
    await referrer.route('**/api/uploads/*', async (route) => {
      if (route.request().method() !== 'PATCH') return route.continue();
      if (patches++ === 0) return route.abort('connectionreset');
      await released;
      return route.continue();
    });
    await referrer.getByTestId('submit-request').click();
    await referrer.waitForURL(/\/consultations\/[0-9a-f-]{36}$/);
    const caseUrl = referrer.url();
    await referrer.getByTestId('case-status').waitFor();
    assert.equal(await referrer.getByTestId('case-status').getAttribute('data-status'), 'submitted');
    // The upload carries on in the background, shown with its progress, and the file appears in the case.
    await referrer.getByTestId('uploads').getByRole('progressbar', { name: 'ecg-report.pdf' }).waitFor();
    release();
    await referrer.getByTestId('attachments').getByText('ecg-report.pdf').waitFor({ timeout: 20_000 });
    assert.ok(patches >= 2, 'the report was sent again after the drop');
    await referrer.unroute('**/api/uploads/*');

    // It appears in the coordinator's queue by itself, without a reload.
    const row = coordinator.locator(`[data-testid="queue-row"][data-id="${caseUrl.split('/').pop()}"]`);
    await row.waitFor();
    assert.deepEqual(reloads, [], 'the page was not reloaded');
    await coordinator.getByRole('status').filter({ hasText: /Поступил новый запрос|A new request has arrived|Жаңа сұрау келді|Yangi soʻrov keldi/ }).waitFor();
    assert.equal(await row.locator('[data-urgency]').getAttribute('data-urgency'), 'urgent');
    // The row names the district hospital it came from, and the queue narrows to one district.
    const shalkar = /Шалқар|Шалкарская|Shalqar|Shalkar/;
    assert.match(await row.getByTestId('queue-facility').innerText(), shalkar);
    const facilityFilter = coordinator.locator('#f-facility');
    await facilityFilter.selectOption(await facilityFilter.locator('option', { hasText: /Ырғыз|Иргизская|Irgʻiz|Irgiz/ }).getAttribute('value'));
    await row.waitFor({ state: 'detached' });
    await facilityFilter.selectOption(await facilityFilter.locator('option', { hasText: shalkar }).getAttribute('value'));
    await row.waitFor();
    await row.locator('a').click();
    // Whom the case is about, at a glance: sex, age and birth date beside the link to the record.
    assert.match(await coordinator.getByTestId('case-patient').innerText(), /^(Мужской|Женский|Male|Female|Ер|Әйел|Erkak|Ayol)[^,]*, \d+ \S+ \(.*\d{4}.*\)$/);
    await coordinator.locator('button[data-action="accept"]').click();
    await coordinator.locator('[data-testid="case-status"][data-status="accepted"]').waitFor();
    // Each consultant is named with their facility's name in the coordinator's language.
    const marat = coordinator.locator('#assign-user option', { hasText: 'Марат Қасымов' });
    assert.match(await marat.innerText(), /Марат Қасымов \((Актюбинский областной|Ақтөбе облыстық|Aktobe Regional|Aqtoʻbe viloyat)/);
    await coordinator.locator('#assign-user').selectOption(await marat.getAttribute('value'));
    await coordinator.getByTestId('assign').click();
    await coordinator.getByTestId('participants').getByText('Марат Қасымов').waitFor();
    assert.deepEqual(await axeViolations(coordinator), [], 'the case view is accessible');
    // Signed out for real (the sign-in page is back) before the next person signs in on this device.
    await new AppShell(coordinator).signOut();

    // The cardiologist reads the lab values and signs the conclusion.
    await new SignInPage(coordinator).open(server.url);
    await new SignInPage(coordinator).signIn('cardiologist@demo.telemed');
    await coordinator.goto(caseUrl);
    await coordinator.getByTestId('labs-table').getByText('2,4').waitFor();
    // A repeat troponin, sent in ng/L from the case page: one trend in the form's unit, the value as entered beside it.
    const labsForm = coordinator.getByTestId('case-labs-form');
    await labsForm.getByTestId('add-lab').click();
    await labsForm.locator('#case-lab-0-code').selectOption('10839-9');
    await labsForm.locator('#case-lab-0-unit').selectOption('ng/L');
    await labsForm.locator('#case-lab-0-value').fill('3100');
    await labsForm.locator('button[type="submit"]').click();
    const troponin = coordinator.getByTestId('labs-table').locator('tbody tr', { hasText: '10839-9' });
    await troponin.locator('strong', { hasText: '3,1' }).waitFor();
    assert.equal(await coordinator.getByTestId('labs-table').locator('tbody tr', { hasText: '10839-9' }).count(), 1, 'one line for troponin');
    assert.match((await troponin.textContent())!, /2,4 ng\/mL/, 'the earlier value, in the same unit');
    assert.match((await troponin.textContent())!, /3\s?100 ng\/L/, 'what was entered');
    // The consultant opens the attached report: the very bytes the referrer chose, shown inline as a PDF.
    const link = coordinator.getByTestId('attachments').getByTestId('attachment-link');
    assert.equal(await link.textContent(), 'ecg-report.pdf');
    const file = await coordinator.context().request.get(new URL((await link.getAttribute('href'))!, server.url).toString());
    assert.equal(file.status(), 200);
    assert.equal(file.headers()['content-type'], 'application/pdf');
    assert.match(file.headers()['content-disposition'] ?? '', /^inline/);
    assert.ok(Buffer.from(await file.body()).equals(ECG_PDF));
    // A question to the referrer: an empty message is refused in words, a sent one is said under the box,
    // and the focus stays there for the next one.
    const messageForm = coordinator.locator('#case-message-form');
    const messageBox = messageForm.locator('textarea[name="message"]');
    await messageForm.locator('button[type="submit"]').click();
    await messageForm.getByText(inAnyLanguage('field.required')).waitFor();
    assert.equal(await messageBox.evaluate((a) => a === document.activeElement), true, 'the empty box has the focus');
    await messageBox.fill('Troponin at 6 hours, please.');
    await messageForm.locator('button[type="submit"]').click();
    await coordinator.getByTestId('messages').getByText('Troponin at 6 hours, please.').waitFor();
    await messageForm.getByRole('status').filter({ hasText: inAnyLanguage('case.messageSent') }).waitFor();
    assert.equal(await messageBox.inputValue(), '');
    assert.equal(await messageBox.evaluate((a) => a === document.activeElement), true, 'ready for the next message');
    assert.equal(await messageForm.getByText(inAnyLanguage('field.required')).count(), 0);
    await coordinator.locator('textarea[name="recommendations"]').fill('Thrombolysis now, then transfer to the regional centre.');
    await coordinator.locator('input[name="transfer"]').check();
    await coordinator.locator('textarea[name="transferNote"]').fill('By air ambulance');
    await coordinator.getByTestId('sign-conclusion').click();
    await coordinator.getByTestId('conclusion').waitFor();
    assert.equal(await coordinator.getByTestId('conclusion-diagnosis').textContent(), 'I21.0');

    // The referrer, still on the case, sees the conclusion arrive and confirms reading it.
    assert.equal(referrer.url(), caseUrl);
    await referrer.getByTestId('conclusion').waitFor();
    // The signed conclusion as a PDF, in the patient's language.
    const [download] = await Promise.all([referrer.waitForEvent('download'), referrer.getByTestId('conclusion-pdf').click()]);
    const pdf = fs.readFileSync((await download.path())!);
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(pdf.length > 2000, 'a real document, with its font embedded');
    await referrer.locator('button[data-action="acknowledge"]').click();
    await referrer.locator('[data-testid="case-status"][data-status="acknowledged"]').waitFor();
  } finally {
    await phone.close();
    await hub.close();
  }
});

test('declining asks for a reason once, beside its field; Escape closes the form and gives the focus back', async () => {
  const doctor = await apiClient(server.url, 'doctor.shalkar@demo.telemed');
  const patients = await doctor('GET', '/api/patients?q=%D0%98%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2');
  const created = await doctor('POST', '/api/consultations', { patientId: patients.body.items[0].id, profile: 'cardiology', urgency: 'planned',
    mode: 'async', submit: true, question: 'Stable angina, is a change of treatment needed?', summary: { complaints: 'Chest pain on exertion' } });
  assert.equal(created.status, 201);
  const { page, close } = await newPage();
  try {
    await new SignInPage(page).open(server.url);
    await new SignInPage(page).signIn('coordinator@demo.telemed');
    await page.goto(`${server.url}/consultations/${created.body.id}`);
    const decline = page.locator('.case-actions button[data-action="decline"]');
    await decline.click();
    // The reason field takes the focus as the form opens.
    await page.waitForFunction(() => document.activeElement?.id === 'action-reason');
    await page.locator('.case-actions form button[type="submit"]').click();
    await page.locator('#action-reason[aria-invalid="true"]').waitFor();
    const message = await page.locator('#action-reason-error').innerText();
    assert.ok(message.length > 5, 'the field says what is missing');
    // Said once on screen: the alert that announces it is not drawn a second time.
    assert.equal(await page.locator('.case-actions .alert:visible').count(), 0);
    assert.equal(await page.getByRole('alert').filter({ hasText: message }).count(), 1);
    await page.locator('#action-reason').press('Escape');
    await page.locator('#action-reason').waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-action') === 'decline');
  } finally {
    await close();
  }
});
