import pg from 'pg';

/**
 * For lists of many rows: a query that selects `ts AT TIME ZONE 'UTC'` and passes this as its
 * `types` gets the UTC text PostgreSQL writes (DateStyle ISO, the default) instead of a Date built
 * by a regular expression per value, which was the largest single cost of reading a queue page.
 */
export const UTC_TEXT_TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.TIMESTAMP ? (v: string) => v : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/**
 * 'YYYY-MM-DD HH:MM:SS[.ffffff]' (UTC) as Date.prototype.toISOString() writes the same instant:
 * milliseconds, the rest of the fraction dropped (as a Date built from the value would).
 */
const parseTimestamptz = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ, 'text');

export function utcTextToIso(text: string): string;
export function utcTextToIso(text: string | null): string | null;
export function utcTextToIso(text: string | null): string | null {
  if (text === null) return null;
  if (text.length < 19 || text.length > 26 || text.charCodeAt(4) !== 45 || text.charCodeAt(10) !== 32) {
    // Years past 9999 or before year 1 (" BC"): the driver's own parser, as for any timestamp.
    return (parseTimestamptz(`${text}+00`) as Date).toISOString();
  }
  const ms = text.length > 20 ? text.slice(20, 23).padEnd(3, '0') : '000';
  return `${text.slice(0, 10)}T${text.slice(11, 19)}.${ms}Z`;
}
