import type { ReportTable } from '@telemed/contracts';
import { type Pdf, renderPdf } from '../../platform/pdf.ts';
import { reportToCsv } from './csv.ts';

export type ExportFormat = 'csv' | 'xlsx' | 'pdf';

export const EXPORT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

// Loaded on the first spreadsheet (~28 MB held otherwise from start-up).
let excel: Promise<typeof import('exceljs')> | null = null;

export async function reportToXlsx(t: ReportTable): Promise<Buffer> {
  excel ??= import('exceljs').then((m) => m.default ?? m);
  const ExcelJS = await excel;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Telemed Network';
  const ws = wb.addWorksheet(t.report);
  ws.addRow([t.title]).font = { bold: true, size: 13 };
  ws.addRow([t.subtitle]);
  ws.addRow([]);
  const head = ws.addRow([t.rowHeading, ...t.columns.map((c) => c.label)]);
  head.font = { bold: true };
  for (const r of t.rows) {
    const row = ws.addRow([r.label, ...r.cells]);
    if (r.kind !== 'item') row.font = { bold: true };
  }
  ws.getColumn(1).width = 48;
  for (let i = 2; i <= t.columns.length + 1; i++) ws.getColumn(i).width = 16;
  ws.views = [{ state: 'frozen', xSplit: 1, ySplit: 4 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function drawTable(doc: Pdf, t: ReportTable): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const firstWidth = Math.min(220, width * 0.4);
  const cellWidth = (width - firstWidth) / Math.max(1, t.columns.length);
  const fontSize = t.columns.length > 10 ? 6.5 : 8.5;
  const line = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'bold' : 'body').fontSize(fontSize);
    const heights = cells.map((c, i) => doc.heightOfString(c, { width: (i === 0 ? firstWidth : cellWidth) - 4 }));
    const h = Math.max(...heights) + 4;
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    cells.forEach((c, i) => {
      const x = i === 0 ? left : left + firstWidth + (i - 1) * cellWidth;
      doc.text(c, x + 2, y + 2, { width: (i === 0 ? firstWidth : cellWidth) - 4, align: i === 0 ? 'left' : 'right', lineBreak: true });
    });
    doc.moveTo(left, y + h).lineTo(left + width, y + h).lineWidth(0.3).stroke('#999999');
    doc.x = left;
    doc.y = y + h;
  };
  line([t.rowHeading, ...t.columns.map((c) => c.label)], true);
  for (const r of t.rows) line([r.label, ...r.cells.map((c) => (c === null ? '—' : String(c)))], r.kind !== 'item');
}

export function reportToPdf(t: ReportTable): Promise<Buffer> {
  return renderPdf({ title: t.title, layout: t.columns.length > 6 ? 'landscape' : 'portrait' }, (doc) => {
    doc.font('bold').fontSize(13).text(t.title);
    doc.font('body').fontSize(9).text(t.subtitle).moveDown(0.6);
    drawTable(doc, t);
  });
}

export async function exportReport(t: ReportTable, format: ExportFormat): Promise<Buffer> {
  if (format === 'csv') return Buffer.from(reportToCsv(t), 'utf8');
  if (format === 'xlsx') return reportToXlsx(t);
  return reportToPdf(t);
}
