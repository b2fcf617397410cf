/**
 * Name tables for fictional victims: ordinary Persian given names and surnames with one common
 * Latin spelling each. Combinations are random, so no row describes a real person; surnames of
 * well-known officials are deliberately absent (the deny-list test in generate.test.ts guards it).
 */

/** A name in Persian script with its most common Latin spelling. */
export interface NamePair {
  fa: string;
  en: string;
}

const pairs = (rows: string): NamePair[] =>
  rows
    .trim()
    .split("\n")
    .map((line) => {
      const [fa = "", en = ""] = line.trim().split("|");
      return { fa, en };
    });

/** Male given names. */
export const MALE_GIVEN: readonly NamePair[] = pairs(`
محمد|Mohammad
علی|Ali
حسین|Hossein
حسن|Hassan
رضا|Reza
مهدی|Mahdi
محمدرضا|Mohammadreza
علیرضا|Alireza
غلامرضا|Gholamreza
احمد|Ahmad
جواد|Javad
مجید|Majid
مسعود|Masoud
مصطفی|Mostafa
منصور|Mansour
بهروز|Behrouz
بیژن|Bijan
فرهاد|Farhad
کاظم|Kazem
اکبر|Akbar
اصغر|Asghar
ابراهیم|Ebrahim
اسماعیل|Esmaeil
یوسف|Yousef
جعفر|Jafar
قاسم|Ghasem
خلیل|Khalil
هوشنگ|Houshang
فریدون|Fereydoun
کیومرث|Kioumars
سعید|Saeed
حمید|Hamid
ناصر|Naser
عباس|Abbas
داوود|Davoud
رحیم|Rahim
کریم|Karim
جمشید|Jamshid
منوچهر|Manouchehr
پرویز|Parviz
شاهرخ|Shahrokh
سیاوش|Siavash
بهمن|Bahman
خسرو|Khosrow
نادر|Nader
صادق|Sadegh
هادی|Hadi
مرتضی|Morteza
محسن|Mohsen
اسدالله|Asadollah
نعمت‌الله|Nematollah
عزت‌الله|Ezzatollah
فرامرز|Faramarz
کامران|Kamran
ایرج|Iraj
سهراب|Sohrab
رستم|Rostam
حبیب|Habib
یدالله|Yadollah
قربان|Ghorban
`);

/** Female given names. */
export const FEMALE_GIVEN: readonly NamePair[] = pairs(`
فاطمه|Fatemeh
زهرا|Zahra
مریم|Maryam
معصومه|Masoumeh
اشرف|Ashraf
منیره|Monireh
شهین|Shahin
پروین|Parvin
فریبا|Fariba
مهین|Mahin
ژیلا|Jila
نسرین|Nasrin
سیمین|Simin
رویا|Roya
لیلا|Leila
منیژه|Manijeh
فرزانه|Farzaneh
طاهره|Tahereh
شهلا|Shahla
زیبا|Ziba
مهری|Mehri
گوهر|Gohar
ملیحه|Malihe
سکینه|Sakineh
رقیه|Roghayeh
اعظم|Azam
فرشته|Fereshteh
ناهید|Nahid
شیرین|Shirin
مهناز|Mahnaz
آذر|Azar
سوسن|Sousan
فروغ|Forough
عفت|Effat
خدیجه|Khadijeh
نرگس|Narges
`);

/** Common surnames, including joined "-zadeh" compounds that lists split or join differently. */
export const SURNAMES: readonly NamePair[] = pairs(`
حسینی|Hosseini
احمدی|Ahmadi
محمدی|Mohammadi
رضایی|Rezaei
کریمی|Karimi
رحیمی|Rahimi
جعفری|Jafari
قاسمی|Ghasemi
صادقی|Sadeghi
کاظمی|Kazemi
عباسی|Abbasi
غلامی|Gholami
خلیلی|Khalili
حیدری|Heydari
مرادی|Moradi
نظری|Nazari
اکبری|Akbari
ابراهیمی|Ebrahimi
یوسفی|Yousefi
باقری|Bagheri
شریفی|Sharifi
زمانی|Zamani
طاهری|Taheri
صالحی|Salehi
امیری|Amiri
فرهادی|Farhadi
نوروزی|Nowrouzi
کرمانی|Kermani
شیرازی|Shirazi
تبریزی|Tabrizi
اصفهانی|Esfahani
رشتی|Rashti
دزفولی|Dezfouli
حسین‌زاده|Hosseinzadeh
علیزاده|Alizadeh
قلی‌زاده|Gholizadeh
رحمان‌زاده|Rahmanzadeh
تقی‌زاده|Taghizadeh
کاظم‌زاده|Kazemzadeh
خسروی|Khosravi
بهرامی|Bahrami
فرجی|Faraji
قربانی|Ghorbani
میرزایی|Mirzaei
اسدی|Asadi
رستمی|Rostami
یزدانی|Yazdani
شکوهی|Shokouhi
خدابنده|Khodabandeh
قنبری|Ghanbari
آقایی|Aghaei
افشار|Afshar
سبزواری|Sabzevari
دهقان|Dehghan
کشاورز|Keshavarz
آهنگر|Ahangar
زرگر|Zargar
شاکری|Shakeri
منصوری|Mansouri
فتحی|Fathi
مختاری|Mokhtari
طالبی|Talebi
بابایی|Babaei
رنجبر|Ranjbar
یگانه|Yeganeh
نادری|Naderi
عسگری|Asgari
قهرمانی|Ghahremani
فرخی|Farrokhi
جلالی|Jalali
کمالی|Kamali
صفری|Safari
`);

/** Word parts for the clearly invented surnames of fictional officials, witnesses and authors. */
export const INVENTED_ROOTS: readonly NamePair[] = pairs(`
کوه|Kouh
دشت|Dasht
سرو|Sarv
ابر|Abr
نار|Nar
بید|Bid
کاج|Kaj
زرین|Zarrin
سنگ|Sang
تاک|Tak
چنار|Chenar
برف|Barf
ماه|Mah
نسیم|Nasim
خاک|Khak
لاله|Laleh
`);

/** Suffixes joined to `INVENTED_ROOTS`. */
export const INVENTED_SUFFIXES: readonly NamePair[] = pairs(`
نیا|nia
فر|far
نژاد|nezhad
پور|pour
آبادی|abadi
کار|kar
بان|ban
وند|vand
`);
