import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Where sealed blobs live. Keys are content addresses (the plaintext's SHA-256 in hex), so writing
 * a key twice writes the same bytes and a half-written blob is never visible under its key.
 * The filesystem store is the default; an S3-compatible store implements the same four calls.
 */
export interface BlobStore {
  /**
   * Stores the stream under `key` atomically. `verify` runs after the last byte is written and
   * before the blob becomes visible: throwing there discards it (a content hash that did not match).
   * Returns false when the key already existed; the existing blob is kept.
   */
  put(key: string, content: Readable, opts?: { verify?(): void }): Promise<boolean>;
  /** Reads the stored bytes, optionally only [start, end] inclusive. */
  read(key: string, range?: { start: number; end: number }): Readable;
  has(key: string): Promise<boolean>;
  remove(key: string): Promise<void>;
}

const KEY = /^[0-9a-f]{64}(\.[a-z0-9]{1,16})?$/;

function assertKey(key: string): void {
  // Keys become file names: only hex digests (with an optional variant suffix) are accepted.
  if (!KEY.test(key)) throw new Error('Invalid blob key');
}

/** Blobs as files under `root`, fanned out by the first two hex digits so no folder grows huge. */
export function createFileBlobStore(root: string): BlobStore {
  const base = path.resolve(root);
  fs.mkdirSync(base, { recursive: true, mode: 0o700 });
  const fileOf = (key: string) => path.join(base, key.slice(0, 2), key);
  return {
    async put(key, content, opts) {
      assertKey(key);
      const file = fileOf(key);
      await fs.promises.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      const temp = `${file}.${randomBytes(6).toString('hex')}.part`;
      try {
        await pipeline(content, fs.createWriteStream(temp, { mode: 0o600, flags: 'wx' }));
        opts?.verify?.();
        // A hard link appears atomically and never replaces an existing blob (two writers of one key).
        await fs.promises.link(temp, file);
        return true;
      } catch (err) {
        if ((err as { code?: string }).code === 'EEXIST') return false;
        throw err;
      } finally {
        await fs.promises.rm(temp, { force: true });
      }
    },
    read(key, range) {
      assertKey(key);
      return fs.createReadStream(fileOf(key), range ? { start: range.start, end: range.end } : {});
    },
    async has(key) {
      assertKey(key);
      return fs.promises.access(fileOf(key)).then(() => true, () => false);
    },
    async remove(key) {
      assertKey(key);
      await fs.promises.rm(fileOf(key), { force: true });
    },
  };
}

/** Where blobs live by configuration: `BLOB_DIR`, else `DATA_DIR/blobs` (sealed blobs, and uploads in progress beside them). */
export function blobRoot(config: { BLOB_DIR?: string; DATA_DIR: string }): string {
  return path.resolve(config.BLOB_DIR ?? path.join(config.DATA_DIR, 'blobs'));
}
