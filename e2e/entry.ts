// End-to-end run: the built web app, the real server with embedded PostgreSQL, Debian's Chromium.
import { after } from 'node:test';

await import('./bundle-budget.test.ts');
await import('./journeys.e2e.ts');
await import('./consultation.e2e.ts');
await import('./visit.e2e.ts');
await import('./scheduling.e2e.ts');
await import('./visit-record.e2e.ts');
await import('./portal.e2e.ts');
await import('./signup.e2e.ts');
await import('./portal-messages.e2e.ts');
await import('./reports.e2e.ts');
await import('./visit-files.e2e.ts');
await import('./recording.e2e.ts');
// Last: two browsers of its own in netlab's network namespaces, and a server of its own on 10.77.0.1.
await import('./poor-network.e2e.ts');
const { closeContext } = await import('./context.ts');
after(() => closeContext());
