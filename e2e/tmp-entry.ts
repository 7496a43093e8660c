import { after } from 'node:test';
await import('./consultation.e2e.ts');
const { closeContext } = await import('./context.ts');
after(() => closeContext());
