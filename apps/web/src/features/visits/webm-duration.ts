/**
 * A browser's MediaRecorder writes WebM as it goes, so the file never says how long it is: players
 * then show no length and cannot seek until they have read it all. This writes the Duration into
 * the segment's Info element (EBML, Matroska §Info), which sits in the first bytes of the file.
 */

const EBML = 0x1a45dfa3;
const SEGMENT = 0x18538067;
const INFO = 0x1549a966;
const SEEK_HEAD = 0x114d9b74;
const CUES = 0x1c53bb6b;
const CLUSTER = 0x1f43b675;
const TIMESTAMP_SCALE = 0x2ad7b1;
const DURATION = 0x4489;

export interface Element {
  id: number;
  /** Where the element starts, its content starts and ends (end null: size unknown). */
  start: number;
  dataStart: number;
  end: number | null;
  sizeLength: number;
}

function vintLength(first: number): number {
  for (let len = 1; len <= 8; len++) if (first & (0x80 >> (len - 1))) return len;
  return 0;
}

/** Reads one element header at `pos`; null when the bytes run out or are not EBML. */
export function readElement(buf: Uint8Array, pos: number): Element | null {
  if (pos >= buf.length) return null;
  const idLen = vintLength(buf[pos]!);
  if (idLen === 0 || idLen > 4 || pos + idLen >= buf.length) return null;
  let id = 0;
  for (let i = 0; i < idLen; i++) id = id * 256 + buf[pos + i]!;
  const sizePos = pos + idLen;
  const sizeLength = vintLength(buf[sizePos]!);
  if (sizeLength === 0 || sizePos + sizeLength > buf.length) return null;
  let size = buf[sizePos]! & (0xff >> sizeLength);
  let unknown = size === 0xff >> sizeLength;
  for (let i = 1; i < sizeLength; i++) {
    const b = buf[sizePos + i]!;
    size = size * 256 + b;
    unknown &&= b === 0xff;
  }
  const dataStart = sizePos + sizeLength;
  return { id, start: pos, dataStart, end: unknown ? null : dataStart + size, sizeLength };
}

function readUint(buf: Uint8Array, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) v = v * 256 + buf[i]!;
  return v;
}

/** An 8-byte size: any value a head can have fits, whatever the size was written with before. */
function size8(n: number): Uint8Array {
  const out = new Uint8Array(8);
  out[0] = 0x01;
  let v = n;
  for (let i = 7; i >= 1; i--) {
    out[i] = v % 256;
    v = Math.floor(v / 256);
  }
  return out;
}

/**
 * The file's first bytes with the Duration set: `head` replaces the first `replaced` bytes. Null
 * when the head is not a WebM whose Info can safely be changed (the file is then kept as it is).
 */
export function patchDuration(buf: Uint8Array, durationMs: number): { head: Uint8Array; replaced: number } | null {
  const header = readElement(buf, 0);
  if (!header || header.id !== EBML || header.end === null) return null;
  const segment = readElement(buf, header.end);
  if (!segment || segment.id !== SEGMENT) return null;
  let pos = segment.dataStart;
  for (;;) {
    const el = readElement(buf, pos);
    // Positions recorded before Info would move: leave such a file alone.
    if (!el || el.end === null || el.id === CLUSTER || el.id === SEEK_HEAD || el.id === CUES || el.end > buf.length) return null;
    if (el.id !== INFO) {
      pos = el.end;
      continue;
    }
    let scale = 1_000_000;
    let existing: Element | null = null;
    for (let p = el.dataStart; p < el.end;) {
      const child = readElement(buf, p);
      if (!child || child.end === null || child.end > el.end) return null;
      if (child.id === TIMESTAMP_SCALE) scale = readUint(buf, child.dataStart, child.end) || scale;
      if (child.id === DURATION) existing = child;
      p = child.end;
    }
    const value = (durationMs * 1_000_000) / scale;
    if (existing) {
      const out = buf.slice(0, el.end);
      const view = new DataView(out.buffer);
      if (existing.end! - existing.dataStart === 8) view.setFloat64(existing.dataStart, value);
      else if (existing.end! - existing.dataStart === 4) view.setFloat32(existing.dataStart, value);
      else return null;
      return { head: out, replaced: el.end };
    }
    const duration = new Uint8Array(11);
    duration.set([0x44, 0x89, 0x88]);
    new DataView(duration.buffer).setFloat64(3, value);
    const content = buf.subarray(el.dataStart, el.end);
    const infoId = buf.subarray(el.start, el.start + 4);
    const newInfo = new Uint8Array(4 + 8 + content.length + duration.length);
    newInfo.set(infoId, 0);
    newInfo.set(size8(content.length + duration.length), 4);
    newInfo.set(content, 12);
    newInfo.set(duration, 12 + content.length);
    const before = buf.slice(0, el.start);
    if (segment.end !== null) {
      // A segment of known size grows with its Info: rewritten in the same number of bytes, or not at all.
      const grown = segment.end - segment.dataStart + (newInfo.length - (el.end - el.start));
      if (grown >= 2 ** (7 * segment.sizeLength) - 1) return null;
      let v = grown;
      for (let i = segment.sizeLength - 1; i >= 0; i--) {
        before[segment.dataStart - segment.sizeLength + i] = v % 256;
        v = Math.floor(v / 256);
      }
      before[segment.dataStart - segment.sizeLength] = before[segment.dataStart - segment.sizeLength]! | (0x80 >> (segment.sizeLength - 1));
    }
    const out = new Uint8Array(before.length + newInfo.length);
    out.set(before, 0);
    out.set(newInfo, before.length);
    return { head: out, replaced: el.end };
  }
}

/** The recording with its length written in, ready to upload. */
export async function withDuration(blob: Blob, durationMs: number): Promise<Blob> {
  const head = new Uint8Array(await blob.slice(0, 64 * 1024).arrayBuffer());
  const patched = patchDuration(head, durationMs);
  if (!patched) return blob;
  return new Blob([patched.head as BlobPart, blob.slice(patched.replaced)], { type: blob.type });
}
