import type { Language, ReportPeriod } from '@telemed/contracts';
import { fillTemplate } from '../../platform/i18n.ts';
import { SHARED_LABELS } from './shared-labels.ts';

/** Headings of the printed and exported forms, in the four languages (words of the glossary). */
const LABELS = {
  total: { en: 'Total', ru: 'Итого', kk: 'Барлығы', uz: 'Jami' },
  facility: { en: 'Referring facility', ru: 'Направившая организация', kk: 'Жолдаған ұйым', uz: 'Yoʻllagan muassasa' },
  consultingFacility: { en: 'Consulting facility', ru: 'Консультирующая организация', kk: 'Кеңес беретін ұйым', uz: 'Maslahat beruvchi muassasa' },
  profile: { en: 'Specialty profile', ru: 'Профиль', kk: 'Бейін', uz: 'Mutaxassislik profili' },
  'title.facility': { en: 'Teleconsultations by referring facility', ru: 'Телеконсультации по направившим организациям',
    kk: 'Жолдаған ұйымдар бойынша телемедициналық кеңестер', uz: 'Yoʻllagan muassasalar boʻyicha telekonsultatsiyalar' },
  'title.profile': { en: 'Teleconsultations by specialty profile and age group', ru: 'Телеконсультации по профилям и возрастным группам',
    kk: 'Бейіндер және жас топтары бойынша телемедициналық кеңестер', uz: 'Profillar va yosh guruhlari boʻyicha telekonsultatsiyalar' },
  'title.response': { en: 'Video sessions, foreign clinics and response times', ru: 'Видеоконсультации, зарубежные клиники и сроки ответа',
    kk: 'Бейнекеңестер, шетелдік клиникалар және жауап беру мерзімдері', uz: 'Videokonsultatsiyalar, xorijiy klinikalar va javob muddatlari' },
  period: { en: 'Period', ru: 'Период', kk: 'Кезең', uz: 'Davr' },
  allTime: { en: 'all dates', ru: 'за всё время', kk: 'барлық кезең', uz: 'barcha davr' },
  'age.adult': { en: 'Adults (18 and over)', ru: 'Взрослые (18 лет и старше)', kk: 'Ересектер (18 жастан жоғары)', uz: 'Kattalar (18 yosh va undan katta)' },
  'age.adolescent': { en: 'Adolescents (15–17)', ru: 'Подростки (15–17 лет)', kk: 'Балалар (15–17 жас аралығы)', uz: 'Oʻsmirlar (15–17 yosh)' },
  'age.child': { en: 'Children (1–14)', ru: 'Дети (1–14 лет)', kk: 'Балалар (1–14 жас аралығы)', uz: 'Bolalar (1–14 yosh)' },
  'age.newborn': { en: 'Newborns (under 1)', ru: 'Новорождённые (до 1 года)', kk: 'Жаңа туған нәрестелер 1 жасқа дейін', uz: 'Chaqaloqlar (1 yoshgacha)' },
  requests: { en: 'Requests', ru: 'Запросов', kk: 'Сұраулар', uz: 'Soʻrovlar' },
  videoHeld: { en: 'Video sessions held', ru: 'Проведено видеоконсультаций', kk: 'Өткізілген бейнекеңестер', uz: 'Oʻtkazilgan videokonsultatsiyalar' },
  foreign: { en: 'With foreign clinics', ru: 'С зарубежными клиниками', kk: 'Шетелдік клиникалармен', uz: 'Xorijiy klinikalar bilan' },
  answered: { en: 'Answered', ru: 'Получен ответ', kk: 'Жауап берілді', uz: 'Javob berildi' },
  medianHours: { en: 'Median response, h', ru: 'Медиана ответа, ч', kk: 'Жауап медианасы, сағ', uz: 'Javob medianasi, soat' },
  p90Hours: { en: '90th percentile, h', ru: '90-й процентиль, ч', kk: '90-процентиль, сағ', uz: '90-persentil, soat' },
  withinTarget: { en: 'Within target, %', ru: 'В пределах норматива, %', kk: 'Норматив ішінде, %', uz: 'Meʼyor doirasida, %' },
  half: { en: 'H{n} {year}', ru: '{n} полугодие {year}', kk: '{year} ж. {n}-жартыжылдық', uz: '{year}-yil {n}-yarim yillik' },
  quarter: { en: 'Q{n} {year}', ru: '{n} кв. {year}', kk: '{year} ж. {n}-тоқсан', uz: '{year}-yil {n}-chorak' },
  months: { en: 'Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec', ru: 'янв,фев,мар,апр,май,июн,июл,авг,сен,окт,ноя,дек',
    kk: 'қаң,ақп,нау,сәу,мам,мау,шіл,там,қыр,қаз,қар,жел', uz: 'yan,fev,mar,apr,may,iyn,iyl,avg,sen,okt,noy,dek' },
} satisfies Record<string, Record<Language, string>>;

export type LabelKey = keyof typeof LABELS;

export function label(key: LabelKey, lang: Language, params: Record<string, string | number> = {}): string {
  return fillTemplate(LABELS[key][lang], params);
}

export function profileLabel(code: string, lang: Language): string {
  return SHARED_LABELS[`profile.${code}`]?.[lang] ?? code;
}

export function profileGroupLabel(group: string, lang: Language): string {
  return SHARED_LABELS[`profileGroup.${group}`]?.[lang] ?? group;
}

/** A period key as the database returns it (the period's first day, YYYY-MM-DD) written for the reader. */
export function periodLabel(period: ReportPeriod, start: string, lang: Language): string {
  const year = start.slice(0, 4);
  const month = Number(start.slice(5, 7));
  if (period === 'year') return year;
  if (period === 'half') return label('half', lang, { n: month <= 6 ? 1 : 2, year });
  if (period === 'quarter') return label('quarter', lang, { n: Math.ceil(month / 3), year });
  return `${LABELS.months[lang].split(',')[month - 1]} ${year}`;
}
