import type { Download, Page } from 'playwright-core';

/** The booking page: choose a doctor, a free time, confirm. */
export class BookVisitPage {
  readonly page: Page;
  constructor(page: Page) { this.page = page; }
  async open(base: string) {
    await this.page.goto(`${base}/appointments/book`);
    await this.page.locator('#b-clinician option').nth(1).waitFor({ state: 'attached' });
  }
  async chooseDoctor(name: string) {
    const value = await this.page.locator('#b-clinician option', { hasText: name }).first().getAttribute('value');
    await this.page.locator('#b-clinician').selectOption(value!);
  }
  /** Chooses the first free time shown; returns its instant. */
  async chooseFirstFreeTime(): Promise<string> {
    const slot = this.page.getByTestId('slots').locator('button.slot').first();
    await slot.waitFor();
    const startsAt = (await slot.getAttribute('data-starts-at'))!;
    await slot.click();
    return startsAt;
  }
  async confirm() {
    await this.page.getByTestId('confirm').locator('button[type="submit"]').click();
    await this.page.getByTestId('booked').waitFor();
  }
  async downloadInvitation(): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId('download-ics').click()]);
    return download;
  }
}

export class AppointmentsPage {
  readonly page: Page;
  constructor(page: Page) { this.page = page; }
  async open(base: string) {
    await this.page.goto(`${base}/appointments`);
    await this.page.getByTestId('appointments').waitFor({ state: 'attached' });
  }
  withWhom() { return this.page.getByTestId('appointment-with'); }
}
