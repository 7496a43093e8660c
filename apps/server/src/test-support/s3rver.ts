import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { onRunEnd } from './database.ts';

/** s3rver's built-in account: it checks that the access key exists (it does not recompute V4 signatures). */
export const S3RVER_KEY = 'S3RVER';

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  on(event: 'event', listener: (e: { Records: { eventName: string; s3: { object: { key: string } } }[] }) => void): void;
}

export interface TestS3 {
  endpoint: string;
  bucket: string;
  /** The folder s3rver keeps its objects in (removed at the end of the run). */
  directory: string;
  /** Environment for createTestApp that puts blobs in this bucket. */
  env: Record<string, string>;
  /**
   * The bucket's event notifications, in order: `ObjectCreated:Put` for a single PUT,
   * `ObjectCreated:Post` for a completed multipart upload, `ObjectRemoved:Delete`.
   */
  events: { name: string; key: string }[];
}

/**
 * A real S3 protocol server (s3rver, file-backed) on 127.0.0.1 with a port of the system's choice and a
 * fresh bucket; stopped when the run ends.
 */
export async function startTestS3(opts: { bucket?: string; partSizeMb?: number } = {}): Promise<TestS3> {
  const S3rver = createRequire(import.meta.url)('s3rver') as new (o: Record<string, unknown>) => S3rverInstance;
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-s3rver-'));
  const bucket = opts.bucket ?? 'telemed-blobs';
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }],
    vhostBuckets: false });
  const events: TestS3['events'] = [];
  server.on('event', (e) => events.push(...e.Records.map((r) => ({ name: r.eventName, key: r.s3.object.key }))));
  const address = await server.run();
  onRunEnd(async () => {
    await server.close();
    fs.rmSync(directory, { recursive: true, force: true });
  });
  const endpoint = `http://127.0.0.1:${address.port}`;
  return { endpoint, bucket, directory, events, env: { BLOB_STORE: 's3', S3_ENDPOINT: endpoint, S3_BUCKET: bucket, S3_REGION: 'us-east-1',
    S3_ACCESS_KEY_ID: S3RVER_KEY, S3_SECRET_ACCESS_KEY: S3RVER_KEY, S3_FORCE_PATH_STYLE: 'true', S3_PART_SIZE_MB: String(opts.partSizeMb ?? 5) } };
}
