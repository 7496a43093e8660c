import type { ReportTable } from '@telemed/contracts';

/** A field quoted only when it must be (RFC 4180): commas, quotes, line breaks, or leading/trailing spaces. */
function field(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  // A leading =, +, - or @ would be run as a formula by spreadsheet programs.
  const safe = /^[=+\-@]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The report as CSV with a byte-order mark, so Excel opens Cyrillic and Kazakh letters as UTF-8. */
export function reportToCsv(t: ReportTable): string {
  const lines = [[t.rowHeading, ...t.columns.map((c) => c.label)], ...t.rows.map((r) => [r.label, ...r.cells])];
  return `\uFEFF${lines.map((l) => l.map(field).join(',')).join('\r\n')}\r\n`;
}

/**
 * A streaming RFC 4180 parser: feed it chunks of text, it calls back with each record and its line
 * number. Quoted fields may hold commas, doubled quotes and line breaks; CRLF and LF both end a record.
 */
export class CsvParser {
  #field = '';
  #record: string[] = [];
  #inQuotes = false;
  #quoteSeen = false;
  #line = 1;
  #recordLine = 1;
  #onRecord: (fields: string[], line: number) => void;

  constructor(onRecord: (fields: string[], line: number) => void) {
    this.#onRecord = onRecord;
  }

  push(chunk: string): void {
    let i = 0;
    if (this.#line === 1 && this.#record.length === 0 && this.#field === '' && chunk.charCodeAt(0) === 0xfeff) i = 1;
    const n = chunk.length;
    let start = i;
    for (; i < n; i++) {
      const ch = chunk.charCodeAt(i);
      if (this.#inQuotes) {
        if (ch === 34) {
          this.#field += chunk.slice(start, i);
          this.#inQuotes = false;
          this.#quoteSeen = true;
          start = i + 1;
        } else if (ch === 10) this.#line++;
        continue;
      }
      if (ch === 34) {
        // A quote right after a closing quote is an escaped quote inside the field.
        this.#field += chunk.slice(start, i) + (this.#quoteSeen ? '"' : '');
        this.#inQuotes = true;
        start = i + 1;
      } else if (ch === 44) {
        this.#field += chunk.slice(start, i);
        this.#endField();
        start = i + 1;
      } else if (ch === 10 || ch === 13) {
        this.#field += chunk.slice(start, i);
        if (ch === 13 && chunk.charCodeAt(i + 1) === 10) i++;
        else if (ch === 10 && this.#pendingCr) { this.#pendingCr = false; start = i + 1; continue; }
        this.#pendingCr = ch === 13 && i + 1 >= n;
        this.#endRecord();
        this.#line++;
        start = i + 1;
      } else {
        this.#quoteSeen = false;
      }
    }
    this.#field += chunk.slice(start, n);
  }

  #pendingCr = false;

  /** Ends the input: a last record without a line break is still a record. */
  end(): void {
    if (this.#field !== '' || this.#record.length > 0 || this.#quoteSeen) this.#endRecord();
  }

  #endField(): void {
    this.#record.push(this.#field);
    this.#field = '';
    this.#quoteSeen = false;
  }

  #endRecord(): void {
    this.#endField();
    const rec = this.#record;
    this.#record = [];
    // Blank lines are not records.
    if (!(rec.length === 1 && rec[0] === '')) this.#onRecord(rec, this.#recordLine);
    this.#recordLine = this.#line + 1;
  }
}

/** Parses a whole text (tests and small files). */
export function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  const p = new CsvParser((r) => out.push(r));
  p.push(text);
  p.end();
  return out;
}
