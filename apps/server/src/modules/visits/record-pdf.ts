import type { Language } from '@telemed/contracts';
import type { Deps, RequestMeta } from '../../platform/deps.ts';
import { renderPdf } from '../../platform/pdf.ts';
import type { Caller } from './access.ts';
import { getVisitSummary } from './record.ts';

const L = {
  title: { en: 'Summary of your video visit', ru: 'Итоги видеоприёма', kk: 'Бейнеқабылдау қорытындысы', uz: 'Video qabul xulosasi' },
  doctor: { en: 'Doctor', ru: 'Врач', kk: 'Дәрігер', uz: 'Shifokor' },
  signedAt: { en: 'Signed', ru: 'Подписано', kk: 'Қол қойылды', uz: 'Imzolangan' },
  summary: { en: 'What we found and what to do', ru: 'Что мы выяснили и что делать', kk: 'Не анықталды және не істеу керек', uz: 'Nima aniqlandi va nima qilish kerak' },
  prescriptions: { en: 'Prescriptions', ru: 'Назначения', kk: 'Тағайындаулар', uz: 'Tayinlovlar' },
  followUp: { en: 'Follow-up', ru: 'Дальнейшее наблюдение', kk: 'Бақылау', uz: 'Kuzatuv' },
} satisfies Record<string, Record<Language, string>>;

/** The patient's summary as a PDF in the language it was written in (the patient's), read through the same check as the summary. */
export async function visitSummaryPdf(deps: Deps, caller: Caller, visitId: string, meta: RequestMeta): Promise<Buffer> {
  const s = await getVisitSummary(deps, caller, visitId, meta, 'visit.summary.pdf');
  const lang = s.language;
  const locale = { en: 'en-GB', ru: 'ru-RU', kk: 'kk-KZ', uz: 'uz-Latn-UZ' }[lang];
  return renderPdf({ title: L.title[lang] }, (doc) => {
    doc.font('bold').fontSize(15).text(L.title[lang]).moveDown(0.5);
    doc.font('bold').fontSize(10).text(`${L.doctor[lang]}: `, { continued: true }).font('body').text(s.clinicianName);
    doc.font('bold').text(`${L.signedAt[lang]}: `, { continued: true }).font('body')
      .text(new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(s.signedAt)) + ' UTC');
    doc.moveDown(0.5).font('bold').fontSize(11).text(L.summary[lang]).font('body').fontSize(10).text(s.summary);
    if (s.prescriptions.length > 0) {
      doc.moveDown(0.5).font('bold').fontSize(11).text(L.prescriptions[lang]).font('body').fontSize(10);
      for (const p of s.prescriptions) {
        doc.text(`• ${[p.medicine, p.dose, p.route, p.frequency, p.duration].filter(Boolean).join(', ')}${p.instructions ? ` — ${p.instructions}` : ''}`);
      }
    }
    if (s.followUp) doc.moveDown(0.5).font('bold').fontSize(11).text(L.followUp[lang]).font('body').fontSize(10).text(s.followUp);
  });
}
