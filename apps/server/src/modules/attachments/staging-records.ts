import fs from 'node:fs/promises';
import path from 'node:path';
import type { Configstore, FileStore } from '@tus/file-store';
import type { SecretBox } from '../../platform/secret-box.ts';

/** An upload's id as the tus store makes it: 32 hex digits. */
export const UPLOAD_ID = /^[0-9a-f]{32}$/;

/**
 * The record the tus store keeps beside each staged upload (`<id>.json`: size, offset, the file's
 * name and type, the case it goes to, the declared SHA-256) says a lot about a patient: a file name
 * is often the patient's name and the examination. It is sealed with the server's key (AES-256-GCM,
 * secret-box.ts), bound to the upload's id so one upload's record cannot be put in another's place.
 * Only the creation time stays readable, for the sweep that removes stale uploads (sweepStaging).
 * A record written in plaintext by an earlier version is still read.
 */
export class SealedUploadRecords implements Configstore<Upload> {
  private readonly directory: string;
  private readonly secrets: SecretBox;

  constructor(directory: string, secrets: SecretBox) {
    this.directory = directory;
    this.secrets = secrets;
  }

  async get(key: string): Promise<Upload | undefined> {
    const text = await fs.readFile(this.file(key), 'utf8').catch(() => null);
    if (text === null) return undefined;
    const record = JSON.parse(text) as { sealed?: unknown };
    if (typeof record.sealed !== 'string') return record as unknown as Upload;
    // One that does not open (another upload's record put in its place, another key) is no upload.
    try {
      return JSON.parse(this.secrets.open(record.sealed, associated(key))) as Upload;
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: Upload): Promise<void> {
    const record = { creation_date: value.creation_date, sealed: this.secrets.seal(JSON.stringify(value), associated(key)) };
    await fs.writeFile(this.file(key), JSON.stringify(record), { mode: 0o600 });
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.file(key), { force: true });
  }

  async list(): Promise<string[]> {
    const names = await fs.readdir(this.directory);
    const records = new Set(names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -'.json'.length)));
    return names.filter((n) => UPLOAD_ID.test(n) && records.has(n)).sort();
  }

  private file(key: string): string {
    if (!UPLOAD_ID.test(key)) throw Object.assign(new Error('Not an upload id'), { status_code: 404, body: 'The file for this url was not found\n' });
    return path.join(this.directory, `${key}.json`);
  }
}

/** An upload as the tus store keeps it. */
type Upload = Awaited<ReturnType<FileStore['getUpload']>>;

const associated = (key: string) => `tus-upload:${key}`;
