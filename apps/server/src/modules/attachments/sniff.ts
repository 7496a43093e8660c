import type { AttachmentMediaType } from '@telemed/contracts';

/** Bytes the sniffer reads: enough for every signature below (DICOM's sits at 128). */
export const SNIFF_BYTES = 4096;

const startsWith = (head: Buffer, sig: number[] | string, at = 0) => {
  const bytes = typeof sig === 'string' ? Buffer.from(sig, 'latin1') : Buffer.from(sig);
  return head.length >= at + bytes.length && head.subarray(at, at + bytes.length).equals(bytes);
};

function looksLikeText(head: Buffer): boolean {
  if (head.includes(0)) return false;
  // A multi-byte character may be cut at the end of the sample; up to three bytes are left out.
  for (let cut = 0; cut <= 3 && cut < head.length + 1; cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, head.length - cut));
      return true;
    } catch { /* try a shorter sample */ }
  }
  return false;
}

/**
 * Whether a file's first bytes are what its declared type says. The client's claim alone is never
 * trusted: a page of HTML named `scan.pdf` must not be served back as a document.
 */
export function matchesMediaType(head: Buffer, type: AttachmentMediaType): boolean {
  switch (type) {
    case 'application/pdf': return startsWith(head, '%PDF-');
    case 'image/jpeg': return startsWith(head, [0xff, 0xd8, 0xff]);
    case 'image/png': return startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case 'image/webp': return startsWith(head, 'RIFF') && startsWith(head, 'WEBP', 8);
    case 'image/gif': return startsWith(head, 'GIF87a') || startsWith(head, 'GIF89a');
    case 'image/tiff': return startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a]);
    case 'application/dicom': return startsWith(head, 'DICM', 128);
    case 'text/plain':
    case 'text/csv': return looksLikeText(head);
    default: return false;
  }
}
