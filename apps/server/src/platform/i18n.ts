import type { Language } from '@telemed/contracts';

/** Server messages a user may read (problem titles). Everything else a user reads lives in the web app's locales. */
const MESSAGES = {
  validation: {
    en: 'Some fields are not filled in correctly.',
    ru: 'Некоторые поля заполнены неверно.',
    kk: 'Кейбір өрістер дұрыс толтырылмаған.',
    uz: 'Baʼzi maydonlar notoʻgʻri toʻldirilgan.',
  },
  validation_required: {
    en: 'Fill in the fields marked below.',
    ru: 'Заполните отмеченные ниже поля.',
    kk: 'Төменде белгіленген өрістерді толтырыңыз.',
    uz: 'Quyida belgilangan maydonlarni toʻldiring.',
  },
  invalid_json: {
    en: 'The request body is not valid JSON.',
    ru: 'Тело запроса не является корректным JSON.',
    kk: 'Сұрау денесі дұрыс JSON емес.',
    uz: 'Soʻrov tanasi toʻgʻri JSON emas.',
  },
  body_too_large: {
    en: 'The request is too large.',
    ru: 'Запрос слишком большой.',
    kk: 'Сұрау тым үлкен.',
    uz: 'Soʻrov juda katta.',
  },
  unsupported_media_type: {
    en: 'This content type is not accepted here.',
    ru: 'Этот тип содержимого здесь не принимается.',
    kk: 'Бұл мазмұн түрі мұнда қабылданбайды.',
    uz: 'Bu kontent turi bu yerda qabul qilinmaydi.',
  },
  not_found: {
    en: 'Not found.',
    ru: 'Не найдено.',
    kk: 'Табылмады.',
    uz: 'Topilmadi.',
  },
  upgrade_required: {
    en: 'This address is a WebSocket: connect to it with a WebSocket client.',
    ru: 'Этот адрес — WebSocket: подключайтесь к нему клиентом WebSocket.',
    kk: 'Бұл мекенжай — WebSocket: оған WebSocket клиентімен қосылыңыз.',
    uz: "Bu manzil WebSocket: unga WebSocket mijozi orqali ulaning.",
  },
  unauthenticated: {
    en: 'Please sign in.',
    ru: 'Пожалуйста, войдите в систему.',
    kk: 'Жүйеге кіріңіз.',
    uz: 'Iltimos, tizimga kiring.',
  },
  session_expired: {
    en: 'Your session has ended. Please sign in again.',
    ru: 'Сеанс завершён. Войдите снова.',
    kk: 'Сеанс аяқталды. Қайта кіріңіз.',
    uz: 'Seans tugadi. Qaytadan kiring.',
  },
  forbidden: {
    en: 'You do not have access to this.',
    ru: 'У вас нет доступа к этому.',
    kk: 'Сізде бұған рұқсат жоқ.',
    uz: 'Sizda bunga ruxsat yoʻq.',
  },
  patient_out_of_scope: {
    en: 'This patient is outside your care. Emergency access requires a written reason.',
    ru: 'Пациент вне вашей зоны ответственности. Экстренный доступ требует письменного обоснования.',
    kk: 'Пациент сіздің жауапкершілігіңізден тыс. Шұғыл қол жеткізу үшін жазбаша негіздеме қажет.',
    uz: 'Bemor sizning masʼuliyatingizdan tashqarida. Favqulodda kirish uchun yozma asos kerak.',
  },
  csrf: {
    en: 'The request could not be verified. Reload the page and try again.',
    ru: 'Не удалось проверить запрос. Обновите страницу и повторите.',
    kk: 'Сұрауды тексеру мүмкін болмады. Бетті жаңартып, қайталаңыз.',
    uz: 'Soʻrovni tekshirib boʻlmadi. Sahifani yangilab, qayta urinib koʻring.',
  },
  rate_limited: {
    en: 'Too many requests. Please wait a moment and try again.',
    ru: 'Слишком много запросов. Подождите немного и повторите.',
    kk: 'Сұраулар тым көп. Біраз күтіп, қайталаңыз.',
    uz: 'Soʻrovlar juda koʻp. Biroz kuting va qayta urinib koʻring.',
  },
  invalid_credentials: {
    en: 'Wrong email or password.',
    ru: 'Неверный адрес электронной почты или пароль.',
    kk: 'Электрондық пошта немесе құпиясөз қате.',
    uz: 'Elektron pochta yoki parol notoʻgʻri.',
  },
  account_locked: {
    en: 'Too many failed attempts. Try again after {until}.',
    ru: 'Слишком много неудачных попыток. Повторите после {until}.',
    kk: 'Сәтсіз әрекеттер тым көп. {until} кейін қайталаңыз.',
    uz: 'Muvaffaqiyatsiz urinishlar juda koʻp. {until} dan keyin qayta urinib koʻring.',
  },
  invalid_totp: {
    en: 'The verification code is wrong or has expired.',
    ru: 'Код подтверждения неверен или устарел.',
    kk: 'Растау коды қате немесе ескірген.',
    uz: 'Tasdiqlash kodi notoʻgʻri yoki eskirgan.',
  },
  mfa_required: {
    en: 'Finish two-factor verification first.',
    ru: 'Сначала завершите двухфакторную проверку.',
    kk: 'Алдымен екі факторлы тексеруді аяқтаңыз.',
    uz: 'Avval ikki bosqichli tekshiruvni yakunlang.',
  },
  invalid_token: {
    en: 'The link or token is invalid or has expired.',
    ru: 'Ссылка или токен недействительны или устарели.',
    kk: 'Сілтеме немесе токен жарамсыз немесе ескірген.',
    uz: 'Havola yoki token yaroqsiz yoki eskirgan.',
  },
  sign_up_code_wrong: {
    en: 'This code is not right. Check the latest message we sent and try again.',
    ru: 'Код неверный. Проверьте последнее письмо и попробуйте ещё раз.',
    kk: 'Код қате. Соңғы хатты тексеріп, қайталап көріңіз.',
    uz: 'Kod notoʻgʻri. Oxirgi xabarni tekshirib, qayta urinib koʻring.',
  },
  sign_up_code_expired: {
    en: 'This code has expired. Ask for a new one.',
    ru: 'Срок действия кода истёк. Запросите новый код.',
    kk: 'Кодтың мерзімі өтті. Жаңа код сұраңыз.',
    uz: 'Kodning muddati tugagan. Yangi kod soʻrang.',
  },
  sign_up_code_exhausted: {
    en: 'Too many wrong codes. Ask for a new one.',
    ru: 'Слишком много неверных попыток. Запросите новый код.',
    kk: 'Қате әрекеттер тым көп. Жаңа код сұраңыз.',
    uz: 'Notoʻgʻri urinishlar juda koʻp. Yangi kod soʻrang.',
  },
  notice_sign_up_subject: {
    en: 'Telemed Network: your sign-up code',
    ru: 'Телемедицинская сеть: код для регистрации',
    kk: 'Телемедициналық желі: тіркелу коды',
    uz: 'Telemeditsina tarmogʻi: roʻyxatdan oʻtish kodi',
  },
  notice_sign_up_code: {
    en: 'Your Telemed Network code is {code}. Enter it within {minutes} minutes to finish creating your account. If you did not ask for it, ignore this message.',
    ru: 'Ваш код для Телемедицинской сети: {code}. Введите его в течение {minutes} минут, чтобы завершить создание учётной записи. Если вы его не запрашивали, не обращайте внимания на это письмо.',
    kk: 'Телемедициналық желіге арналған кодыңыз: {code}. Тіркелгіні жасауды аяқтау үшін оны {minutes} минут ішінде енгізіңіз. Егер оны сұрамаған болсаңыз, бұл хатқа назар аудармаңыз.',
    uz: 'Telemeditsina tarmogʻi uchun kodingiz: {code}. Hisob yaratishni yakunlash uchun uni {minutes} daqiqa ichida kiriting. Agar uni soʻramagan boʻlsangiz, bu xabarga eʼtibor bermang.',
  },
  notice_sign_up_existing: {
    en: 'Someone tried to create a Telemed Network account with this email, which already has an account. If it was you, sign in, or reset your password on the sign-in page. If not, you need not do anything.',
    ru: 'Кто-то пытался создать учётную запись в Телемедицинской сети с этим адресом, но учётная запись для него уже есть. Если это были вы, войдите в систему или восстановите пароль на странице входа. Если нет, ничего делать не нужно.',
    kk: 'Біреу осы электрондық поштамен Телемедициналық желіде тіркелгі жасамақ болды, бірақ бұл мекенжайдың тіркелгісі бар. Бұл сіз болсаңыз, жүйеге кіріңіз немесе кіру бетінде құпиясөзді қалпына келтіріңіз. Сіз болмасаңыз, ештеңе істеудің қажеті жоқ.',
    uz: 'Kimdir ushbu elektron pochta bilan Telemeditsina tarmogʻida hisob yaratmoqchi boʻldi, lekin bu manzilning hisobi allaqachon bor. Bu siz boʻlsangiz, tizimga kiring yoki kirish sahifasida parolni tiklang. Siz boʻlmasangiz, hech narsa qilishingiz shart emas.',
  },
  national_id_format: {
    en: 'The identifier has the wrong length or characters.',
    ru: 'Идентификатор неверной длины или содержит недопустимые символы.',
    kk: 'Сәйкестендіргіштің ұзындығы немесе таңбалары қате.',
    uz: 'Identifikator uzunligi yoki belgilari notoʻgʻri.',
  },
  national_id_checksum: {
    en: 'The identifier’s check digit is wrong: please check the number for a typing error.',
    ru: 'Неверная контрольная цифра идентификатора: проверьте номер на опечатку.',
    kk: 'Сәйкестендіргіштің бақылау саны қате: нөмірде қате жоқ па, тексеріңіз.',
    uz: 'Identifikatorning nazorat raqami notoʻgʻri: raqamni tekshiring.',
  },
  national_id_date: {
    en: 'The identifier contains a date of birth that does not exist.',
    ru: 'Идентификатор содержит несуществующую дату рождения.',
    kk: 'Сәйкестендіргіште жоқ туған күн бар.',
    uz: 'Identifikatorda mavjud boʻlmagan tugʻilgan sana bor.',
  },
  national_id_mismatch: {
    en: 'The identifier does not match the date of birth.',
    ru: 'Идентификатор не соответствует дате рождения.',
    kk: 'Сәйкестендіргіш туған күнге сәйкес келмейді.',
    uz: 'Identifikator tugʻilgan sanaga mos kelmaydi.',
  },
  national_id_taken: {
    en: 'A patient with this identifier is already registered.',
    ru: 'Пациент с таким идентификатором уже зарегистрирован.',
    kk: 'Бұл сәйкестендіргішпен пациент тіркелген.',
    uz: 'Bu identifikatorli bemor allaqachon roʻyxatdan oʻtgan.',
  },
  possible_duplicate: {
    en: 'A similar patient is already registered. Check the list before creating a new record.',
    ru: 'Похожий пациент уже зарегистрирован. Проверьте список, прежде чем создавать новую запись.',
    kk: 'Ұқсас пациент тіркелген. Жаңа жазба жасамас бұрын тізімді тексеріңіз.',
    uz: 'Oʻxshash bemor allaqachon roʻyxatda. Yangi yozuv yaratishdan oldin roʻyxatni tekshiring.',
  },
  conflict: {
    en: 'This was changed by someone else. Reload and try again.',
    ru: 'Данные изменены другим пользователем. Обновите и повторите.',
    kk: 'Деректерді басқа пайдаланушы өзгертті. Жаңартып, қайталаңыз.',
    uz: 'Maʼlumotlar boshqa foydalanuvchi tomonidan oʻzgartirildi. Yangilang va qayta urinib koʻring.',
  },
  email_taken: {
    en: 'A user with this email already exists.',
    ru: 'Пользователь с таким адресом уже существует.',
    kk: 'Мұндай поштасы бар пайдаланушы бар.',
    uz: 'Bunday elektron pochtali foydalanuvchi mavjud.',
  },
  facility_code_taken: {
    en: 'A facility with this code already exists.',
    ru: 'Организация с таким кодом уже существует.',
    kk: 'Мұндай коды бар ұйым бар.',
    uz: 'Bunday kodli muassasa mavjud.',
  },
  unknown_region: {
    en: 'Choose the region from the list for this country.',
    ru: 'Выберите область из списка для этой страны.',
    kk: 'Осы елдің тізімінен облысты таңдаңыз.',
    uz: 'Ushbu davlat roʻyxatidan viloyatni tanlang.',
  },
  facility_cycle: {
    en: 'A facility cannot be placed under itself or under one of its own subordinates.',
    ru: 'Организацию нельзя подчинить ей самой или её подразделению.',
    kk: 'Ұйымды өзіне немесе өз бөлімшесіне бағындыруға болмайды.',
    uz: 'Muassasani oʻziga yoki oʻz boʻlinmasiga boʻysundirib boʻlmaydi.',
  },
  wrong_password: {
    en: 'The current password is wrong.',
    ru: 'Текущий пароль неверен.',
    kk: 'Ағымдағы құпиясөз қате.',
    uz: 'Joriy parol notoʻgʻri.',
  },
  illegal_transition: {
    en: 'This step is not possible for the request in its current state.',
    ru: 'Этот шаг невозможен для запроса в его текущем состоянии.',
    kk: 'Сұраудың қазіргі күйінде бұл қадам мүмкін емес.',
    uz: 'Soʻrovning hozirgi holatida bu qadam mumkin emas.',
  },
  reason_required: {
    en: 'Please give a reason.',
    ru: 'Укажите причину.',
    kk: 'Себебін көрсетіңіз.',
    uz: 'Sababini koʻrsating.',
  },
  profile_not_offered: {
    en: 'The chosen facility does not offer this specialty profile.',
    ru: 'Выбранная организация не оказывает консультации по этому профилю.',
    kk: 'Таңдалған ұйым бұл бейін бойынша кеңес бермейді.',
    uz: 'Tanlangan muassasa bu yoʻnalish boʻyicha maslahat bermaydi.',
  },
  notice_new_request: {
    en: 'A new teleconsultation request has arrived for your centre.',
    ru: 'В ваш центр поступил новый запрос на телеконсультацию.',
    kk: 'Орталығыңызға телемедициналық кеңеске жаңа сұрау келді.',
    uz: 'Markazingizga yangi telekonsultatsiya soʻrovi keldi.',
  },
  notice_accepted: {
    en: 'Your teleconsultation request was accepted.',
    ru: 'Ваш запрос на телеконсультацию принят.',
    kk: 'Телемедициналық кеңес сұрауыңыз қабылданды.',
    uz: 'Telekonsultatsiya soʻrovingiz qabul qilindi.',
  },
  notice_declined: {
    en: 'Your teleconsultation request was declined.',
    ru: 'Ваш запрос на телеконсультацию отклонён.',
    kk: 'Телемедициналық кеңес сұрауыңыз қабылданбады.',
    uz: 'Telekonsultatsiya soʻrovingiz rad etildi.',
  },
  notice_scheduled: {
    en: 'A time has been set for your teleconsultation.',
    ru: 'Для вашей телеконсультации назначено время.',
    kk: 'Телемедициналық кеңесіңізге уақыт белгіленді.',
    uz: 'Telekonsultatsiyangiz uchun vaqt belgilandi.',
  },
  notice_info_request: {
    en: 'The consultant asks for more information about your request.',
    ru: 'Консультант просит дополнительную информацию по вашему запросу.',
    kk: 'Кеңесші сұрауыңыз бойынша қосымша ақпарат сұрайды.',
    uz: 'Maslahatchi soʻrovingiz boʻyicha qoʻshimcha maʼlumot soʻramoqda.',
  },
  notice_message: {
    en: 'A new message in a teleconsultation you take part in.',
    ru: 'Новое сообщение в телеконсультации, в которой вы участвуете.',
    kk: 'Сіз қатысатын телемедициналық кеңесте жаңа хабарлама.',
    uz: 'Siz ishtirok etayotgan telekonsultatsiyada yangi xabar.',
  },
  notice_concluded: {
    en: 'The specialist’s conclusion on your request is ready.',
    ru: 'Заключение специалиста по вашему запросу готово.',
    kk: 'Сұрауыңыз бойынша маманның қорытындысы дайын.',
    uz: 'Soʻrovingiz boʻyicha mutaxassis xulosasi tayyor.',
  },
  notice_cancelled: {
    en: 'A teleconsultation request assigned to you was cancelled.',
    ru: 'Назначенный вам запрос на телеконсультацию отменён.',
    kk: 'Сізге тағайындалған телемедициналық кеңес сұрауы тоқтатылды.',
    uz: 'Sizga biriktirilgan telekonsultatsiya soʻrovi bekor qilindi.',
  },
  escalation_notice: {
    en: 'A teleconsultation request missed its response-time target and was escalated.',
    ru: 'Запрос на телеконсультацию не обработан в установленный срок и эскалирован.',
    kk: 'Телемедициналық кеңес сұрауы белгіленген мерзімде өңделмей, жоғары деңгейге жіберілді.',
    uz: 'Telekonsultatsiya soʻrovi belgilangan muddatda koʻrib chiqilmadi va yuqori bosqichga oʻtkazildi.',
  },
  no_route: {
    en: 'No facility up the hierarchy offers this profile with a consultant available. Choose the facility yourself.',
    ru: 'Ни одна организация выше по иерархии не оказывает консультации по этому профилю. Выберите организацию вручную.',
    kk: 'Иерархия бойынша жоғары ешбір ұйым бұл бейін бойынша кеңес бермейді. Ұйымды өзіңіз таңдаңыз.',
    uz: 'Ierarxiya boʻyicha yuqoridagi hech bir muassasa bu yoʻnalish boʻyicha maslahat bermaydi. Muassasani oʻzingiz tanlang.',
  },
  case_closed: {
    en: 'This consultation is closed: nothing more can be added to it.',
    ru: 'Консультация закрыта: в неё больше нельзя ничего добавить.',
    kk: 'Кеңес жабылған: оған ештеңе қосуға болмайды.',
    uz: 'Konsultatsiya yopilgan: unga boshqa hech narsa qoʻshib boʻlmaydi.',
  },
  not_concludable: {
    en: 'A conclusion can be written only once, after the request has been accepted.',
    ru: 'Заключение пишется один раз и только после принятия запроса.',
    kk: 'Қорытынды бір рет және сұрау қабылданғаннан кейін ғана жазылады.',
    uz: 'Xulosa faqat bir marta va soʻrov qabul qilingandan keyin yoziladi.',
  },
  not_a_consultant: {
    en: 'This person cannot take part in consultations.',
    ru: 'Этот пользователь не может участвовать в консультациях.',
    kk: 'Бұл пайдаланушы кеңестерге қатыса алмайды.',
    uz: "Bu foydalanuvchi konsultatsiyalarda ishtirok eta olmaydi.",
  },
  not_a_clinician_here: {
    en: 'This person does not work as a clinician at this facility.',
    ru: 'Этот пользователь не работает врачом в этой организации.',
    kk: 'Бұл пайдаланушы осы ұйымда дәрігер болып жұмыс істемейді.',
    uz: 'Bu foydalanuvchi ushbu muassasada shifokor sifatida ishlamaydi.',
  },
  slot_unavailable: {
    en: 'This time is not one of the doctor’s free slots. Choose another time.',
    ru: 'Это время не входит в свободное время врача. Выберите другое время.',
    kk: 'Бұл уақыт дәрігердің бос уақытына кірмейді. Басқа уақытты таңдаңыз.',
    uz: 'Bu vaqt shifokorning boʻsh vaqtlariga kirmaydi. Boshqa vaqtni tanlang.',
  },
  slot_taken: {
    en: 'Someone has just booked this time. Choose another free time.',
    ru: 'Это время только что заняли. Выберите другое свободное время.',
    kk: 'Бұл уақытты жаңа ғана біреу алып қойды. Басқа бос уақытты таңдаңыз.',
    uz: 'Bu vaqtni hozirgina boshqa kishi band qildi. Boshqa boʻsh vaqtni tanlang.',
  },
  patient_busy: {
    en: 'The patient already has an appointment at this time.',
    ru: 'У пациента уже есть запись на это время.',
    kk: 'Пациенттің осы уақытқа жазылуы бар.',
    uz: 'Bemorning bu vaqtga allaqachon yozuvi bor.',
  },
  appointment_closed: {
    en: 'This appointment has already been cancelled or moved.',
    ru: 'Эта запись уже отменена или перенесена.',
    kk: 'Бұл жазылу тоқтатылған немесе ауыстырылған.',
    uz: 'Bu yozuv allaqachon bekor qilingan yoki koʻchirilgan.',
  },
  notice_appointment_booked: {
    en: 'A video visit has been booked for {when}.',
    ru: 'Записан видеоприём на {when}.',
    kk: '{when} уақытына бейнеқабылдауға жазылу жасалды.',
    uz: '{when} ga video qabulga yozildi.',
  },
  notice_appointment_cancelled: {
    en: 'The video visit of {when} has been cancelled.',
    ru: 'Видеоприём {when} отменён.',
    kk: '{when} бейнеқабылдауы тоқтатылды.',
    uz: '{when} dagi video qabul bekor qilindi.',
  },
  notice_appointment_rescheduled: {
    en: 'The video visit of {was} has been moved to {when}.',
    ru: 'Видеоприём {was} перенесён на {when}.',
    kk: '{was} бейнеқабылдауы {when} уақытына ауыстырылды.',
    uz: '{was} dagi video qabul {when} ga koʻchirildi.',
  },
  notice_appointment_reminder: {
    en: 'Reminder: your video visit is at {when}.',
    ru: 'Напоминание: ваш видеоприём — {when}.',
    kk: 'Еске салу: бейнеқабылдауыңыз — {when}.',
    uz: 'Eslatma: video qabulingiz — {when}.',
  },
  ics_summary: {
    en: 'Video visit — {name}',
    ru: 'Видеоприём — {name}',
    kk: 'Бейнеқабылдау — {name}',
    uz: 'Video qabul — {name}',
  },
  ics_description: {
    en: 'Sign in to Telemed Network a few minutes before the time to join the video visit.',
    ru: 'Войдите в Telemed Network за несколько минут до начала, чтобы подключиться к видеоприёму.',
    kk: 'Бейнеқабылдауға қосылу үшін басталардан бірнеше минут бұрын Telemed Network жүйесіне кіріңіз.',
    uz: "Video qabulga ulanish uchun boshlanishidan bir necha daqiqa oldin Telemed Network tizimiga kiring.",
  },
  internal: {
    en: 'Something went wrong on our side. Your data was not lost; please try again.',
    ru: 'Произошла ошибка на сервере. Данные не потеряны; повторите попытку.',
    kk: 'Серверде қате болды. Деректер жоғалған жоқ; қайталап көріңіз.',
    uz: 'Serverda xatolik yuz berdi. Maʼlumotlar yoʻqolmadi; qayta urinib koʻring.',
  },
  attachment_too_large: {
    en: 'The file is larger than {max}.',
    ru: 'Файл больше {max}.',
    kk: 'Файл {max} мөлшерінен үлкен.',
    uz: 'Fayl {max} dan katta.',
  },
  attachment_type_refused: {
    en: 'This kind of file cannot be attached. Allowed: PDF, JPEG, PNG, WebP, TIFF, GIF, DICOM, plain text and CSV.',
    ru: 'Файл такого типа нельзя прикрепить. Допустимы: PDF, JPEG, PNG, WebP, TIFF, GIF, DICOM, простой текст и CSV.',
    kk: 'Мұндай түрдегі файлды тіркеуге болмайды. Рұқсат етілгені: PDF, JPEG, PNG, WebP, TIFF, GIF, DICOM, қарапайым мәтін және CSV.',
    uz: 'Bunday turdagi faylni biriktirib boʻlmaydi. Ruxsat etilgan: PDF, JPEG, PNG, WebP, TIFF, GIF, DICOM, oddiy matn va CSV.',
  },
  attachment_type_mismatch: {
    en: 'The file’s content does not match its type. Check that the right file was chosen.',
    ru: 'Содержимое файла не соответствует его типу. Проверьте, что выбран нужный файл.',
    kk: 'Файлдың мазмұны оның түріне сәйкес келмейді. Дұрыс файл таңдалғанын тексеріңіз.',
    uz: 'Fayl mazmuni uning turiga mos kelmaydi. Toʻgʻri fayl tanlanganini tekshiring.',
  },
  attachment_corrupted: {
    en: 'The file arrived damaged (its checksum does not match). Please send it again.',
    ru: 'Файл пришёл повреждённым (контрольная сумма не совпадает). Отправьте его ещё раз.',
    kk: 'Файл бүлінген күйде келді (бақылау сомасы сәйкес емес). Оны қайта жіберіңіз.',
    uz: "Fayl shikastlangan holda keldi (nazorat summasi mos emas). Uni qayta yuboring.",
  },
  upload_incomplete: {
    en: 'The upload has not finished yet.',
    ru: 'Загрузка ещё не завершена.',
    kk: 'Жүктеу әлі аяқталмаған.',
    uz: 'Yuklash hali tugamagan.',
  },
  unavailable: {
    en: 'The service is starting or temporarily unavailable.',
    ru: 'Сервис запускается или временно недоступен.',
    kk: 'Қызмет іске қосылуда немесе уақытша қолжетімсіз.',
    uz: 'Xizmat ishga tushmoqda yoki vaqtincha mavjud emas.',
  },
  visit_link_unknown: {
    en: 'This visit link is not valid. Check that it was copied in full, or ask the clinic for a new one.',
    ru: 'Ссылка на приём недействительна. Проверьте, что она скопирована полностью, или попросите в клинике новую.',
    kk: 'Қабылдауға сілтеме жарамсыз. Оның толық көшірілгенін тексеріңіз немесе емханадан жаңасын сұраңыз.',
    uz: 'Qabulga havola yaroqsiz. U toʻliq nusxalanganini tekshiring yoki klinikadan yangisini soʻrang.',
  },
  visit_link_expired: {
    en: 'This visit link has expired. Ask the clinic for a new one.',
    ru: 'Срок действия ссылки на приём истёк. Попросите в клинике новую.',
    kk: 'Қабылдауға сілтеменің мерзімі өтті. Емханадан жаңасын сұраңыз.',
    uz: 'Qabulga havolaning muddati tugagan. Klinikadan yangisini soʻrang.',
  },
  visit_link_used: {
    en: 'This visit link has already been used. Each link opens the visit once; ask the clinic for a new one.',
    ru: 'Эта ссылка на приём уже использована. Каждая ссылка открывает приём один раз; попросите в клинике новую.',
    kk: 'Бұл қабылдау сілтемесі бұрын пайдаланылған. Әр сілтеме қабылдауды бір рет ашады; емханадан жаңасын сұраңыз.',
    uz: 'Bu qabul havolasi allaqachon ishlatilgan. Har bir havola qabulni bir marta ochadi; klinikadan yangisini soʻrang.',
  },
  visit_link_revoked: {
    en: 'This visit link was withdrawn by the clinic.',
    ru: 'Эта ссылка на приём отозвана клиникой.',
    kk: 'Бұл қабылдау сілтемесін емхана кері қайтарып алды.',
    uz: 'Bu qabul havolasi klinika tomonidan bekor qilingan.',
  },
  visit_case_not_live: {
    en: 'A video session can be held once the request is accepted and until it is concluded.',
    ru: 'Видеосеанс возможен после принятия запроса и до заключения.',
    kk: 'Бейнесеанс сұрау қабылданғаннан кейін және қорытындыға дейін мүмкін.',
    uz: 'Videoseans soʻrov qabul qilingandan keyin va xulosagacha mumkin.',
  },
  visit_case_session_open: {
    en: 'The request already has an open video session: join it from the request.',
    ru: 'По запросу уже идёт видеосеанс: присоединитесь к нему со страницы запроса.',
    kk: 'Сұрау бойынша бейнесеанс ашық тұр: оған сұрау бетінен қосылыңыз.',
    uz: 'Soʻrov boʻyicha videoseans allaqachon ochiq: unga soʻrov sahifasidan qoʻshiling.',
  },
  visit_closed: {
    en: 'This visit has ended.',
    ru: 'Этот приём завершён.',
    kk: 'Бұл қабылдау аяқталды.',
    uz: 'Bu qabul yakunlangan.',
  },
  broadcast_unavailable: {
    en: 'A broadcast needs the video server (SFU), which is not configured here.',
    ru: 'Для трансляции нужен видеосервер (SFU), а он здесь не настроен.',
    kk: 'Трансляция үшін бейнесервер (SFU) қажет, бірақ ол мұнда бапталмаған.',
    uz: "Jonli efir uchun videoserver (SFU) kerak, lekin u bu yerda sozlanmagan.",
  },
  recording_not_consented: {
    en: 'This recording cannot be kept: not everyone present agreed to it.',
    ru: 'Эту запись нельзя сохранить: не все присутствующие дали согласие.',
    kk: 'Бұл жазбаны сақтауға болмайды: қатысушылардың бәрі келісім бермеді.',
    uz: 'Bu yozuvni saqlab boʻlmaydi: barcha ishtirokchilar rozilik bermagan.',
  },
  recording_type_refused: {
    en: 'A recording must be a WebM video.',
    ru: 'Запись должна быть видео в формате WebM.',
    kk: 'Жазба WebM форматындағы бейне болуы керек.',
    uz: 'Yozuv WebM formatidagi video boʻlishi kerak.',
  },
  consent_required: {
    en: 'The patient’s telemedicine consent is not on record. Ask the patient, confirm their consent, then admit them.',
    ru: 'Согласие пациента на телемедицину не зарегистрировано. Спросите пациента, подтвердите согласие, затем впустите его.',
    kk: 'Пациенттің телемедицинаға келісімі тіркелмеген. Пациенттен сұраңыз, келісімін растаңыз, содан кейін кіргізіңіз.',
    uz: 'Bemorning telemeditsinaga roziligi qayd etilmagan. Bemordan soʻrang, roziligini tasdiqlang, soʻng uni kiriting.',
  },
  visit_record_signed: {
    en: 'The visit record is signed and can no longer change. Add an addendum to correct it.',
    ru: 'Запись о приёме подписана и больше не может меняться. Чтобы исправить, добавьте дополнение.',
    kk: 'Қабылдау жазбасына қол қойылған, оны енді өзгертуге болмайды. Түзету үшін толықтыру қосыңыз.',
    uz: 'Qabul yozuvi imzolangan va endi oʻzgartirib boʻlmaydi. Tuzatish uchun qoʻshimcha qoʻshing.',
  },
  visit_record_not_signed: {
    en: 'The visit record is not signed yet.',
    ru: 'Запись о приёме ещё не подписана.',
    kk: 'Қабылдау жазбасына әлі қол қойылмаған.',
    uz: 'Qabul yozuvi hali imzolanmagan.',
  },
  visit_record_not_author: {
    en: 'Another doctor is writing this visit record: only they can change and sign it.',
    ru: 'Запись о приёме ведёт другой врач: менять и подписывать её может только он.',
    kk: 'Бұл қабылдау жазбасын басқа дәрігер жүргізеді: оны тек сол өзгертіп, қол қоя алады.',
    uz: 'Bu qabul yozuvini boshqa shifokor yuritmoqda: uni faqat u oʻzgartirishi va imzolashi mumkin.',
  },
  notice_visit_summary: {
    en: 'The summary of your video visit is ready. Sign in to read it.',
    ru: 'Итоги вашего видеоприёма готовы. Войдите, чтобы прочитать их.',
    kk: 'Бейнеқабылдауыңыздың қорытындысы дайын. Оны оқу үшін жүйеге кіріңіз.',
    uz: 'Video qabulingiz xulosasi tayyor. Uni oʻqish uchun tizimga kiring.',
  },
  questionnaire_submitted: {
    en: 'The questionnaire has been handed in and can no longer change. Tell the doctor anything new in the visit or by message.',
    ru: 'Анкета уже отправлена и больше не меняется. Новое сообщите врачу на приёме или в сообщении.',
    kk: 'Сауалнама жіберілген, оны енді өзгертуге болмайды. Жаңа мәліметті дәрігерге қабылдауда немесе хабарламада айтыңыз.',
    uz: 'Soʻrovnoma yuborilgan va endi oʻzgartirib boʻlmaydi. Yangi maʼlumotni shifokorga qabulda yoki xabarda ayting.',
  },
  notice_care_message_patient: {
    en: 'You have a new message from your care team. Sign in to read it.',
    ru: 'У вас новое сообщение от лечащей команды. Войдите, чтобы прочитать его.',
    kk: 'Емдеуші топтан жаңа хабарлама келді. Оны оқу үшін жүйеге кіріңіз.',
    uz: 'Davolovchi jamoadan yangi xabar keldi. Uni oʻqish uchun tizimga kiring.',
  },
  notice_care_message_staff: {
    en: 'A patient has written to your facility’s care team. Sign in to read it.',
    ru: 'Пациент написал лечащей команде вашей организации. Войдите, чтобы прочитать.',
    kk: 'Пациент мекемеңіздің емдеуші тобына хат жазды. Оқу үшін жүйеге кіріңіз.',
    uz: 'Bemor muassasangizning davolovchi jamoasiga yozdi. Oʻqish uchun tizimga kiring.',
  },
} satisfies Record<string, Record<Language, string>>;

export type MessageKey = keyof typeof MESSAGES;

/** Fills `{name}` placeholders: the one way server texts (messages, report labels, import reasons) take values. */
export function fillTemplate(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

export function translate(key: MessageKey, lang: Language, params: Record<string, string> = {}): string {
  return fillTemplate(MESSAGES[key][lang] ?? MESSAGES[key].en, params);
}

const SUPPORTED = new Set<string>(['kk', 'ru', 'uz', 'en']);

/** Picks the best of our languages from an Accept-Language header (q-values honoured). */
export function negotiateLanguage(header: string | undefined, fallback: Language = 'ru'): Language {
  if (!header) return fallback;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { lang: tag.trim().toLowerCase().split('-')[0], q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => SUPPORTED.has(x.lang) && x.q > 0)
    .sort((a, b) => b.q - a.q);
  return (ranked[0]?.lang as Language | undefined) ?? fallback;
}

const FIELD_MESSAGES: Record<string, Record<Language, string>> = {
  required: { en: 'Required.', ru: 'Обязательное поле.', kk: 'Міндетті өріс.', uz: "Majburiy maydon." },
  too_small: { en: 'Too short or too small.', ru: 'Слишком короткое или малое значение.', kk: 'Тым қысқа немесе тым аз.', uz: 'Juda qisqa yoki juda kichik.' },
  too_big: { en: 'Too long or too large.', ru: 'Слишком длинное или большое значение.', kk: 'Тым ұзын немесе тым үлкен.', uz: 'Juda uzun yoki juda katta.' },
  invalid_format: { en: 'Wrong format.', ru: 'Неверный формат.', kk: 'Пішімі қате.', uz: 'Notoʻgʻri format.' },
  control_character: { en: 'Contains a character that cannot be stored (a null byte).', ru: 'Содержит символ, который нельзя сохранить (нулевой байт).', kk: 'Сақтауға болмайтын таңба бар (нөлдік байт).', uz: 'Saqlab boʻlmaydigan belgi bor (nol bayt).' },
  invalid_value: { en: 'Not one of the allowed values.', ru: 'Недопустимое значение.', kk: 'Рұқсат етілмеген мән.', uz: "Ruxsat etilmagan qiymat." },
  invalid_type: { en: 'Wrong type of value.', ru: 'Неверный тип значения.', kk: 'Мән түрі қате.', uz: 'Qiymat turi notoʻgʻri.' },
  unrecognized_keys: { en: 'Unknown field.', ru: 'Неизвестное поле.', kk: 'Белгісіз өріс.', uz: 'Nomaʼlum maydon.' },
  end_before_start: { en: 'Must be after the start.', ru: 'Должно быть позже начала.', kk: 'Басталу уақытынан кейін болуы керек.', uz: 'Boshlanishdan keyin boʻlishi kerak.' },
  date_before_start: { en: 'Must not be before the start date.', ru: 'Не может быть раньше даты начала.', kk: 'Басталу күнінен ерте болмауы керек.', uz: 'Boshlanish sanasidan oldin boʻlmasligi kerak.' },
  range_too_long: { en: 'At most 31 days.', ru: 'Не более 31 дня.', kk: '31 күннен аспауы керек.', uz: "31 kundan oshmasligi kerak." },
  one_day_only: { en: 'Extra hours lie within one day.', ru: 'Дополнительные часы — в пределах одного дня.', kk: 'Қосымша сағаттар бір күн ішінде болуы керек.', uz: 'Qoʻshimcha soatlar bir kun ichida boʻlishi kerak.' },
  slot_and_profile: { en: 'Extra hours need a slot length and a profile.', ru: 'Для дополнительных часов укажите длительность приёма и профиль.', kk: 'Қосымша сағаттар үшін қабылдау ұзақтығы мен бейінді көрсетіңіз.', uz: 'Qoʻshimcha soatlar uchun qabul davomiyligi va yoʻnalishni koʻrsating.' },
  birth_date_impossible: { en: 'Check the birth date: it cannot be in the future or more than 130 years ago.',
    ru: 'Проверьте дату рождения: она не может быть в будущем или более 130 лет назад.',
    kk: 'Туған күнін тексеріңіз: ол болашақта немесе 130 жылдан бұрын бола алмайды.',
    uz: 'Tugʻilgan sanani tekshiring: u kelajakda yoki 130 yildan oldin boʻlishi mumkin emas.' },
  invalid: { en: 'Invalid value.', ru: 'Недопустимое значение.', kk: 'Жарамсыз мән.', uz: 'Yaroqsiz qiymat.' },
};

export function isFieldMessage(code: string): boolean {
  return Object.hasOwn(FIELD_MESSAGES, code);
}

export function translateField(code: string, lang: Language): string {
  return (FIELD_MESSAGES[code] ?? FIELD_MESSAGES.invalid)[lang];
}

export function isMessageKey(key: string): key is MessageKey {
  return key in MESSAGES;
}
