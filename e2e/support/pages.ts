import type { Page } from 'playwright-core';

/** Page objects: the journeys speak of what a user does, not of selectors. */
export class SignInPage {
  readonly page: Page;
  constructor(page: Page) { this.page = page; }
  async open(base: string) {
    await this.page.goto(`${base}/`);
    await this.page.locator('input[name="email"]').waitFor();
  }
  async signIn(email: string, password = 'Demo-Telemed-2026') {
    await this.page.locator('input[name="email"]').fill(email);
    await this.page.locator('input[name="password"]').fill(password);
    await this.page.locator('button[type="submit"]').click();
    await this.page.locator('input[name="email"]').waitFor({ state: 'detached' });
  }
  async chooseLanguage(lang: 'kk' | 'ru' | 'uz' | 'en') {
    await this.page.locator('select[name="language"]').first().selectOption(lang);
  }
}

export class AppShell {
  readonly page: Page;
  constructor(page: Page) { this.page = page; }
  heading() { return this.page.locator('h1').first(); }
  /** On a phone the header's tools are behind the menu button: opens it when it is there and closed. */
  async openMenu() {
    const toggle = this.page.getByTestId('menu-toggle');
    if (await toggle.isVisible() && (await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
  }
  async chooseLanguage(lang: 'kk' | 'ru' | 'uz' | 'en') {
    await this.openMenu();
    await this.page.locator('select[name="language"]').first().selectOption(lang);
    await this.page.waitForFunction((l) => document.documentElement.lang === l, lang);
  }
  async signOut() {
    await this.openMenu();
    await this.page.getByRole('button', { name: /sign out|выйти|шығу|chiqish/i }).first().click();
    await this.page.locator('input[name="email"]').waitFor();
  }
}

export class PatientPage {
  readonly page: Page;
  constructor(page: Page) { this.page = page; }
  async open(base: string, id: string) { await this.page.goto(`${base}/patients/${id}`); }
  /** Finds the patient by name in the patient search and opens the first one found. */
  async findAndOpen(base: string, name: string) {
    await this.page.goto(`${base}/patients`);
    const search = this.page.getByRole('search').locator('input[name="q"]');
    await search.fill(name);
    await search.press('Enter');
    await this.page.locator('a[href^="/patients/"]').filter({ hasText: name }).first().click();
  }
  denied() { return this.page.getByTestId('patient-denied'); }
  banner() { return this.page.getByTestId('break-glass-banner'); }
  async breakGlass(reason: string) {
    await this.page.locator('textarea[name="reason"]').fill(reason);
    await this.page.locator('form:has(textarea[name="reason"]) button[type="submit"]').click();
  }
}
