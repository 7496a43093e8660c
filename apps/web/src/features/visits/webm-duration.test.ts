import { test } from 'node:test';
import assert from 'node:assert/strict';
import { patchDuration, readElement, withDuration } from './webm-duration.ts';

const bytes = (...parts: (number[] | Uint8Array)[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
const text = (s: string) => [...Buffer.from(s)];

/** The head of a file as Chrome's MediaRecorder writes it: EBML header, a segment of unknown size, Info without a Duration, Tracks, a cluster. */
function chromeLike(opts: { segmentSize?: number[] } = {}): Uint8Array {
  const ebml = bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0xf7, 0x81, 0x01, 0x42, 0xf2, 0x81, 0x04, 0x42, 0xf3, 0x81, 0x08,
    0x42, 0x82, 0x84], text('webm'), [0x42, 0x87, 0x81, 0x04, 0x42, 0x85, 0x81, 0x02]);
  const infoContent = bytes([0x2a, 0xd7, 0xb1, 0x83, 0x0f, 0x42, 0x40], [0x4d, 0x80, 0x86], text('Chrome'), [0x57, 0x41, 0x86], text('Chrome'));
  const info = bytes([0x15, 0x49, 0xa9, 0x66, 0x80 | infoContent.length], infoContent);
  const tracks = bytes([0x16, 0x54, 0xae, 0x6b, 0x83, 0xae, 0x81, 0x00]);
  const cluster = bytes([0x1f, 0x43, 0xb6, 0x75, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xe7, 0x81, 0x00]);
  const segmentSize = opts.segmentSize ?? [0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
  return bytes(ebml, [0x18, 0x53, 0x80, 0x67], segmentSize, info, tracks, cluster);
}

/** The Duration in the file's Info, in milliseconds (TimestampScale 1 ms), or null. */
function durationOf(buf: Uint8Array): number | null {
  const segment = readElement(buf, readElement(buf, 0)!.end!)!;
  const info = readElement(buf, segment.dataStart)!;
  for (let p = info.dataStart; p < info.end!;) {
    const el = readElement(buf, p)!;
    if (el.id === 0x4489) return new DataView(buf.buffer, buf.byteOffset).getFloat64(el.dataStart);
    p = el.end!;
  }
  return null;
}

test('a recording gets its length written in, and what follows the header is unchanged', async () => {
  const original = chromeLike();
  assert.equal(durationOf(original), null);
  const patched = new Uint8Array(await (await withDuration(new Blob([original as BlobPart]), 4250)).arrayBuffer());
  assert.equal(durationOf(patched), 4250);
  // Tracks and the cluster follow the new Info byte for byte.
  const tail = original.subarray(original.length - 23);
  assert.deepEqual(patched.subarray(patched.length - 23), tail);
  // Written twice, the second value replaces the first.
  assert.equal(durationOf(patchDuration(patched, 900)!.head), 900);
});

test('a segment of known size grows with its Info; a file that is not WebM is left alone', () => {
  const original = chromeLike({ segmentSize: [0x40, 0x40] });
  const segmentBefore = readElement(original, readElement(original, 0)!.end!)!;
  const out = patchDuration(original, 1000)!;
  const full = bytes(out.head, original.subarray(out.replaced));
  const segment = readElement(full, readElement(full, 0)!.end!)!;
  assert.equal(segment.end! - segment.dataStart, segmentBefore.end! - segmentBefore.dataStart + (full.length - original.length));
  assert.equal(durationOf(full), 1000);
  assert.equal(patchDuration(Uint8Array.from(Buffer.from('%PDF-1.4 not a video')), 1000), null);
});
