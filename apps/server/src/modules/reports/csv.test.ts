import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsvParser, parseCsv, reportToCsv } from './csv.ts';

test('RFC 4180: quoted commas, doubled quotes, line breaks inside quotes, CRLF and a last line without a break', () => {
  assert.deepEqual(parseCsv('a,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n1,,3'), [
    ['a', 'b', 'c'], ['x, y', 'say "hi"', 'two\nlines'], ['1', '', '3'],
  ]);
});

test('a byte-order mark is dropped, blank lines skipped, and record line numbers follow the file', () => {
  const seen: [string[], number][] = [];
  const p = new CsvParser((r, line) => seen.push([r, line]));
  p.push('\uFEFFh1,h2\n\nШалқар,"Ә\n');
  p.push('Ғ"\r');
  p.push('\nlast,row');
  p.end();
  assert.deepEqual(seen, [[['h1', 'h2'], 1], [['Шалқар', 'Ә\nҒ'], 3], [['last', 'row'], 5]]);
});

test('any split of the input into chunks gives the same records', () => {
  const text = 'a,"b,""c"""\r\n"d\r\ne",f\n';
  const whole = parseCsv(text);
  for (let cut = 1; cut < text.length; cut++) {
    const out: string[][] = [];
    const p = new CsvParser((r) => out.push(r));
    p.push(text.slice(0, cut));
    p.push(text.slice(cut));
    p.end();
    assert.deepEqual(out, whole, `cut at ${cut}`);
  }
});

test('the CSV export starts with a BOM, quotes what needs it and defuses formulas', () => {
  const csv = reportToCsv({ report: 'facility', title: 't', subtitle: 's', rowHeading: 'Ұйым', columns: [{ key: 'a', label: '2025' }],
    rows: [{ key: 'x', label: '=cmd, "x"', kind: 'item', cells: [3] }] });
  assert.equal(csv, '\uFEFFҰйым,2025\r\n"\'=cmd, ""x""",3\r\n');
  assert.deepEqual(parseCsv(csv), [['Ұйым', '2025'], ["'=cmd, \"x\"", '3']]);
});
