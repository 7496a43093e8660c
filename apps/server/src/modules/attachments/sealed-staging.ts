import fs from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import type { Hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import {
  blobHeader, CHUNK_SIZE, chunkCipher, createOpenStream, HEADER_SIZE, lastChunkIndex, SEALED_CHUNK, sealChunk, sealedSize,
} from '../../platform/blob-crypto.ts';
import type { StagingCipher } from './staging-cipher.ts';
import { TooLarge } from './staging-write.ts';

/**
 * An upload staged as the blob it becomes. The PATCH seals each 64 KB chunk with the blob's own
 * data key as it arrives (AES-256-GCM, the blob store's layout, platform/blob-crypto.ts) and the
 * server hashes the plaintext on the way, so the commit has nothing left to read or write: it checks
 * the SHA-256, and the file store links the staging file into place.
 *
 * A chunk is sealed once, when its last byte arrives: a nonce is never used for two plaintexts. The
 * bytes of a chunk still incomplete when a PATCH ends (a dropped link, a client that sends in pieces)
 * wait in a tail file beside it, encrypted with the upload's staging keystream (staging-cipher.ts)
 * at their place in the upload, and are sealed with the rest of their chunk by the next PATCH. The
 * upload's offset is read from the two files: the sealed chunks, and the tail if it belongs to the
 * next chunk. Sealed chunks are written before the tail, so a crash between the two leaves an offset
 * that only goes back to a chunk boundary, and the client resends from there.
 */
export interface SealedStaging {
  /** The data key the blob is sealed with (wrapped into the blob's row at commit). */
  key: Buffer;
  /** The keystream the tail's bytes are encrypted with. */
  tail: StagingCipher;
}

/** The running SHA-256 of an upload's plaintext, and how many bytes it covers. */
export interface RunningHash {
  hash: Hash;
  offset: number;
}

/** Where the bytes of the chunk in progress wait: `<upload>.tail`, its chunk's index (8 bytes) then the bytes. */
export const tailOf = (file: string) => `${file}.tail`;
const TAIL_HEAD = 8;

/** Bytes gathered before one write to the staging file. */
const WRITE_BYTES = 1024 * 1024;

/** A new staging file: the blob's header, and for an empty file its one empty (last) chunk. */
export async function createSealedStaging(file: string, size: number, key: Buffer): Promise<void> {
  const out = [blobHeader()];
  if (size === 0) sealChunk(key, 0, Buffer.alloc(0), true, out);
  await fs.writeFile(file, Buffer.concat(out), { mode: 0o600 });
}

/** How many bytes of the tail file belong to chunk `index` (0 when it holds another chunk's, or is missing). */
async function tailLength(file: string, index: number): Promise<number> {
  const handle = await fs.open(tailOf(file), 'r').catch(() => null);
  if (!handle) return 0;
  try {
    const head = Buffer.alloc(TAIL_HEAD);
    const { bytesRead } = await handle.read(head, 0, TAIL_HEAD, 0);
    if (bytesRead < TAIL_HEAD || head.readBigUInt64BE(0) !== BigInt(index)) return 0;
    return Math.min(CHUNK_SIZE - 1, (await handle.stat()).size - TAIL_HEAD);
  } finally {
    await handle.close();
  }
}

/** The plaintext bytes of an upload of `size` that are staged: every sealed chunk, and the tail of the next. */
export async function sealedStagedOffset(file: string, size: number): Promise<number> {
  const stored = (await fs.stat(file)).size;
  if (stored === sealedSize(size)) return size;
  const chunks = Math.min(lastChunkIndex(size), Math.floor(Math.max(0, stored - HEADER_SIZE) / SEALED_CHUNK));
  return Math.min(size, chunks * CHUNK_SIZE + await tailLength(file, chunks));
}

/**
 * Appends a PATCH body at `offset` of an upload of `size` and returns the new offset. Whole chunks
 * are sealed and gathered into writes of about a megabyte, one under way while the next is sealed;
 * what arrived before an error (a dropped link) is kept, in sealed chunks and the tail, so the client
 * resumes from there. `hash`, when it covers exactly the bytes before `offset`, takes in every byte
 * received. A body longer than the upload is refused with TooLarge.
 */
export async function appendSealed(file: string, body: Readable, offset: number, size: number, staging: SealedStaging,
  hash: RunningHash | null): Promise<number> {
  const last = lastChunkIndex(size);
  let index = Math.floor(offset / CHUNK_SIZE);
  const firstIndex = index;
  const tailKept = offset - index * CHUNK_SIZE;
  const handle = await fs.open(file, 'r+');
  // A chunk cut off by a crash mid-write is not counted in the offset: it is written again.
  let at = HEADER_SIZE + index * SEALED_CHUNK;
  let plain = offset;
  // The chunk in progress: its cipher, its ciphertext so far (written once the chunk is whole), and
  // its plaintext so far (kept in the tail if the body ends first).
  let cipher: ReturnType<typeof chunkCipher> | null = null;
  let sealing: Buffer[] = [];
  let parts: Buffer[] = [];
  let filled = 0;
  let out: Buffer[] = [];
  let outBytes = 0;
  let writing: Promise<unknown> = Promise.resolve();
  const flush = async () => {
    await writing;
    if (outBytes === 0) return;
    const buffers = out;
    const position = at;
    at += outBytes;
    out = [];
    outBytes = 0;
    writing = handle.writev(buffers, position);
  };
  const take = (bytes: Buffer) => {
    cipher ??= chunkCipher(staging.key, index, index === last);
    sealing.push(cipher.update(bytes));
    parts.push(bytes);
    filled += bytes.length;
    if (filled === CHUNK_SIZE || (index === last && index * CHUNK_SIZE + filled === size)) {
      sealing.push(cipher.final(), cipher.getAuthTag());
      for (const piece of sealing) {
        out.push(piece);
        outBytes += piece.length;
      }
      index++;
      cipher = null;
      sealing = [];
      parts = [];
      filled = 0;
    }
  };
  try {
    try {
      if (index > last || offset >= size) {
        for await (const chunk of body as AsyncIterable<Buffer>) if (chunk.length > 0) throw new TooLarge();
        return offset;
      }
      await handle.truncate(at);
      if (tailKept > 0) {
        const tailHandle = await fs.open(tailOf(file), 'r');
        try {
          const bytes = Buffer.alloc(tailKept);
          const { bytesRead } = await tailHandle.read(bytes, 0, tailKept, TAIL_HEAD);
          if (bytesRead !== tailKept) throw new Error('Staged tail is shorter than the upload offset');
          take(staging.tail.from(index * CHUNK_SIZE)(bytes));
        } finally {
          await tailHandle.close();
        }
      }
      for await (const chunk of body as AsyncIterable<Buffer>) {
        if (plain + chunk.length > size) throw new TooLarge();
        hash?.hash.update(chunk);
        if (hash) hash.offset += chunk.length;
        plain += chunk.length;
        let rest = chunk;
        while (rest.length > 0) {
          const room = CHUNK_SIZE - filled;
          if (rest.length <= room) {
            take(rest);
            break;
          }
          take(rest.subarray(0, room));
          rest = rest.subarray(room);
        }
        if (outBytes >= WRITE_BYTES) await flush();
      }
    } finally {
      // What arrived is kept, whether the body ended or broke off: the sealed chunks first, then the
      // tail. A chunk still in progress is never written sealed: the tail keeps its bytes.
      await flush();
      await writing;
      if (filled > 0) await writeTail(file, staging.tail, index, parts, index === firstIndex ? tailKept : 0);
    }
    return plain;
  } finally {
    await handle.close();
  }
}

/**
 * Keeps the plaintext of an incomplete chunk for the next PATCH: only the bytes the tail does not
 * hold yet are encrypted and appended (each place of the keystream is used once); a tail of an
 * earlier chunk is replaced.
 */
async function writeTail(file: string, cipher: StagingCipher, index: number, parts: Buffer[], kept: number): Promise<void> {
  const plain = parts.length === 1 ? parts[0] : Buffer.concat(parts);
  const fresh = plain.subarray(kept);
  const sealed = cipher.from(index * CHUNK_SIZE + kept)(fresh);
  if (kept > 0) {
    const handle = await fs.open(tailOf(file), 'r+');
    try {
      await handle.write(sealed, 0, sealed.length, TAIL_HEAD + kept);
    } finally {
      await handle.close();
    }
    return;
  }
  const head = Buffer.alloc(TAIL_HEAD);
  head.writeBigUInt64BE(BigInt(index));
  await fs.writeFile(tailOf(file), Buffer.concat([head, sealed]), { mode: 0o600 });
}

/** The plaintext of a complete sealed staging file; every chunk is authenticated on the way. */
export function readSealedStaged(file: string, key: Buffer, size: number): Readable {
  const raw = createReadStream(file, { start: HEADER_SIZE, highWaterMark: 1024 * 1024 });
  const opened = createOpenStream(key, { firstChunk: 0, lastChunk: lastChunkIndex(size), endsBlob: true });
  raw.on('error', (err) => opened.destroy(err));
  opened.once('close', () => raw.destroy());
  return raw.pipe(opened);
}

/** The first `length` bytes of a complete sealed staging file (its first chunk, authenticated). */
export async function readSealedStagedHead(file: string, key: Buffer, size: number, length: number): Promise<Buffer> {
  const lastOfHead = Math.min(lastChunkIndex(size), Math.floor(Math.max(0, length - 1) / CHUNK_SIZE));
  const end = Math.min(sealedSize(size), HEADER_SIZE + (lastOfHead + 1) * SEALED_CHUNK) - 1;
  const raw = createReadStream(file, { start: HEADER_SIZE, end });
  const opened = createOpenStream(key, { firstChunk: 0, lastChunk: lastOfHead, endsBlob: lastOfHead === lastChunkIndex(size),
    take: Math.min(length, size) });
  raw.on('error', (err) => opened.destroy(err));
  return buffer(raw.pipe(opened));
}
