import { after } from 'node:test'; await import('./recording.e2e.ts'); const { closeContext } = await import('./context.ts'); after(() => closeContext());
