import type { Page } from 'playwright-core';

/** Console errors and warnings, uncaught errors and failed requests of the pages watched. */
export class ConsoleWatch {
  readonly problems: string[] = [];

  watch(page: Page, name: string): void {
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') {
        this.problems.push(`[${name}] console.${message.type()}: ${message.text()}`);
      }
    });
    page.on('pageerror', (error) => this.problems.push(`[${name}] uncaught: ${error.message}`));
    page.on('requestfailed', (request) => {
      // Blob URLs of downloads are revoked once handed over; that is not a failure of the page.
      if (request.url().startsWith('blob:')) return;
      this.problems.push(`[${name}] request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400)
        this.problems.push(`[${name}] HTTP ${response.status()}: ${response.url()}`);
    });
  }
}
