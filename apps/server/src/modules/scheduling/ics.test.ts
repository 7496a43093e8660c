import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeText, foldLine, formatUtc, serializeIcs } from './ics.ts';

const event = {
  method: 'REQUEST' as const, uid: 'a1b2@telemed.network', sequence: 2, stamp: new Date('2026-05-01T10:00:00.123Z'),
  start: new Date('2026-05-04T04:00:00Z'), end: new Date('2026-05-04T04:30:00Z'), summary: 'Видеоприём, кардиология; врач',
  location: 'Ақтөбе облыстық телемедициналық орталығы', organizer: { name: 'Қасымов, Марат', email: 'cardiologist@demo.telemed' },
  attendees: [{ name: 'Серік "Бек"', email: 'patient@demo.telemed' }],
};

test('UTC times without fractions', () => {
  assert.equal(formatUtc(new Date('2026-05-04T04:00:00.999Z')), '20260504T040000Z');
});

test('text escaping of backslash, semicolon, comma and line breaks', () => {
  assert.equal(escapeText('a\\b;c,d\ne\r\nf'), 'a\\\\b\\;c\\,d\\ne\\nf');
});

test('folding keeps every line within 75 octets and never splits a Cyrillic character', () => {
  const line = `SUMMARY:${'Кардиология жүрек-қан тамыр аурулары '.repeat(6)}`;
  const folded = foldLine(line);
  const physical = folded.split('\r\n');
  assert.ok(physical.length > 3);
  for (const [i, l] of physical.entries()) {
    assert.ok(Buffer.byteLength(l) <= 75, `line ${i} has ${Buffer.byteLength(l)} octets`);
    if (i > 0) assert.equal(l[0], ' ');
    // A split character would decode as U+FFFD.
    assert.ok(!Buffer.from(l, 'utf8').toString('utf8').includes('\uFFFD'));
  }
  // Unfolding (remove CRLF + one space) gives the line back.
  assert.equal(folded.replace(/\r\n /g, ''), line);
  assert.equal(foldLine('SHORT:x'), 'SHORT:x');
});

test('an invitation: REQUEST with UID, SEQUENCE, UTC DTSTART/DTEND, CRLF endings, quoted names', () => {
  const ics = serializeIcs(event);
  assert.ok(ics.endsWith('END:VCALENDAR\r\n'));
  assert.ok(!/[^\r]\n/.test(ics), 'every line ends with CRLF');
  const unfolded = ics.replace(/\r\n /g, '').split('\r\n');
  for (const expected of ['METHOD:REQUEST', 'UID:a1b2@telemed.network', 'SEQUENCE:2', 'DTSTAMP:20260501T100000Z', 'DTSTART:20260504T040000Z',
    'DTEND:20260504T043000Z', 'SUMMARY:Видеоприём\\, кардиология\\; врач', 'STATUS:CONFIRMED',
    'ORGANIZER;CN="Қасымов, Марат":mailto:cardiologist@demo.telemed',
    'ATTENDEE;CN="Серік Бек";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:mailto:patient@demo.telemed']) {
    assert.ok(unfolded.includes(expected), `has ${expected}`);
  }
  assert.ok(ics.split('\r\n').every((l) => Buffer.byteLength(l) <= 75));
});

test('a cancellation: METHOD:CANCEL and STATUS:CANCELLED', () => {
  const ics = serializeIcs({ ...event, method: 'CANCEL', sequence: 3 });
  assert.match(ics, /\r\nMETHOD:CANCEL\r\n/);
  assert.match(ics, /\r\nSTATUS:CANCELLED\r\n/);
  assert.match(ics, /\r\nSEQUENCE:3\r\n/);
});
