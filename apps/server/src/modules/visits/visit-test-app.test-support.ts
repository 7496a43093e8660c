import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { as, createTestApp, patientIdByName, signIn } from '../../test-support/app.ts';
import { onRunEnd } from '../../test-support/database.ts';

/**
 * The application listening on a loopback port (for the call channel and tus over real HTTP), with a
 * blob folder of its own removed at the end of the run, the demo patient Иванов and the district doctor signed in.
 */
export async function visitTestApp(name: string) {
  const blobDir = fs.mkdtempSync(path.join(os.tmpdir(), `tm-${name}-`));
  onRunEnd(async () => fs.rmSync(blobDir, { recursive: true, force: true }));
  const t = await createTestApp({ env: { BLOB_DIR: blobDir } });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (t.app.server.address() as AddressInfo).port;
  const doctor = await signIn(t, 'doctor.shalkar@demo.telemed');
  return { t, blobDir, port, base: `http://127.0.0.1:${port}`, patientId: await patientIdByName(t, 'Иванов'), doctor, asDoctor: as(t, doctor) };
}
