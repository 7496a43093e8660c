import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createOpenStream, createSealStream, newDataKey, sealedRange, sealedSize } from '../../platform/blob-crypto.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { readStaged, type StagedFile } from './staging-cipher.ts';

// The data key is sealed with the configured key and bound to the blob's address.
const keyContext = (sha256: string) => `blob:${sha256}`;

/**
 * Hashes and seals a plaintext stream in one pass and stores it under `expectedSha256`, or refuses
 * it (nothing stored) when the bytes received hash to anything else. A blob already stored is only
 * hashed: the same file attached twice is kept once.
 */
export async function storeVerified(deps: Deps, source: Readable, expectedSha256: string, size: number): Promise<void> {
  const existing = await deps.db.selectFrom('blob').select('sha256').where('sha256', '=', expectedSha256).executeTakeFirst();
  const hash = createHash('sha256');
  const verify = () => {
    if (hash.digest('hex') !== expectedSha256) throw new AppError('attachment_corrupted', 422);
  };
  if (existing) {
    await pipeline(source, async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) hash.update(chunk);
      yield* [];
    });
    return verify();
  }
  const key = newDataKey();
  const tapped = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const sealed = createSealStream(key);
  source.on('error', (err) => sealed.destroy(err));
  source.pipe(tapped).pipe(sealed);
  await keep(deps, expectedSha256, size, key, await deps.blobs.put(expectedSha256, sealed, { verify }));
}

/**
 * Stores a finished upload under `expectedSha256`, or refuses it (nothing stored) when its bytes
 * hash to anything else. An upload staged sealed (sealed-staging.ts) is already the blob: its
 * SHA-256 is the one taken as it arrived (`digest`) or, when this node did not see every byte, read
 * from the file with every chunk authenticated; then the store takes the file as it is. An upload
 * begun by an earlier version is sealed here in one pass (storeVerified).
 */
export async function storeStaged(deps: Deps, staged: StagedFile, expectedSha256: string, size: number, digest: string | null): Promise<void> {
  if (!staged.sealed) return storeVerified(deps, readStaged(staged), expectedSha256, size);
  // A file cut short, or a chunk changed on the staging disk (its tag fails), is no upload of what was declared.
  const complete = (await fs.stat(staged.file)).size === sealedSize(size);
  const actual = complete ? digest ?? await hashOf(readStaged(staged)).catch(() => null) : null;
  if (actual !== expectedSha256) throw new AppError('attachment_corrupted', 422);
  if (await deps.db.selectFrom('blob').select('sha256').where('sha256', '=', expectedSha256).executeTakeFirst()) return;
  await keep(deps, expectedSha256, size, staged.sealed.key, await deps.blobs.adopt(expectedSha256, staged.file));
}

async function hashOf(source: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of source as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

/** The blob's row, with its data key wrapped, once the store holds it (`stored`; false: another upload of the same file was first). */
async function keep(deps: Deps, sha256: string, size: number, key: Buffer, stored: boolean): Promise<void> {
  if (stored) {
    await deps.db.insertInto('blob').values({ sha256, size, wrapped_key: deps.secrets.seal(key.toString('base64'), keyContext(sha256)) })
      .onConflict((oc) => oc.doNothing()).execute();
    return;
  }
  // Another upload of the same file stored it first; its row follows its blob within moments.
  for (let i = 0; i < 50; i++) {
    if (await deps.db.selectFrom('blob').select('sha256').where('sha256', '=', sha256).executeTakeFirst()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('Blob stored without its key row');
}

/** A small blob kept whole in memory (thumbnails): hashed here, so it cannot be mislabelled. */
export async function storeBuffer(deps: Deps, bytes: Buffer): Promise<string> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const source = new PassThrough();
  source.end(bytes);
  await storeVerified(deps, source, sha256, bytes.length);
  return sha256;
}

/** The plaintext of a stored blob, whole or the inclusive byte range asked for; every chunk is authenticated on the way. */
export async function openBlob(deps: Deps, sha256: string, range?: { start: number; end: number }): Promise<{ stream: Readable; size: number }> {
  const row = await deps.db.selectFrom('blob').select(['size', 'wrapped_key']).where('sha256', '=', sha256).executeTakeFirstOrThrow();
  const size = Number(row.size);
  const key = Buffer.from(deps.secrets.open(row.wrapped_key, keyContext(sha256)), 'base64');
  const r = sealedRange(size, range?.start ?? 0, range ? range.end : Math.max(0, size - 1));
  const opened = createOpenStream(key, { firstChunk: r.firstChunk, lastChunk: r.lastChunk, endsBlob: r.endsBlob, skip: r.skip,
    take: size === 0 ? 0 : r.take });
  const raw = await deps.blobs.read(sha256, { start: r.from, end: r.to });
  raw.on('error', (err) => opened.destroy(err));
  // A client that goes away mid-download must not leave the store's stream open (an S3 connection
  // held until its timeout, a file descriptor until collected): closing the output closes the input.
  opened.once('close', () => raw.destroy());
  return { stream: raw.pipe(opened), size };
}
