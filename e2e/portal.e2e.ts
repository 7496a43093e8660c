import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, server } from './context.ts';
import { axeViolations } from './support/browser.ts';
import { SignInPage } from './support/pages.ts';

/**
 * The patient's side on a phone: the app is installable (a manifest the browser accepts, a service
 * worker in control), the patient's home leads to appointments, booking and visit summaries, and
 * once loaded the app still opens with no connection, saying so.
 */
test('on a phone the patient installs the app, finds their care, and the app opens without a connection', async () => {
  const { page, close } = await newPage({ width: 360, height: 740 });
  try {
    await new SignInPage(page).open(server.url);
    await new SignInPage(page).signIn('patient@demo.telemed');
    const care = page.locator('.card').filter({ has: page.locator('a[href="/appointments/book"]') });
    await care.waitFor();
    assert.deepEqual(await care.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))), ['/appointments', '/appointments/book', '/visits']);
    assert.deepEqual(await axeViolations(page), [], 'the patient home is accessible');

    // Installable: the manifest is linked and complete.
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    const manifest = await (await page.context().request.get(new URL(href!, server.url).toString())).json();
    assert.equal(manifest.display, 'standalone');
    assert.equal(manifest.start_url, '/');
    assert.ok(manifest.icons.some((i: { purpose: string }) => i.purpose === 'maskable'));

    // The service worker takes control, and keeps the shell on the device.
    await page.waitForFunction(async () => Boolean((await navigator.serviceWorker.getRegistration())?.active), undefined, { timeout: 15_000 });
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

    // No connection: the app still opens and says why nothing new loads.
    await page.context().setOffline(true);
    await page.reload();
    await page.getByTestId('offline-banner').waitFor();
    assert.match((await page.locator('h1').first().textContent()) ?? '', /\S/);
    await page.context().setOffline(false);
    await page.getByTestId('offline-banner').waitFor({ state: 'detached' });
  } finally {
    await close();
  }
});
