import { after } from 'node:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAttachmentSuite } from './attachments.suite.test-support.ts';

// The attachment journeys with the default store: sealed blobs under BLOB_DIR/sealed.
const blobDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-blobs-'));
after(() => fs.rmSync(blobDir, { recursive: true, force: true }));
const fileOf = (sha: string) => path.join(blobDir, 'sealed', sha.slice(0, 2), sha);

await runAttachmentSuite({
  name: 'filesystem',
  env: { BLOB_DIR: blobDir },
  blobDir,
  storedBytes: async (sha) => (fs.existsSync(fileOf(sha)) ? fs.readFileSync(fileOf(sha)) : null),
  overwrite: async (sha, bytes) => fs.writeFileSync(fileOf(sha), bytes),
});
