import fs from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { StagingCipher } from './staging-cipher.ts';

/** Bytes gathered from the socket before one write to the staging file. */
const WRITE_BYTES = 1024 * 1024;

export class TooLarge extends Error {}

/**
 * Appends a PATCH body to an upload's staging file at `offset`, and returns the new end. The
 * socket's chunks (64 KB each) are gathered into writes of about 1 MB, and one write is under way
 * while the next megabyte is read, so the disk and the network work at once. (A file write stream
 * writes each chunk on its own and pauses the socket until it is done: half the speed on a big file.)
 *
 * What arrived before an error (a dropped link) is still written, so the upload's offset — the
 * file's size, as tus's file store reports it — covers every byte received and the client resumes
 * from there. Nothing beyond `room` bytes is written: the body is refused with TooLarge instead.
 * With a cipher, the bytes are encrypted for their place in the file before they are written.
 */
export async function appendToStaging(file: string, body: Readable, offset: number, room: number,
  cipher: StagingCipher | null): Promise<number> {
  const seal = cipher ? cipher.from(offset) : null;
  const handle = await fs.open(file, 'r+');
  let position = offset;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let writing: Promise<unknown> = Promise.resolve();
  const flush = async () => {
    await writing;
    if (pendingBytes === 0) return;
    const buffers = pending;
    const at = position;
    position += pendingBytes;
    pending = [];
    pendingBytes = 0;
    writing = handle.writev(buffers, at);
  };
  try {
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        if (position + pendingBytes + chunk.length - offset > room) throw new TooLarge();
        pending.push(seal ? seal(chunk) : chunk);
        pendingBytes += chunk.length;
        if (pendingBytes >= WRITE_BYTES) await flush();
      }
    } finally {
      // The bytes received so far are kept, whether the body ended or broke off.
      await flush();
      await writing;
    }
    return position;
  } finally {
    await handle.close();
  }
}
