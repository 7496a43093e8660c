import fs from 'node:fs';
import { createCipheriv } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { readSealedStaged, readSealedStagedHead } from './sealed-staging.ts';

/**
 * A keystream for staged bytes that tus may append at any offset: AES-256-CTR under a key of the
 * upload's own (derived from the configured key and the upload id, so nothing is stored beside it),
 * where the keystream at byte `n` depends only on `n`. Each byte position is written once (a PATCH
 * must start at the upload's end), so no keystream is ever reused. It encrypts the tail of a chunk
 * not yet sealed (sealed-staging.ts), and the whole staging file of an upload begun by an earlier
 * version. CTR has no tag: integrity comes from the SHA-256 the client declared, checked at commit,
 * and from the authenticated chunks of the blob (blob-crypto.ts).
 */
export interface StagingCipher {
  /** XORs bytes that start at `position` of the file, in order: seals plaintext and opens ciphertext alike. */
  from(position: number): (bytes: Buffer) => Buffer;
}

const BLOCK = 16;

export function stagingCipher(key: Buffer): StagingCipher {
  if (key.length !== 32) throw new Error('A staging key is 32 bytes');
  return {
    from(position) {
      if (!Number.isSafeInteger(position) || position < 0) throw new Error('Invalid staging position');
      const counter = Buffer.alloc(BLOCK);
      counter.writeBigUInt64BE(BigInt(Math.floor(position / BLOCK)), 8);
      const cipher = createCipheriv('aes-256-ctr', key, counter);
      const into = position % BLOCK;
      if (into > 0) cipher.update(Buffer.alloc(into));
      return (bytes) => cipher.update(bytes);
    },
  };
}

/**
 * A staged upload as its readers need it: the file, and how it is encrypted. `sealed`: staged as
 * the blob it becomes (sealed-staging.ts), under that data key; else `cipher`: AES-256-CTR as
 * described above (an upload begun by an earlier version), or null: plaintext (earlier still).
 */
export interface StagedFile {
  file: string;
  cipher: StagingCipher | null;
  sealed?: { key: Buffer; size: number } | null;
}

/** The staged file's plaintext, read a megabyte at a time. */
export function readStaged(staged: StagedFile): Readable {
  if (staged.sealed) return readSealedStaged(staged.file, staged.sealed.key, staged.sealed.size);
  const raw = fs.createReadStream(staged.file, { highWaterMark: 1024 * 1024 });
  if (!staged.cipher) return raw;
  const open = staged.cipher.from(0);
  const plain = new Transform({ transform: (chunk: Buffer, _enc, done) => done(null, open(chunk)) });
  raw.on('error', (err) => plain.destroy(err));
  plain.once('close', () => raw.destroy());
  return raw.pipe(plain);
}

/** The first `length` bytes of the staged file's plaintext (fewer if it is shorter): what type sniffing reads. */
export async function readStagedHead(staged: StagedFile, length: number): Promise<Buffer> {
  if (staged.sealed) return readSealedStagedHead(staged.file, staged.sealed.key, staged.sealed.size, length);
  const handle = await fs.promises.open(staged.file, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buf, 0, length, 0);
    const head = buf.subarray(0, bytesRead);
    return staged.cipher ? staged.cipher.from(0)(head) : head;
  } finally {
    await handle.close();
  }
}
