import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { assertKey, type BlobStore } from './blob-store.ts';
import { errorFrom, S3Error, xmlValue, type S3Client } from './s3-client.ts';

/** S3 requires parts of at least 5 MiB (all but the last) and at most 10,000 of them. */
export const MIN_PART_SIZE = 5 * 1024 * 1024;
const MAX_PARTS = 10_000;
/** A small object written at start-up to prove the bucket takes writes and reads; it is not a blob key. */
export const CHECK_KEY = 'telemed-store-check';
const CHECK_BODY = Buffer.from('telemed blob store check\n');
/** Each write tags its object, so a write whose answer was lost (and was retried into a 412) knows it landed. */
const WRITER = 'x-amz-meta-telemed-writer';

export interface S3BlobStoreOptions {
  /** Prepended to every object name (e.g. `telemed/blobs/`), so one bucket can hold several deployments. */
  prefix: string;
  /** Bytes per multipart part; a blob smaller than one part is a single PUT. */
  partSize: number;
}

/**
 * Sealed blobs as objects of one bucket. The store only ever sees ciphertext: blob-crypto.ts seals
 * before a byte leaves the process. Memory per write is bounded by two parts (one being filled while
 * the previous one uploads), whatever the blob's size. Writes are create-only (`If-None-Match: *`,
 * honoured by AWS S3 and MinIO among others), so a second writer of a content address never replaces the
 * first one's object, which is what keeps each object matching the data key recorded for it; the
 * existence check before the write and again just before it becomes visible narrows the window on a
 * store that ignores the condition.
 */
export function createS3BlobStore(client: S3Client, opts: S3BlobStoreOptions): BlobStore & { check(): Promise<void>; close(): void } {
  const objectName = (key: string) => `${opts.prefix}${key}`;
  const fail = (status: number, body: Buffer) => errorFrom(status, body);

  const has = async (key: string) => {
    const res = await client.call({ method: 'HEAD', key: objectName(key) });
    if (res.status === 200) return true;
    if (res.status === 404) return false;
    throw fail(res.status, res.body);
  };

  /**
   * The outcome of a create-only write: true when this writer's object is the one stored, false when
   * another writer's was there first. 412: the object exists (ours, if our first attempt landed and
   * only its answer was lost). 409: another conditional write of the name is in flight.
   */
  const created = async (status: number, body: Buffer, key: string, writer: string): Promise<boolean> => {
    // CompleteMultipartUpload can fail with 200 and an error document.
    if (status === 200 && !body.includes('<Error>')) return true;
    if (status === 412 || status === 409) {
      const head = await client.call({ method: 'HEAD', key: objectName(key) });
      if (head.status === 200) return head.headers[WRITER] === writer;
      if (head.status !== 404) throw fail(head.status, head.body);
    }
    throw fail(status, body);
  };

  const putWhole = async (key: string, body: Buffer, writer: string) => {
    const res = await client.call({ method: 'PUT', key: objectName(key), body, headers: { 'if-none-match': '*', [WRITER]: writer } });
    return created(res.status, res.body, key, writer);
  };

  const store: BlobStore & { check(): Promise<void>; close(): void } = {
    // A sealed staging file goes up as any blob does: a bucket cannot take a local file by name.
    adopt: (key, file) => store.put(key, createReadStream(file, { highWaterMark: 1024 * 1024 })),
    async put(key, content, options) {
      assertKey(key);
      if (await has(key)) {
        // Already stored: the caller's check still runs over the bytes it sent (a claimed address must match).
        for await (const _ of content) { /* drain */ }
        options?.verify?.();
        return false;
      }
      const name = objectName(key);
      const writer = randomBytes(12).toString('hex');
      let uploadId: string | null = null;
      const parts: string[] = [];
      let inFlight: Promise<void> = Promise.resolve();
      let failure: unknown = null;
      const sendPart = (number: number, body: Buffer) => {
        const previous = inFlight;
        inFlight = (async () => {
          await previous;
          if (failure) return;
          const res = await client.call({ method: 'PUT', key: name, query: { partNumber: String(number), uploadId: uploadId! }, body });
          if (res.status !== 200) throw fail(res.status, res.body);
          const etag = res.headers.etag;
          if (!etag) throw new S3Error(res.status, 'MissingETag', 'S3 part upload answered without an ETag');
          parts[number - 1] = etag;
        })().catch((err) => { failure ??= err; });
      };
      try {
        let pending: Buffer[] = [];
        let pendingLength = 0;
        let partNumber = 0;
        const flushPart = async (length: number) => {
          // Wait for the part before this one first, so at most two parts are in memory.
          await inFlight;
          if (failure) throw failure;
          const all = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingLength);
          const body = all.subarray(0, length);
          // A copy, so the remainder does not keep the whole part alive after it is sent.
          const rest = Buffer.from(all.subarray(length));
          pending = rest.length ? [rest] : [];
          pendingLength = rest.length;
          if (uploadId === null) {
            const res = await client.call({ method: 'POST', key: name, query: { uploads: '' }, headers: { [WRITER]: writer } });
            uploadId = res.status === 200 ? xmlValue(res.body.toString('utf8'), 'UploadId') ?? null : null;
            if (!uploadId) throw fail(res.status, res.body);
          }
          if (++partNumber > MAX_PARTS) throw new Error('Blob needs more parts than S3 allows: raise S3_PART_SIZE_MB');
          sendPart(partNumber, body);
        };
        for await (const chunk of content as AsyncIterable<Buffer>) {
          pending.push(chunk);
          pendingLength += chunk.length;
          while (pendingLength >= opts.partSize) await flushPart(opts.partSize);
        }
        if (uploadId === null) {
          // Small enough for one request: checked, then written whole.
          const body = Buffer.concat(pending, pendingLength);
          options?.verify?.();
          return await putWhole(key, body, writer);
        }
        if (pendingLength > 0) await flushPart(pendingLength);
        await inFlight;
        if (failure) throw failure;
        // The object appears only on completion: a blob that fails its check is never visible.
        options?.verify?.();
        if (await has(key)) {
          await abort(name, uploadId);
          return false;
        }
        const xml = `<CompleteMultipartUpload>${parts.map((etag, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${etag}</ETag></Part>`).join('')}</CompleteMultipartUpload>`;
        const res = await client.call({ method: 'POST', key: name, query: { uploadId }, body: Buffer.from(xml), headers: { 'if-none-match': '*', 'content-type': 'application/xml' } });
        const stored = await created(res.status, res.body, key, writer);
        if (!stored) await abort(name, uploadId);
        uploadId = null;
        return stored;
      } catch (err) {
        await inFlight;
        if (uploadId) await abort(name, uploadId);
        throw err;
      }
    },

    async read(key, range) {
      assertKey(key);
      const res = await client.open({ method: 'GET', key: objectName(key), headers: range ? { range: `bytes=${range.start}-${range.end}` } : {} });
      const status = res.statusCode ?? 0;
      const expected = range ? range.end - range.start + 1 : null;
      const length = Number(res.headers['content-length']);
      // 200 to a ranged request is acceptable only when the range was the whole object.
      if (status === 206 || (status === 200 && (expected === null || length === expected))) return res as Readable;
      const body = await new Promise<Buffer>((resolve) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', () => resolve(Buffer.alloc(0)));
      });
      throw fail(status, body);
    },

    has: (key) => {
      assertKey(key);
      return has(key);
    },

    async remove(key) {
      assertKey(key);
      const res = await client.call({ method: 'DELETE', key: objectName(key) });
      if (res.status !== 204 && res.status !== 200 && res.status !== 404) throw fail(res.status, res.body);
    },

    /** Writes and reads back a small marker object and asks for a missing one: the endpoint, bucket and credentials work for what blobs need. */
    async check() {
      const written = await client.call({ method: 'PUT', key: `${opts.prefix}${CHECK_KEY}`, body: CHECK_BODY });
      if (written.status !== 200) throw fail(written.status, written.body);
      const read = await client.call({ method: 'GET', key: `${opts.prefix}${CHECK_KEY}` });
      if (read.status !== 200) throw fail(read.status, read.body);
      if (!read.body.equals(CHECK_BODY)) throw new S3Error(read.status, 'CheckMismatch', 'S3 returned other bytes than were written');
      // Without s3:ListBucket S3 answers 403, not 404, for a missing object, and every write begins by asking.
      const absent = await client.call({ method: 'HEAD', key: `${opts.prefix}${CHECK_KEY}-absent` });
      if (absent.status !== 404) throw fail(absent.status, absent.body);
    },

    close: () => client.close(),
  };
  return store;

  /** Parts of an abandoned upload cost storage until aborted; a failure here is left to the bucket's lifecycle rule. */
  async function abort(name: string, uploadId: string) {
    await client.call({ method: 'DELETE', key: name, query: { uploadId } }).catch(() => undefined);
  }
}
