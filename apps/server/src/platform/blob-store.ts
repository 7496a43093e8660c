import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Where sealed blobs live. Keys are content addresses (the plaintext's SHA-256 in hex), and a
 * half-written blob is never visible under its key. A store only ever holds ciphertext: sealing
 * and opening happen in blob-crypto.ts, before a byte reaches it. The filesystem store is the
 * default; s3-blob-store.ts implements the same calls on an S3-compatible bucket.
 */
export interface BlobStore {
  /**
   * Stores the stream under `key` atomically. `verify` runs after the last byte is written and
   * before the blob becomes visible: throwing there discards it (a content hash that did not match).
   * Returns false when the key already existed; the existing blob is kept (the content is still read
   * to its end and `verify` still runs, so a caller's check does not depend on who wrote first).
   */
  put(key: string, content: Readable, opts?: { verify?(): void }): Promise<boolean>;
  /**
   * Reads the stored bytes, optionally only [start, end] inclusive. Resolves once the store has
   * answered, so a missing blob is an error before any byte is sent to a client.
   */
  read(key: string, range?: { start: number; end: number }): Promise<Readable>;
  /**
   * Stores a file already in the store's format (a sealed staging file) under `key`, as put does,
   * taking the file itself where the store can (the file store links it into place: nothing is
   * copied). The caller removes its own name for the file afterwards. Returns false when the key
   * already existed.
   */
  adopt(key: string, file: string): Promise<boolean>;
  has(key: string): Promise<boolean>;
  remove(key: string): Promise<void>;
  /** Proves at start-up that the store can be written and read (a misconfigured bucket stops start-up, not the first upload). */
  check?(): Promise<void>;
  /** Releases connections (the S3 store's keep-alive sockets). */
  close?(): void;
}

const KEY = /^[0-9a-f]{64}(\.[a-z0-9]{1,16})?$/;

export function assertKey(key: string): void {
  // Keys become file names: only hex digests (with an optional variant suffix) are accepted.
  if (!KEY.test(key)) throw new Error('Invalid blob key');
}

/** Blobs as files under `root`, fanned out by the first two hex digits so no folder grows huge. */
export function createFileBlobStore(root: string): BlobStore {
  const base = path.resolve(root);
  fs.mkdirSync(base, { recursive: true, mode: 0o700 });
  const fileOf = (key: string) => path.join(base, key.slice(0, 2), key);
  const store: BlobStore = {
    async put(key, content, opts) {
      assertKey(key);
      const file = fileOf(key);
      await fs.promises.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      const temp = `${file}.${randomBytes(6).toString('hex')}.part`;
      try {
        // A deep write buffer lets the sealing keep going while the disk takes the last megabytes.
        await pipeline(content, fs.createWriteStream(temp, { mode: 0o600, flags: 'wx', highWaterMark: 8 * 1024 * 1024 }));
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
    async adopt(key, source) {
      assertKey(key);
      const file = fileOf(key);
      await fs.promises.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await fs.promises.chmod(source, 0o600);
      try {
        await fs.promises.link(source, file);
        return true;
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'EEXIST') return false;
        // Staging on another volume than the blobs: the file is copied instead.
        if (code === 'EXDEV') return store.put(key, fs.createReadStream(source, { highWaterMark: 1024 * 1024 }));
        throw err;
      }
    },
    async read(key, range) {
      assertKey(key);
      const handle = await fs.promises.open(fileOf(key), 'r');
      // A megabyte at a time: the open stream then authenticates sixteen chunks per read rather than
      // gluing each 64 KB chunk to the tag that spills into the next read (twice the speed on a large file).
      return handle.createReadStream({ ...(range ? { start: range.start, end: range.end } : {}), highWaterMark: 1024 * 1024 });
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
  return store;
}

/**
 * The local folder of blob storage: `BLOB_DIR`, else `DATA_DIR/blobs`. It holds uploads in progress
 * (`staging/`) with either store, and the sealed blobs (`sealed/`) with the filesystem store.
 */
export function blobRoot(config: { BLOB_DIR?: string; DATA_DIR: string }): string {
  return path.resolve(config.BLOB_DIR ?? path.join(config.DATA_DIR, 'blobs'));
}
