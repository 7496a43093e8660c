import zlib from 'node:zlib';

/**
 * The text a PDF written by pdfkit shows, in reading order of its content streams: glyph codes are
 * mapped back through each embedded font's ToUnicode table, so the test reads what a reader's copy
 * and paste (or a screen reader) would get, not the string that was passed in.
 */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const objects = new Map<string, { dict: string; stream: string | null }>();
  for (const m of raw.matchAll(/(\d+) 0 obj([\s\S]*?)endobj/g)) {
    const body = m[2];
    const s = body.indexOf('stream');
    let stream: string | null = null;
    if (s >= 0) {
      const start = body[s + 6] === '\r' ? s + 8 : s + 7;
      const data = Buffer.from(body.slice(start, body.lastIndexOf('endstream')), 'latin1');
      const dict = body.slice(0, s);
      stream = (dict.includes('/FlateDecode') ? zlib.inflateSync(data) : data).toString('latin1');
    }
    objects.set(m[1], { dict: s >= 0 ? body.slice(0, s) : body, stream });
  }
  const cmapOf = (fontId: string): Map<number, string> => {
    const map = new Map<number, string>();
    const ref = objects.get(fontId)?.dict.match(/\/ToUnicode (\d+) 0 R/);
    const cmap = ref ? objects.get(ref[1])?.stream ?? '' : '';
    for (const r of cmap.matchAll(/<([0-9a-f]+)> <([0-9a-f]+)> \[([^\]]*)\]/gi)) {
      const first = parseInt(r[1], 16);
      [...r[3].matchAll(/<([0-9a-f ]+)>/gi)].forEach((e, i) => {
        map.set(first + i, String.fromCharCode(...e[1].split(' ').map((h) => parseInt(h, 16))));
      });
    }
    return map;
  };
  const fonts = new Map<string, Map<number, string>>();
  for (const o of objects.values()) {
    for (const f of o.dict.matchAll(/\/(F\d+) (\d+) 0 R/g)) if (!fonts.has(f[1])) fonts.set(f[1], cmapOf(f[2]));
  }
  let text = '';
  for (const o of objects.values()) {
    if (!o.stream || !o.stream.includes('BT')) continue;
    let font = new Map<number, string>();
    for (const t of o.stream.matchAll(/\/(F\d+) [\d.]+ Tf|\[((?:<[0-9a-f]*>|[^\]])*)\] TJ|(ET)/gi)) {
      if (t[1]) font = fonts.get(t[1]) ?? new Map();
      else if (t[3]) text += '\n';
      else {
        for (const h of t[2].matchAll(/<([0-9a-f]*)>/gi)) {
          for (let i = 0; i < h[1].length; i += 4) text += font.get(parseInt(h[1].slice(i, i + 4), 16)) ?? '\uFFFD';
        }
      }
    }
  }
  return text;
}
