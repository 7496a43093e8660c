import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRange } from './routes.ts';
import { matchesMediaType } from './sniff.ts';

test('a file is accepted only when its first bytes are what its declared type says', () => {
  assert.equal(matchesMediaType(Buffer.from('%PDF-1.7\n...'), 'application/pdf'), true);
  assert.equal(matchesMediaType(Buffer.from('<html><script>'), 'application/pdf'), false, 'a web page named .pdf');
  assert.equal(matchesMediaType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'image/jpeg'), true);
  assert.equal(matchesMediaType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'image/png'), true);
  assert.equal(matchesMediaType(Buffer.from([0xff, 0xd8, 0xff]), 'image/png'), false, 'a JPEG declared as PNG');
  const dicom = Buffer.alloc(200);
  dicom.write('DICM', 128, 'latin1');
  assert.equal(matchesMediaType(dicom, 'application/dicom'), true);
  assert.equal(matchesMediaType(Buffer.alloc(200), 'application/dicom'), false);
  assert.equal(matchesMediaType(Buffer.from('Гемоглобин;132;г/л\n', 'utf8'), 'text/csv'), true);
  assert.equal(matchesMediaType(Buffer.from([0x41, 0x00, 0x42]), 'text/plain'), false, 'binary is not text');
  // A Cyrillic letter cut by the end of the sample is still text.
  assert.equal(matchesMediaType(Buffer.from('Иванов', 'utf8').subarray(0, 5), 'text/plain'), true);
});

test('byte ranges: a single range, open-ended or suffix; anything else is served whole', () => {
  assert.deepEqual(parseRange('bytes=0-99', 1000), { start: 0, end: 99 });
  assert.deepEqual(parseRange('bytes=900-', 1000), { start: 900, end: 999 });
  assert.deepEqual(parseRange('bytes=-100', 1000), { start: 900, end: 999 });
  assert.equal(parseRange('bytes=0-1,5-6', 1000), null);
  assert.equal(parseRange(undefined, 1000), null);
  assert.equal(parseRange('items=0-1', 1000), null);
});
