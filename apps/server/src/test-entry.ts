// One process runs every unit and integration test: on two cores this is far faster than a
// process per file, and the integration files share one PostgreSQL server.
import fs from 'node:fs';
import path from 'node:path';
import { after } from 'node:test';
import { endTestRun } from './test-support/database.ts';

// The web app's plain TypeScript modules (no JSX) are tested here too.
const roots = [import.meta.dirname, path.resolve(import.meta.dirname, '../../web/src')];
const only = process.env.TEST_FILTER;
const files = roots
  .flatMap((root) => fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).map((f) => path.join(root, f)))
  .filter((f) => f.endsWith('.test.ts') && !f.includes(`${path.sep}node_modules${path.sep}`))
  .filter((f) => !only || f.includes(only))
  .sort();
for (const file of files) await import(file);

// Registered last, so it runs after every file's own clean-up.
after(() => endTestRun());
