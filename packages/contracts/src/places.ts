/**
 * Place names the network shows in four languages: the first-level administrative units of
 * Kazakhstan and Uzbekistan (a facility's region), and the countries the facility form offers.
 * A facility stores a region's key (its short English name, as the demo data and existing records
 * already do); the names are for display only. Zod-free, so the web app's first page can import it.
 */
type Names = { kk: string; ru: string; uz: string; en: string };

const KZ: Record<string, Names> = {
  Astana: { kk: 'Астана', ru: 'Астана', uz: 'Astana', en: 'Astana' },
  Almaty: { kk: 'Алматы', ru: 'Алматы', uz: 'Olmaota', en: 'Almaty' },
  Shymkent: { kk: 'Шымкент', ru: 'Шымкент', uz: 'Chimkent', en: 'Shymkent' },
  Abai: { kk: 'Абай облысы', ru: 'Абайская область', uz: 'Abay viloyati', en: 'Abai Region' },
  Akmola: { kk: 'Ақмола облысы', ru: 'Акмолинская область', uz: 'Aqmola viloyati', en: 'Akmola Region' },
  Aktobe: { kk: 'Ақтөбе облысы', ru: 'Актюбинская область', uz: 'Aqtoʻbe viloyati', en: 'Aktobe Region' },
  'Almaty Region': { kk: 'Алматы облысы', ru: 'Алматинская область', uz: 'Olmaota viloyati', en: 'Almaty Region' },
  Atyrau: { kk: 'Атырау облысы', ru: 'Атырауская область', uz: 'Atirau viloyati', en: 'Atyrau Region' },
  'East Kazakhstan': { kk: 'Шығыс Қазақстан облысы', ru: 'Восточно-Казахстанская область', uz: 'Sharqiy Qozogʻiston viloyati', en: 'East Kazakhstan Region' },
  Jambyl: { kk: 'Жамбыл облысы', ru: 'Жамбылская область', uz: 'Jambil viloyati', en: 'Jambyl Region' },
  Jetisu: { kk: 'Жетісу облысы', ru: 'Область Жетісу', uz: 'Yettisuv viloyati', en: 'Jetisu Region' },
  Karaganda: { kk: 'Қарағанды облысы', ru: 'Карагандинская область', uz: 'Qaragʻandi viloyati', en: 'Karaganda Region' },
  Kostanay: { kk: 'Қостанай облысы', ru: 'Костанайская область', uz: 'Qoʻstanay viloyati', en: 'Kostanay Region' },
  Kyzylorda: { kk: 'Қызылорда облысы', ru: 'Кызылординская область', uz: 'Qiziloʻrda viloyati', en: 'Kyzylorda Region' },
  Mangystau: { kk: 'Маңғыстау облысы', ru: 'Мангистауская область', uz: 'Mangʻistov viloyati', en: 'Mangystau Region' },
  'North Kazakhstan': { kk: 'Солтүстік Қазақстан облысы', ru: 'Северо-Казахстанская область', uz: 'Shimoliy Qozogʻiston viloyati', en: 'North Kazakhstan Region' },
  Pavlodar: { kk: 'Павлодар облысы', ru: 'Павлодарская область', uz: 'Pavlodar viloyati', en: 'Pavlodar Region' },
  Turkistan: { kk: 'Түркістан облысы', ru: 'Туркестанская область', uz: 'Turkiston viloyati', en: 'Turkistan Region' },
  Ulytau: { kk: 'Ұлытау облысы', ru: 'Область Ұлытау', uz: 'Ulitov viloyati', en: 'Ulytau Region' },
  'West Kazakhstan': { kk: 'Батыс Қазақстан облысы', ru: 'Западно-Казахстанская область', uz: 'Gʻarbiy Qozogʻiston viloyati', en: 'West Kazakhstan Region' },
};

const UZ: Record<string, Names> = {
  Tashkent: { kk: 'Ташкент қаласы', ru: 'Ташкент', uz: 'Toshkent shahri', en: 'Tashkent' },
  Karakalpakstan: { kk: 'Қарақалпақстан Республикасы', ru: 'Республика Каракалпакстан', uz: 'Qoraqalpogʻiston Respublikasi', en: 'Republic of Karakalpakstan' },
  Andijan: { kk: 'Әндіжан облысы', ru: 'Андижанская область', uz: 'Andijon viloyati', en: 'Andijan Region' },
  Bukhara: { kk: 'Бұхара облысы', ru: 'Бухарская область', uz: 'Buxoro viloyati', en: 'Bukhara Region' },
  Fergana: { kk: 'Ферғана облысы', ru: 'Ферганская область', uz: 'Fargʻona viloyati', en: 'Fergana Region' },
  Jizzakh: { kk: 'Жиззах облысы', ru: 'Джизакская область', uz: 'Jizzax viloyati', en: 'Jizzakh Region' },
  Kashkadarya: { kk: 'Қашқадария облысы', ru: 'Кашкадарьинская область', uz: 'Qashqadaryo viloyati', en: 'Kashkadarya Region' },
  Khorezm: { kk: 'Хорезм облысы', ru: 'Хорезмская область', uz: 'Xorazm viloyati', en: 'Khorezm Region' },
  Namangan: { kk: 'Наманган облысы', ru: 'Наманганская область', uz: 'Namangan viloyati', en: 'Namangan Region' },
  Navoiy: { kk: 'Навои облысы', ru: 'Навоийская область', uz: 'Navoiy viloyati', en: 'Navoiy Region' },
  Samarkand: { kk: 'Самарқанд облысы', ru: 'Самаркандская область', uz: 'Samarqand viloyati', en: 'Samarkand Region' },
  Surkhandarya: { kk: 'Сурхандария облысы', ru: 'Сурхандарьинская область', uz: 'Surxondaryo viloyati', en: 'Surkhandarya Region' },
  Syrdarya: { kk: 'Сырдария облысы', ru: 'Сырдарьинская область', uz: 'Sirdaryo viloyati', en: 'Syrdarya Region' },
  'Tashkent Region': { kk: 'Ташкент облысы', ru: 'Ташкентская область', uz: 'Toshkent viloyati', en: 'Tashkent Region' },
};

/** The regions a facility of these countries chooses from; elsewhere the region is free text. */
export const REGIONS: Readonly<Record<string, Readonly<Record<string, Names>>>> = { KZ, UZ };

const COUNTRY_NAMES: Record<string, Names> = {
  KZ: { kk: 'Қазақстан', ru: 'Казахстан', uz: 'Qozogʻiston', en: 'Kazakhstan' },
  UZ: { kk: 'Өзбекстан', ru: 'Узбекистан', uz: 'Oʻzbekiston', en: 'Uzbekistan' },
  KG: { kk: 'Қырғызстан', ru: 'Кыргызстан', uz: 'Qirgʻiziston', en: 'Kyrgyzstan' },
  TJ: { kk: 'Тәжікстан', ru: 'Таджикистан', uz: 'Tojikiston', en: 'Tajikistan' },
  TM: { kk: 'Түрікменстан', ru: 'Туркменистан', uz: 'Turkmaniston', en: 'Turkmenistan' },
  RU: { kk: 'Ресей', ru: 'Россия', uz: 'Rossiya', en: 'Russia' },
  TR: { kk: 'Түркия', ru: 'Турция', uz: 'Turkiya', en: 'Türkiye' },
  KR: { kk: 'Оңтүстік Корея', ru: 'Южная Корея', uz: 'Janubiy Koreya', en: 'South Korea' },
  DE: { kk: 'Германия', ru: 'Германия', uz: 'Germaniya', en: 'Germany' },
  CN: { kk: 'Қытай', ru: 'Китай', uz: 'Xitoy', en: 'China' },
  IN: { kk: 'Үндістан', ru: 'Индия', uz: 'Hindiston', en: 'India' },
  AE: { kk: 'Біріккен Араб Әмірліктері', ru: 'Объединённые Арабские Эмираты', uz: 'Birlashgan Arab Amirliklari', en: 'United Arab Emirates' },
};

/** The countries the facility form offers first (any ISO 3166 code is accepted). */
export const COUNTRIES = Object.keys(COUNTRY_NAMES);

/** A region's name in a language; a region outside the lists shows as it was written. */
export function regionName(country: string, region: string, lang: keyof Names): string {
  return REGIONS[country]?.[region]?.[lang] ?? region;
}

/** A country's name in a language, or null when the list does not have it. */
export function countryName(country: string, lang: keyof Names): string | null {
  return COUNTRY_NAMES[country]?.[lang] ?? null;
}
