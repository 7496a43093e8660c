import type { Language } from './common.ts';

/**
 * A time zone as people say it ("Aktobe time, UTC+5"), not as the tz database names it
 * ("Asia/Aqtobe"): the network's own zones by their city in each language, any other by the city
 * in its identifier. The offset is the zone's now, from the browser's own data.
 */
const CITIES: Record<string, Record<Language, string>> = {
  'Asia/Almaty': { kk: 'Алматы', ru: 'Алматы', uz: 'Olmaota', en: 'Almaty' },
  'Asia/Aqtobe': { kk: 'Ақтөбе', ru: 'Актобе', uz: 'Aqtoʻbe', en: 'Aktobe' },
  'Asia/Aqtau': { kk: 'Ақтау', ru: 'Актау', uz: 'Aqtau', en: 'Aktau' },
  'Asia/Atyrau': { kk: 'Атырау', ru: 'Атырау', uz: 'Atirau', en: 'Atyrau' },
  'Asia/Oral': { kk: 'Орал', ru: 'Уральск', uz: 'Oral', en: 'Oral' },
  'Asia/Qostanay': { kk: 'Қостанай', ru: 'Костанай', uz: 'Qoʻstanay', en: 'Kostanay' },
  'Asia/Qyzylorda': { kk: 'Қызылорда', ru: 'Кызылорда', uz: 'Qizil Oʻrda', en: 'Kyzylorda' },
  'Asia/Tashkent': { kk: 'Ташкент', ru: 'Ташкент', uz: 'Toshkent', en: 'Tashkent' },
  'Asia/Samarkand': { kk: 'Самарқанд', ru: 'Самарканд', uz: 'Samarqand', en: 'Samarkand' },
  'Asia/Bishkek': { kk: 'Бішкек', ru: 'Бишкек', uz: 'Bishkek', en: 'Bishkek' },
  'Asia/Dushanbe': { kk: 'Душанбе', ru: 'Душанбе', uz: 'Dushanbe', en: 'Dushanbe' },
  'Asia/Ashgabat': { kk: 'Ашхабад', ru: 'Ашхабад', uz: 'Ashxobod', en: 'Ashgabat' },
  'Europe/Moscow': { kk: 'Мәскеу', ru: 'Москва', uz: 'Moskva', en: 'Moscow' },
  'Europe/Istanbul': { kk: 'Стамбұл', ru: 'Стамбул', uz: 'Istanbul', en: 'Istanbul' },
};

/** "UTC+5", "UTC+5:30", "UTC" for the zone at `at`. */
export function utcOffset(timeZone: string, at = new Date()): string {
  try {
    const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'shortOffset' }).formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? '';
    return name.replace(/^GMT/, 'UTC');
  } catch {
    return '';
  }
}

/** The city of a zone in the reader's language. */
export function zoneCity(timeZone: string, lang: Language): string {
  return CITIES[timeZone]?.[lang] ?? (timeZone.split('/').pop() ?? timeZone).replaceAll('_', ' ');
}

/** "Ақтөбе, UTC+5": the city and the offset. */
export function zoneLabel(timeZone: string, lang: Language, at?: Date): string {
  const offset = utcOffset(timeZone, at);
  return offset ? `${zoneCity(timeZone, lang)}, ${offset}` : zoneCity(timeZone, lang);
}
