import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * Blobs are encrypted in independent AES-256-GCM chunks under a data key of their own (wrapped by
 * the configured ENCRYPTION_KEY and kept in the database). Each chunk carries its own tag, so a
 * 2 GB file streams in constant memory, a range is read by opening only the chunks it covers, and
 * tampering is detected chunk by chunk before a byte of it reaches a client.
 *
 * Layout: header `TMB1` + u32 chunk size, then per chunk: ciphertext (≤ chunk size) + 16-byte tag.
 * The nonce is the chunk's index; the associated data binds the index and whether the chunk is the
 * last one, so chunks cannot be reordered, dropped or the file truncated without the tag failing.
 * A nonce from a counter is safe only because every data key encrypts exactly one blob.
 */
export const CHUNK_SIZE = 64 * 1024;
const TAG = 16;
/** A full chunk as stored: its ciphertext and its tag. */
export const SEALED_CHUNK = CHUNK_SIZE + TAG;
const MAGIC = Buffer.from('TMB1');
export const HEADER_SIZE = MAGIC.length + 4;

function nonceFor(index: number): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeUIntBE(index, 6, 6);
  return nonce;
}

function aadFor(index: number, isLast: boolean): Buffer {
  const aad = Buffer.alloc(9);
  aad.writeUIntBE(index, 2, 6);
  aad[8] = isLast ? 1 : 0;
  return aad;
}

export function newDataKey(): Buffer {
  return randomBytes(32);
}

/**
 * The cipher for chunk `index`, its associated data set: a writer that receives a chunk in pieces
 * feeds them in as they come, with no copy to gather them first.
 */
export function chunkCipher(key: Buffer, index: number, isLast: boolean) {
  const cipher = createCipheriv('aes-256-gcm', key, nonceFor(index));
  cipher.setAAD(aadFor(index, isLast));
  return cipher;
}

/** Seals one chunk, appending its ciphertext and tag to `out` (gathered into one write by the caller). */
export function sealChunk(key: Buffer, index: number, plain: Buffer, isLast: boolean, out: Buffer[]): void {
  const cipher = chunkCipher(key, index, isLast);
  out.push(cipher.update(plain));
  const rest = cipher.final();
  if (rest.length > 0) out.push(rest);
  out.push(cipher.getAuthTag());
}

function openChunk(key: Buffer, index: number, sealed: Buffer, isLast: boolean): Buffer {
  if (sealed.length < TAG) throw new Error('Blob chunk is truncated');
  const decipher = createDecipheriv('aes-256-gcm', key, nonceFor(index));
  decipher.setAAD(aadFor(index, isLast));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
  const plain = decipher.update(sealed.subarray(0, sealed.length - TAG));
  // GCM's final() only checks the tag (it yields no bytes): nothing is returned before it passes.
  decipher.final();
  return plain;
}

/** The index of the last chunk of a blob of `plainSize` bytes (an empty blob is one empty chunk). */
export function lastChunkIndex(plainSize: number): number {
  return Math.max(0, Math.ceil(plainSize / CHUNK_SIZE) - 1);
}

/** Size on disk of a blob of `plainSize` bytes. */
export function sealedSize(plainSize: number): number {
  const chunks = Math.max(1, Math.ceil(plainSize / CHUNK_SIZE));
  return HEADER_SIZE + plainSize + chunks * TAG;
}

/** Bytes a seal stream buffers on either side: a few chunks' worth, so reading, sealing and writing overlap. */
const SEAL_BUFFER = 4 * 1024 * 1024;

/** The blob's first bytes: the format and its chunk size. */
export function blobHeader(): Buffer {
  const out = Buffer.alloc(HEADER_SIZE);
  MAGIC.copy(out);
  out.writeUInt32BE(CHUNK_SIZE, MAGIC.length);
  return out;
}

/**
 * Plaintext in, sealed blob out. The last chunk is known only at the end, so one chunk is held back.
 * Everything one input buffer seals to leaves as one buffer: a store then writes a megabyte at a
 * time rather than each 64 KB chunk and its tag on its own (twice the speed of a 500 MB commit).
 */
export function createSealStream(key: Buffer): Transform {
  let index = 0;
  let pending: Buffer[] = [];
  let pendingLength = 0;
  let held: Buffer | null = null;
  let headerSent = false;
  return new Transform({
    readableHighWaterMark: SEAL_BUFFER,
    writableHighWaterMark: SEAL_BUFFER,
    transform(data: Buffer, _enc, done: TransformCallback) {
      const out: Buffer[] = [];
      if (!headerSent) {
        out.push(blobHeader());
        headerSent = true;
      }
      pending.push(data);
      pendingLength += data.length;
      if (pendingLength >= CHUNK_SIZE) {
        let all = pending.length === 1 ? pending[0] : Buffer.concat(pending);
        while (all.length >= CHUNK_SIZE) {
          if (held) sealChunk(key, index++, held, false, out);
          held = all.subarray(0, CHUNK_SIZE);
          all = all.subarray(CHUNK_SIZE);
        }
        pending = all.length ? [all] : [];
        pendingLength = all.length;
      }
      done(null, out.length === 0 ? undefined : Buffer.concat(out));
    },
    flush(done: TransformCallback) {
      const out: Buffer[] = headerSent ? [] : [blobHeader()];
      const rest = Buffer.concat(pending);
      if (held && rest.length === 0) {
        sealChunk(key, index++, held, true, out);
      } else {
        if (held) sealChunk(key, index++, held, false, out);
        sealChunk(key, index++, rest, true, out);
      }
      done(null, Buffer.concat(out));
    },
  });
}

/**
 * Sealed chunks in (starting at chunk `firstChunk`, the header already skipped), plaintext out.
 * `lastChunk` is the last chunk read, `endsBlob` whether it is the blob's final one (known from its size);
 * `skip`/`take` cut a byte range.
 */
export function createOpenStream(key: Buffer, opts: { firstChunk: number; lastChunk: number; endsBlob: boolean; skip?: number; take?: number }): Transform {
  const sealedChunk = SEALED_CHUNK;
  let index = opts.firstChunk;
  let pending: Buffer[] = [];
  let pendingLength = 0;
  let skip = opts.skip ?? 0;
  let left = opts.take ?? Number.POSITIVE_INFINITY;
  // The chunks opened from one input leave as one buffer (a megabyte from the file store); those
  // opened before a damaged one still leave, so a client gets every true byte before the cut.
  const emit = (opened: Buffer[], plain: Buffer) => {
    let out = plain;
    if (skip > 0) {
      const cut = Math.min(skip, out.length);
      out = out.subarray(cut);
      skip -= cut;
    }
    if (out.length > left) out = out.subarray(0, left);
    left -= out.length;
    if (out.length > 0) opened.push(out);
  };
  const send = (stream: Transform, opened: Buffer[]) => {
    if (opened.length > 0) stream.push(opened.length === 1 ? opened[0] : Buffer.concat(opened));
  };
  return new Transform({
    transform(data: Buffer, _enc, done: TransformCallback) {
      pending.push(data);
      pendingLength += data.length;
      if (pendingLength < sealedChunk) return done();
      let all = pending.length === 1 ? pending[0] : Buffer.concat(pending);
      const opened: Buffer[] = [];
      try {
        // A full-size chunk that is the blob's last is opened in flush, where its end is certain.
        while (all.length >= sealedChunk && (index < opts.lastChunk || all.length > sealedChunk)) {
          if (index > opts.lastChunk) throw new Error('Blob has more chunks than its size says');
          emit(opened, openChunk(key, index, all.subarray(0, sealedChunk), false));
          index++;
          all = all.subarray(sealedChunk);
        }
      } catch (err) {
        send(this, opened);
        return done(err as Error);
      }
      send(this, opened);
      pending = all.length ? [all] : [];
      pendingLength = all.length;
      done();
    },
    flush(done: TransformCallback) {
      try {
        if (index !== opts.lastChunk) throw new Error('Blob is truncated');
        const opened: Buffer[] = [];
        emit(opened, openChunk(key, index, Buffer.concat(pending), opts.endsBlob));
        send(this, opened);
        done();
      } catch (err) {
        done(err as Error);
      }
    },
  });
}

/** Which sealed bytes to read for plaintext range [start, end] (inclusive) of a blob of `size` bytes. */
export function sealedRange(size: number, start: number, end: number) {
  const lastChunk = lastChunkIndex(size);
  const firstChunk = Math.floor(start / CHUNK_SIZE);
  const endChunk = Math.floor(end / CHUNK_SIZE);
  const from = HEADER_SIZE + firstChunk * SEALED_CHUNK;
  const to = Math.min(sealedSize(size), HEADER_SIZE + (endChunk + 1) * SEALED_CHUNK) - 1;
  return { from, to, firstChunk, lastChunk: endChunk, endsBlob: endChunk === lastChunk, skip: start - firstChunk * CHUNK_SIZE,
    take: end - start + 1 };
}
