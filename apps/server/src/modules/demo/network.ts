import type { FacilityKind, Role } from '@telemed/contracts';

/** The demo network: real places of the Aktobe region and a second region in Uzbekistan. */
export interface DemoFacility {
  code: string;
  parent: string | null;
  kind: FacilityKind;
  name: { kk: string; ru: string; uz: string; en: string };
  country: string;
  region: string;
  timeZone: string;
  isTelemedicineCentre: boolean;
  profiles: string[];
}

const district = (code: string, kk: string, ru: string, uz: string, en: string): DemoFacility => ({
  code, parent: 'KZ-AKT-RTC', kind: 'district_hospital',
  name: { kk: `${kk} аудандық ауруханасы`, ru: `${ru} районная больница`, uz: `${uz} tuman shifoxonasi`, en: `${en} District Hospital` },
  country: 'KZ', region: 'Aktobe', timeZone: 'Asia/Aqtobe', isTelemedicineCentre: false, profiles: ['paediatrics', 'obstetrics_gynaecology'],
});

export const DEMO_FACILITIES: DemoFacility[] = [
  { code: 'KZ-NSMC', parent: null, kind: 'national_centre',
    name: { kk: 'Ұлттық ғылыми медициналық орталық', ru: 'Национальный научный медицинский центр', uz: 'Milliy ilmiy tibbiyot markazi', en: 'National Scientific Medical Centre' },
    country: 'KZ', region: 'Astana', timeZone: 'Asia/Almaty', isTelemedicineCentre: true,
    profiles: ['cardiology', 'cardiac_surgery', 'neurosurgery', 'neurology', 'oncology', 'radiology', 'endocrinology', 'nephrology', 'anaesthesiology_intensive_care'] },
  { code: 'KZ-ALA-RI', parent: 'KZ-NSMC', kind: 'research_institute',
    name: { kk: 'Алматы ғылыми-зерттеу институты', ru: 'Научно-исследовательский институт, Алматы', uz: 'Ilmiy-tadqiqot instituti, Olmaota', en: 'Research Institute, Almaty' },
    country: 'KZ', region: 'Almaty', timeZone: 'Asia/Almaty', isTelemedicineCentre: true,
    profiles: ['traumatology_orthopaedics', 'vascular_surgery', 'infectious_diseases', 'pulmonology'] },
  { code: 'KZ-AKT-RTC', parent: 'KZ-NSMC', kind: 'regional_centre',
    name: { kk: 'Ақтөбе облыстық телемедициналық орталығы', ru: 'Актюбинский областной телемедицинский центр', uz: 'Aqtoʻbe viloyat telemeditsina markazi', en: 'Aktobe Regional Telemedicine Centre' },
    country: 'KZ', region: 'Aktobe', timeZone: 'Asia/Aqtobe', isTelemedicineCentre: true,
    profiles: ['cardiology', 'endocrinology', 'general_surgery', 'abdominal_surgery', 'traumatology_orthopaedics', 'obstetrics_gynaecology', 'paediatrics', 'neonatology', 'neurology', 'radiology'] },
  district('KZ-AKT-AITEKEBI', 'Әйтеке би', 'Айтекебийская', 'Aytekebi', 'Aitekebi'),
  district('KZ-AKT-BAIGANIN', 'Байғанин', 'Байганинская', 'Baygʻanin', 'Baiganin'),
  district('KZ-AKT-SHALKAR', 'Шалқар', 'Шалкарская', 'Shalqar', 'Shalkar'),
  district('KZ-AKT-IRGIZ', 'Ырғыз', 'Иргизская', 'Irgʻiz', 'Irgiz'),
  district('KZ-AKT-TEMIR', 'Темір', 'Темирская', 'Temir', 'Temir'),
  district('KZ-AKT-OIYL', 'Ойыл', 'Уилская', 'Oyil', 'Oiyl'),
  district('KZ-AKT-MUGALZHAR', 'Мұғалжар', 'Мугалжарская', 'Mugʻaljar', 'Mugalzhar'),
  { code: 'KZ-AKT-HD', parent: null, kind: 'health_department',
    name: { kk: 'Ақтөбе облысының денсаулық сақтау басқармасы', ru: 'Управление здравоохранения Актюбинской области', uz: 'Aqtoʻbe viloyati sogʻliqni saqlash boshqarmasi', en: 'Aktobe Regional Health Department' },
    country: 'KZ', region: 'Aktobe', timeZone: 'Asia/Aqtobe', isTelemedicineCentre: false, profiles: [] },
  { code: 'UZ-SAM-RMC', parent: null, kind: 'regional_centre',
    name: { kk: 'Самарқанд облыстық көпсалалы медициналық орталығы', ru: 'Самаркандский областной многопрофильный медицинский центр', uz: 'Samarqand viloyat koʻp tarmoqli tibbiyot markazi', en: 'Samarkand Regional Multidisciplinary Medical Centre' },
    country: 'UZ', region: 'Samarkand', timeZone: 'Asia/Samarkand', isTelemedicineCentre: true,
    profiles: ['cardiology', 'endocrinology', 'paediatrics', 'obstetrics_gynaecology', 'radiology', 'general_surgery'] },
  { code: 'UZ-SAM-URGUT', parent: 'UZ-SAM-RMC', kind: 'district_hospital',
    name: { kk: 'Ұрғыт аудандық ауруханасы', ru: 'Ургутская районная больница', uz: 'Urgut tuman shifoxonasi', en: 'Urgut District Hospital' },
    country: 'UZ', region: 'Samarkand', timeZone: 'Asia/Samarkand', isTelemedicineCentre: false, profiles: ['paediatrics'] },
  { code: 'UZ-SAM-PAYARIQ', parent: 'UZ-SAM-RMC', kind: 'district_hospital',
    name: { kk: 'Пайарық аудандық ауруханасы', ru: 'Пайарыкская районная больница', uz: 'Payariq tuman shifoxonasi', en: 'Payariq District Hospital' },
    country: 'UZ', region: 'Samarkand', timeZone: 'Asia/Samarkand', isTelemedicineCentre: false, profiles: [] },
  { code: 'INT-IST-CARD', parent: null, kind: 'foreign_clinic',
    name: { kk: 'Ыстамбұл кардиология клиникасы (шетелдік серіктес)', ru: 'Кардиологическая клиника, Стамбул (зарубежный партнёр)', uz: 'Istanbul kardiologiya klinikasi (xorijiy hamkor)', en: 'Istanbul Cardiology Clinic (foreign partner)' },
    country: 'TR', region: 'Istanbul', timeZone: 'Europe/Istanbul', isTelemedicineCentre: true, profiles: ['cardiology', 'cardiac_surgery'] },
];

export const DEMO_PASSWORD = 'Demo-Telemed-2026';

export interface DemoUser {
  email: string;
  displayName: string;
  language: 'kk' | 'ru' | 'uz' | 'en';
  memberships: { facility: string; role: Role }[];
}

export const DEMO_USERS: DemoUser[] = [
  { email: 'admin@demo.telemed', displayName: 'Айгүл Сейітова', language: 'ru', memberships: [{ facility: 'KZ-NSMC', role: 'network_admin' }] },
  { email: 'facility.admin@demo.telemed', displayName: 'Ерлан Жұмабаев', language: 'kk', memberships: [{ facility: 'KZ-AKT-RTC', role: 'facility_admin' }] },
  { email: 'coordinator@demo.telemed', displayName: 'Гүлнар Әбенова', language: 'ru', memberships: [{ facility: 'KZ-AKT-RTC', role: 'coordinator' }] },
  { email: 'cardiologist@demo.telemed', displayName: 'Марат Қасымов', language: 'ru',
    memberships: [{ facility: 'KZ-AKT-RTC', role: 'consultant' }, { facility: 'KZ-NSMC', role: 'consultant' }] },
  { email: 'doctor.shalkar@demo.telemed', displayName: 'Асель Нұрланова', language: 'kk', memberships: [{ facility: 'KZ-AKT-SHALKAR', role: 'referring_physician' }] },
  { email: 'doctor.irgiz@demo.telemed', displayName: 'Bolat Serikov', language: 'en', memberships: [{ facility: 'KZ-AKT-IRGIZ', role: 'referring_physician' }] },
  { email: 'nurse.shalkar@demo.telemed', displayName: 'Жанар Төлегенова', language: 'kk', memberships: [{ facility: 'KZ-AKT-SHALKAR', role: 'nurse' }] },
  { email: 'radiologist@demo.telemed', displayName: 'Дмитрий Ким', language: 'ru', memberships: [{ facility: 'KZ-NSMC', role: 'radiologist' }] },
  { email: 'educator@demo.telemed', displayName: 'Сәуле Омарова', language: 'kk', memberships: [{ facility: 'KZ-NSMC', role: 'educator' }] },
  { email: 'analyst@demo.telemed', displayName: 'Нурлан Ахметов', language: 'ru', memberships: [{ facility: 'KZ-AKT-HD', role: 'analyst' }] },
  { email: 'doctor.urgut@demo.telemed', displayName: 'Dilnoza Karimova', language: 'uz', memberships: [{ facility: 'UZ-SAM-URGUT', role: 'referring_physician' }] },
  { email: 'consultant.samarkand@demo.telemed', displayName: 'Shuhrat Yusupov', language: 'uz', memberships: [{ facility: 'UZ-SAM-RMC', role: 'consultant' }, { facility: 'UZ-SAM-RMC', role: 'coordinator' }] },
  { email: 'patient@demo.telemed', displayName: 'Серік Бекмұхамедов', language: 'kk', memberships: [] },
];

export interface DemoPatient {
  familyName: string;
  givenName: string;
  middleName?: string;
  familyNameLatin?: string;
  givenNameLatin?: string;
  birthDate: string;
  sex: 'male' | 'female';
  country: 'KZ' | 'UZ';
  home: string;
  language: 'kk' | 'ru' | 'uz' | 'en';
  phone?: string;
}

export const DEMO_PATIENTS: DemoPatient[] = [
  { familyName: 'Бекмұхамедов', givenName: 'Серік', familyNameLatin: 'Bekmukhamedov', givenNameLatin: 'Serik', birthDate: '1961-03-14', sex: 'male', country: 'KZ', home: 'KZ-AKT-SHALKAR', language: 'kk', phone: '+7 701 555 0101' },
  { familyName: 'Жұмағалиева', givenName: 'Әйгерім', familyNameLatin: 'Zhumagalieva', givenNameLatin: 'Aigerim', birthDate: '1994-11-02', sex: 'female', country: 'KZ', home: 'KZ-AKT-SHALKAR', language: 'kk' },
  { familyName: 'Иванов', givenName: 'Пётр', middleName: 'Сергеевич', familyNameLatin: 'Ivanov', givenNameLatin: 'Petr', birthDate: '1958-07-21', sex: 'male', country: 'KZ', home: 'KZ-AKT-SHALKAR', language: 'ru' },
  { familyName: 'Қайратұлы', givenName: 'Нұрсұлтан', familyNameLatin: 'Kairatuly', givenNameLatin: 'Nursultan', birthDate: '2019-05-30', sex: 'male', country: 'KZ', home: 'KZ-AKT-SHALKAR', language: 'kk' },
  { familyName: 'Оспанова', givenName: 'Жанна', familyNameLatin: 'Ospanova', givenNameLatin: 'Zhanna', birthDate: '2009-01-17', sex: 'female', country: 'KZ', home: 'KZ-AKT-IRGIZ', language: 'ru' },
  { familyName: 'Тұрсынов', givenName: 'Ғалым', familyNameLatin: 'Tursynov', givenNameLatin: 'Galym', birthDate: '1975-09-09', sex: 'male', country: 'KZ', home: 'KZ-AKT-IRGIZ', language: 'kk' },
  { familyName: 'Сәрсенбаева', givenName: 'Гүлнұр', familyNameLatin: 'Sarsenbaeva', givenNameLatin: 'Gulnur', birthDate: '2025-08-03', sex: 'female', country: 'KZ', home: 'KZ-AKT-TEMIR', language: 'kk' },
  { familyName: 'Хасанов', givenName: 'Ўткир', familyNameLatin: 'Xasanov', givenNameLatin: 'Oʻtkir', birthDate: '1968-12-25', sex: 'male', country: 'UZ', home: 'UZ-SAM-URGUT', language: 'uz' },
  { familyName: 'Юлдашева', givenName: 'Юлдуз', familyNameLatin: 'Yuldasheva', givenNameLatin: 'Yulduz', birthDate: '1990-04-11', sex: 'female', country: 'UZ', home: 'UZ-SAM-URGUT', language: 'uz' },
  { familyName: 'Каримов', givenName: 'Шухрат', familyNameLatin: 'Karimov', givenNameLatin: 'Shuhrat', birthDate: '1982-06-06', sex: 'male', country: 'UZ', home: 'UZ-SAM-PAYARIQ', language: 'uz' },
];

/** The cardiologist's weekly hours at the Aktobe regional centre (wall-clock, Asia/Aqtobe). */
export const DEMO_AVAILABILITY = {
  clinician: 'cardiologist@demo.telemed', facility: 'KZ-AKT-RTC', profile: 'cardiology',
  weekdays: [1, 2, 3, 4, 5], startTime: '09:00', endTime: '13:00', slotMinutes: 30, validFrom: '2025-01-01',
} as const;
