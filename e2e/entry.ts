// End-to-end run: the built web app, the real server with embedded PostgreSQL, Debian's Chromium.
await import('./bundle-budget.test.ts');
await import('./journeys.e2e.ts');
