import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { DEMO_PATIENTS } from '../apps/server/src/modules/demo/network.ts';
import { parseCsv } from '../apps/server/src/modules/reports/csv.ts';
import { newPage, server } from './context.ts';
import { axeViolations } from './support/browser.ts';
import { AppShell, SignInPage } from './support/pages.ts';

/** The report table as the analyst reads it: header cells, then each row's heading and numbers (digits only, whatever the locale's grouping). */
async function readTable(page: Page): Promise<{ caption: string; head: string[]; rows: { label: string; cells: number[] }[] }> {
  const table = page.getByTestId('report-table');
  return table.evaluate((el: HTMLTableElement) => ({
    caption: el.caption?.textContent ?? '',
    head: Array.from(el.tHead!.rows[0].cells).map((c) => c.textContent ?? ''),
    rows: Array.from(el.tBodies[0].rows).map((r) => ({
      label: r.cells[0].textContent ?? '',
      cells: Array.from(r.cells).slice(1).map((c) => Number((c.textContent ?? '').replace(/\D/g, ''))),
    })),
  }));
}

/** Chooses a report and waits until its table (known by its row heading) has replaced the one shown before. */
async function showReport(page: Page, by: 'facility' | 'profile', rowHeading: string) {
  await page.locator(`input[name="by"][value="${by}"]`).check();
  await page.locator('form.filters button[type="submit"]').click();
  await page.waitForURL(new RegExp(`by=${by}`));
  await page.locator('[data-testid="report-table"] thead th:first-child', { hasText: rowHeading }).waitFor();
}

/** What would identify a demo patient: names in both scripts and birth dates. */
const PATIENT_DATA = DEMO_PATIENTS.flatMap((p) => [p.familyName, p.givenName, p.familyNameLatin, p.birthDate])
  .filter((s): s is string => Boolean(s));
const leaks = (text: string) => PATIENT_DATA.filter((s) => text.includes(s));

test('the region’s analyst reads both statistical forms in two languages, downloads them as CSV and XLSX, and sees no patient data', async () => {
  const { page, close } = await newPage();
  const answers: string[] = [];
  page.on('response', async (r) => {
    if (r.url().includes('/api/')) answers.push(await r.text().catch(() => ''));
  });
  try {
    await new SignInPage(page).open(server.url);
    await new SignInPage(page).signIn('analyst@demo.telemed');
    const shell = new AppShell(page);
    await shell.chooseLanguage('ru');
    await page.locator('a[href="/reports"]').first().click();
    await page.getByTestId('report-table').waitFor();

    // Form 1: the Aktobe districts × years, with a total row and a total column.
    const byFacility = await readTable(page);
    assert.equal(await shell.heading().textContent(), 'Статистика сети');
    assert.equal(byFacility.head[0], 'Направившая организация');
    assert.equal(byFacility.head.at(-1), 'Итого');
    const years = byFacility.head.slice(1, -1);
    const thisYear = new Date().getFullYear();
    assert.deepEqual(years.slice(0, 5), [5, 4, 3, 2, 1].map((n) => String(thisYear - n)), 'the demo network’s five years of records');
    // This year appears once a journey has sent a live request.
    assert.deepEqual(years.slice(5), years.length > 5 ? [String(thisYear)] : []);
    const shalkar = byFacility.rows.find((r) => r.label === 'Шалкарская районная больница');
    assert.ok(shalkar, `a row for Shalkar in ${byFacility.rows.map((r) => r.label).join(', ')}`);
    assert.ok(!byFacility.rows.some((r) => /Ургут|Пайарык/.test(r.label)), 'Samarkand is outside the Aktobe health department’s region');
    const items = byFacility.rows.slice(0, -1);
    const total = byFacility.rows.at(-1)!;
    assert.equal(total.label, 'Итого');
    for (const r of byFacility.rows) assert.equal(r.cells.at(-1), r.cells.slice(0, -1).reduce((a, b) => a + b, 0), `${r.label}: the total column adds up`);
    assert.deepEqual(total.cells, years.map((_, i) => items.reduce((s, r) => s + r.cells[i], 0)).concat(items.reduce((s, r) => s + r.cells.at(-1)!, 0)));
    assert.ok(total.cells.at(-1)! > 0);
    // The chart's bars are as long as their values say: the longest fills its area, the others in proportion.
    const bars = await page.getByTestId('bar-chart').locator('.bar-chart__bar').evaluateAll((els) =>
      els.map((el) => ({ value: Number(el.getAttribute('data-value')), width: el.getBoundingClientRect().width,
        area: el.parentElement!.getBoundingClientRect().width })));
    const top = Math.max(...bars.map((b) => b.value));
    assert.ok(bars.length > 1 && new Set(bars.map((b) => b.value)).size > 1, 'bars of different values');
    for (const b of bars) assert.ok(Math.abs(b.width - Math.max(0.005, b.value / top) * b.area) <= 1.5, `bar of ${b.value}: ${b.width} px of ${b.area}`);
    assert.deepEqual(await axeViolations(page), [], 'the reports page is accessible');

    // Form 2: profiles with subtotals × age groups; the same consultations, so the same grand total.
    await showReport(page, 'profile', 'Профиль');
    const byProfile = await readTable(page);
    assert.deepEqual(byProfile.head, ['Профиль', 'Взрослые (18 лет и старше)', 'Подростки (15–17 лет)', 'Дети (1–14 лет)', 'Новорождённые (до 1 года)', 'Итого']);
    assert.equal(byProfile.rows.at(-1)!.label, 'Итого');
    assert.equal(byProfile.rows.at(-1)!.cells.at(-1), total.cells.at(-1));
    assert.ok(byProfile.rows.some((r) => r.label === 'Кардиология' && r.cells.at(-1)! > 0));

    // Another language: the page and the server's headings change together.
    await shell.chooseLanguage('en');
    await page.getByTestId('report-table').locator('th', { hasText: 'Adults (18 and over)' }).waitFor();
    assert.equal(await shell.heading().textContent(), 'Network statistics');
    assert.deepEqual((await readTable(page)).head, ['Specialty profile', 'Adults (18 and over)', 'Adolescents (15–17)', 'Children (1–14)', 'Newborns (under 1)', 'Total']);

    // The facility form as files, in the language now chosen.
    await showReport(page, 'facility', 'Referring facility');
    const shown = await readTable(page);
    const shalkarEn = shown.rows.find((r) => r.label === 'Shalkar District Hospital')!;
    assert.deepEqual(shalkarEn.cells, shalkar.cells);
    const download = async (format: 'csv' | 'xlsx') => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-${format}`).click()]);
      assert.equal(file.suggestedFilename(), `consultations-by-facility-year.${format}`);
      return fs.readFileSync((await file.path())!);
    };

    const csv = await download('csv');
    assert.equal(csv.subarray(0, 3).toString('hex'), 'efbbbf', 'a byte-order mark, so Excel reads the letters as UTF-8');
    const lines = parseCsv(csv.toString('utf8'));
    assert.deepEqual(lines[0], ['Referring facility', ...years, 'Total']);
    assert.deepEqual(lines.find((l) => l[0] === 'Shalkar District Hospital'), ['Shalkar District Hospital', ...shalkar.cells.map(String)]);
    assert.deepEqual(lines.at(-1), ['Total', ...total.cells.map(String)]);
    assert.equal(lines.length, shown.rows.length + 1);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await download('xlsx')) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const values = (n: number) => (ws.getRow(n).values as unknown[]).slice(1);
    assert.equal(values(1)[0], 'Teleconsultations by referring facility');
    assert.deepEqual(values(4), ['Referring facility', ...years, 'Total']);
    const sheetRows = Array.from({ length: ws.rowCount - 4 }, (_, i) => values(i + 5));
    assert.deepEqual(sheetRows.find((r) => r[0] === 'Shalkar District Hospital'), ['Shalkar District Hospital', ...shalkar.cells]);
    assert.deepEqual(sheetRows.at(-1), ['Total', ...total.cells]);

    // Counts only: nothing that names or dates a patient on the page, in any answer it got, or in the files.
    assert.deepEqual(leaks(await page.content()), []);
    assert.deepEqual(leaks(answers.join('\n')), []);
    assert.deepEqual(leaks(csv.toString('utf8')), []);
    assert.deepEqual(leaks(JSON.stringify(sheetRows)), []);
  } finally {
    await restoreLanguage(page);
    await close();
  }
});

/** The analyst's saved language goes back to the demo's own, so a later journey starts where the demo does. */
async function restoreLanguage(page: Page) {
  const saved = page.waitForResponse((r) => r.url().includes('/api/auth/preferences'), { timeout: 5000 }).catch(() => undefined);
  await page.locator('select[name="language"]').first().selectOption('ru').catch(() => undefined);
  await saved;
}
