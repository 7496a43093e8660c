// One process runs every unit and integration test: on two cores this is far faster than a
// process per file, and the integration files share one PostgreSQL server.
import fs from 'node:fs';
import path from 'node:path';
import { after } from 'node:test';
import { endTestRun } from './test-support/database.ts';

const root = import.meta.dirname;
const only = process.env.TEST_FILTER;
const files = fs
  .readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.test.ts'))
  .filter((f) => !only || f.includes(only))
  .sort();
for (const file of files) await import(path.join(root, file));

// Registered last, so it runs after every file's own clean-up.
after(() => endTestRun());
