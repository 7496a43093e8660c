import { createRequire } from 'node:module';
import path from 'node:path';
import type PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
// DejaVu Sans covers Cyrillic with the Kazakh letters (Ә Ғ Қ Ң Ө Ұ Ү Һ І) and Uzbek Latin (oʻ gʻ maʼ),
// which pdfkit's built-in Helvetica cannot print. pdfkit embeds only the glyphs a document uses.
const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
export const PDF_FONT = path.join(FONT_DIR, 'DejaVuSans.ttf');
export const PDF_FONT_BOLD = path.join(FONT_DIR, 'DejaVuSans-Bold.ttf');

export type Pdf = InstanceType<typeof PDFDocument>;

// Loaded on the first document: pdfkit and its font tables take ~25 MB a server would otherwise hold from start-up.
let pdfkit: Promise<typeof PDFDocument> | null = null;

/** A document with the network's font registered as "body" and "bold"; `draw` fills it, the bytes come back. */
export async function renderPdf(opts: { title: string; layout?: 'portrait' | 'landscape' }, draw: (doc: Pdf) => void): Promise<Buffer> {
  pdfkit ??= import('pdfkit').then((m) => m.default);
  const PDFKit = await pdfkit;
  const doc = new PDFKit({ size: 'A4', layout: opts.layout ?? 'portrait', margin: 40, info: { Title: opts.title, Producer: 'Telemed Network' } });
  doc.registerFont('body', PDF_FONT);
  doc.registerFont('bold', PDF_FONT_BOLD);
  doc.font('body');
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  draw(doc);
  doc.end();
  return done;
}
