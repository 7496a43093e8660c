// End-to-end run: the built web app, the real server with embedded PostgreSQL, Debian's Chromium.
import { after } from 'node:test';

await import('./bundle-budget.test.ts');
await import('./journeys.e2e.ts');
await import('./consultation.e2e.ts');
await import('./visit.e2e.ts');
await import('./scheduling.e2e.ts');
await import('./visit-record.e2e.ts');
await import('./portal.e2e.ts');
await import('./reports.e2e.ts');
const { closeContext } = await import('./context.ts');
after(() => closeContext());
