import type { Language } from '@telemed/contracts';
import type { Deps, RequestMeta } from '../../platform/deps.ts';
import { notFound } from '../../platform/errors.ts';
import { renderPdf } from '../../platform/pdf.ts';
import type { Principal } from '../../platform/policy.ts';
import { openCase } from './service.ts';

const L = {
  title: { en: 'Teleconsultation conclusion', ru: 'Заключение телеконсультации', kk: 'Телемедициналық кеңес қорытындысы', uz: 'Telekonsultatsiya xulosasi' },
  patient: { en: 'Patient', ru: 'Пациент', kk: 'Пациент', uz: 'Bemor' },
  birthDate: { en: 'Date of birth', ru: 'Дата рождения', kk: 'Туған күні', uz: 'Tugʻilgan sana' },
  referring: { en: 'Referring facility', ru: 'Направившая организация', kk: 'Жолдаған ұйым', uz: 'Yoʻllagan muassasa' },
  consulting: { en: 'Consulting facility', ru: 'Консультирующая организация', kk: 'Кеңес беретін ұйым', uz: 'Maslahat beruvchi muassasa' },
  consultant: { en: 'Consultant', ru: 'Консультант', kk: 'Кеңесші маман', uz: 'Maslahatchi mutaxassis' },
  signedAt: { en: 'Signed', ru: 'Подписано', kk: 'Қол қойылды', uz: 'Imzolangan' },
  diagnosis: { en: 'Diagnosis', ru: 'Диагноз', kk: 'Диагноз', uz: 'Tashxis' },
  recommendations: { en: 'Recommendations', ru: 'Рекомендации', kk: 'Ұсыныстар', uz: 'Tavsiyalar' },
  transfer: { en: 'Transfer of the patient', ru: 'Перевод пациента', kk: 'Пациентті ауыстыру', uz: 'Bemorni oʻtkazish' },
  yes: { en: 'yes', ru: 'да', kk: 'иә', uz: 'ha' },
  no: { en: 'no', ru: 'нет', kk: 'жоқ', uz: 'yoʻq' },
  followUp: { en: 'Follow-up', ru: 'Наблюдение', kk: 'Бақылау', uz: 'Kuzatuv' },
  addendum: { en: 'Addendum', ru: 'Дополнение', kk: 'Толықтыру', uz: 'Qoʻshimcha' },
  hash: { en: 'Content hash (SHA-256) of the signed record', ru: 'Хеш подписанного содержания (SHA-256)', kk: 'Қол қойылған мазмұн хеші (SHA-256)', uz: 'Imzolangan mazmun xeshi (SHA-256)' },
} satisfies Record<string, Record<Language, string>>;

function when(d: Date, timeZone: string, lang: Language): string {
  const locale = { en: 'en-GB', ru: 'ru-RU', kk: 'kk-KZ', uz: 'uz-Latn-UZ' }[lang];
  return `${new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone }).format(d)} (${timeZone})`;
}

/**
 * The signed conclusion as a PDF in the patient's language, for the patient's record and for print.
 * Opened through the same case-access check as the case itself, and audited as a read of it.
 */
export async function conclusionPdf(deps: Deps, principal: Principal, id: string, meta: RequestMeta): Promise<Buffer> {
  const { row } = await openCase(deps, principal, id, meta, { action: 'consultation.conclusion.pdf' });
  const conclusion = await deps.db.selectFrom('consultation_conclusion').selectAll().where('consultation_id', '=', id).executeTakeFirst();
  if (!conclusion) throw notFound();
  const patient = await deps.db.selectFrom('patient').select(['family_name', 'given_name', 'middle_name', 'birth_date', 'preferred_language'])
    .where('id', '=', row.patient_id).executeTakeFirstOrThrow();
  const lang = (['kk', 'ru', 'uz', 'en'].includes(patient.preferred_language) ? patient.preferred_language : 'ru') as Language;
  const facilities = await deps.db.selectFrom('facility').select(['id', 'name_kk', 'name_ru', 'name_uz', 'name_en', 'time_zone'])
    .where('id', 'in', [row.referring_facility_id, conclusion.author_facility_id]).execute();
  const fac = (fid: string) => facilities.find((f) => f.id === fid)!;
  const addenda = await deps.db.selectFrom('consultation_addendum').selectAll().where('consultation_id', '=', id).orderBy('id').execute();
  const tz = fac(conclusion.author_facility_id).time_zone;
  const name = (f: ReturnType<typeof fac>) => f[`name_${lang}`];

  return renderPdf({ title: L.title[lang] }, (doc) => {
    const field = (k: keyof typeof L, v: string) => {
      doc.font('bold').fontSize(10).text(`${L[k][lang]}: `, { continued: true }).font('body').text(v);
    };
    const block = (k: keyof typeof L, v: string) => {
      doc.moveDown(0.5).font('bold').fontSize(11).text(L[k][lang]).font('body').fontSize(10).text(v);
    };
    doc.font('bold').fontSize(15).text(L.title[lang]).moveDown(0.5);
    field('patient', [patient.family_name, patient.given_name, patient.middle_name].filter(Boolean).join(' '));
    field('birthDate', String(patient.birth_date));
    field('referring', name(fac(row.referring_facility_id)));
    field('consulting', name(fac(conclusion.author_facility_id)));
    field('consultant', conclusion.author_name);
    field('signedAt', when(new Date(conclusion.signed_at), tz, lang));
    block('diagnosis', conclusion.diagnosis);
    block('recommendations', conclusion.recommendations);
    block('transfer', conclusion.transfer ? `${L.yes[lang]}${conclusion.transfer_note ? ` — ${conclusion.transfer_note}` : ''}` : L.no[lang]);
    if (conclusion.follow_up) block('followUp', conclusion.follow_up);
    for (const a of addenda) block('addendum', `${when(new Date(a.signed_at), tz, lang)}, ${a.author_name}: ${a.body}`);
    doc.moveDown(1).font('body').fontSize(8).fillColor('#444444').text(`${L.hash[lang]}: ${conclusion.content_sha256}`);
  });
}
