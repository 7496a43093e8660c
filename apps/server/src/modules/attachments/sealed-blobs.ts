import { createHash } from 'node:crypto';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createOpenStream, createSealStream, newDataKey, sealedRange } from '../../platform/blob-crypto.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';

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
  const stored = await deps.blobs.put(expectedSha256, sealed, { verify });
  if (stored) {
    await deps.db.insertInto('blob').values({ sha256: expectedSha256, size, wrapped_key: deps.secrets.seal(key.toString('base64'), keyContext(expectedSha256)) })
      .onConflict((oc) => oc.doNothing()).execute();
    return;
  }
  // Another upload of the same file stored it first; its row follows its blob within moments.
  for (let i = 0; i < 50; i++) {
    if (await deps.db.selectFrom('blob').select('sha256').where('sha256', '=', expectedSha256).executeTakeFirst()) return;
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
