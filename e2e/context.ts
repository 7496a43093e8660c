import type { Browser } from 'playwright-core';
import { startCoturn, startJanus } from '../scripts/media-servers.ts';
import { launchBrowser } from './support/browser.ts';
import { startServer } from './support/server.ts';

/** One TURN relay, one SFU, one server and one browser for the whole end-to-end run; each journey opens its own browser context. */
export const turn = await startCoturn();
export const janus = await startJanus().catch(async (err) => {
  await turn.stop();
  throw err;
});
export const server = await startServer({ TURN_URLS: turn.urls, TURN_SECRET: turn.secret, TURN_TTL_SECONDS: '600',
  JANUS_URL: janus.url, JANUS_API_SECRET: janus.apiSecret, JANUS_ADMIN_KEY: janus.adminKey }).catch(async (err) => {
  await Promise.all([turn.stop(), janus.stop()]);
  throw err;
});
const launched = await launchBrowser().catch(async (err) => {
  await server.stop();
  await Promise.all([turn.stop(), janus.stop()]);
  throw err;
});
export const browser: Browser = launched.browser;

/** Called by entry.ts once every journey has run (not a per-file hook: see apps/server/src/test-support/database.ts). */
export async function closeContext(): Promise<void> {
  await launched.close();
  await server.stop();
  await Promise.all([turn.stop(), janus.stop()]);
}

export async function newPage(viewport = { width: 1280, height: 800 }) {
  // axe-core is injected as a script, which the app's CSP rightly forbids to pages.
  const context = await browser.newContext({ viewport, locale: 'ru-RU', bypassCSP: true });
  const page = await context.newPage();
  return { page, close: () => context.close() };
}
