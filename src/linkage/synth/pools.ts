/**
 * Name, city and prison pools for the synthetic victim-list generator: Persian script with the
 * Latin spellings lists actually use. Only common given names and surnames appear here; the
 * people generated from them are fictional.
 */

/** A name in Persian script with its Latin spellings (the first is the most common). */
export interface PoolName {
  readonly fa: string;
  readonly latin: readonly string[];
}

function table(rows: string): PoolName[] {
  return rows
    .trim()
    .split(/\n/)
    .map((row) => {
      const [fa, latin] = row.trim().split("|") as [string, string];
      return { fa, latin: latin.split("/") };
    });
}

/** Male given names, roughly by frequency (the first are the most common). */
export const MALE_NAMES = table(`
محمد|Mohammad/Mohammed/Muhammad/Mohamad
علی|Ali/Aly
حسین|Hossein/Hosein/Hussein/Husayn
حسن|Hassan/Hasan
رضا|Reza/Riza
مهدی|Mehdi/Mahdi
احمد|Ahmad/Ahmed
محمود|Mahmoud/Mahmud/Mahmood
جواد|Javad/Jawad
عباس|Abbas/Abas
جعفر|Jafar/Jaafar/Djafar
کاظم|Kazem/Kazim
قاسم|Ghasem/Qasem/Gasem
ابراهیم|Ebrahim/Ibrahim
اسماعیل|Esmaeil/Esmail/Ismail
یوسف|Yousef/Yusuf/Yousof
مصطفی|Mostafa/Mustafa
مرتضی|Morteza/Murtaza
مجتبی|Mojtaba/Mujtaba
سعید|Saeed/Saeid/Said
حمید|Hamid
مجید|Majid
امیر|Amir
علیرضا|Alireza/Ali Reza/Ali-Reza
محمدرضا|Mohammadreza/Mohammad Reza/Mohammad-Reza
غلامرضا|Gholamreza/Gholam Reza/Gholamreza
فرهاد|Farhad
بهروز|Behrouz/Behrooz/Behruz
داوود|Davoud/Davood/Dawood/Davud
محسن|Mohsen
مسعود|Masoud/Masood/Masud
ناصر|Naser/Nasser
منصور|Mansour/Mansoor/Mansur
خسرو|Khosrow/Khosro/Khosrou
بیژن|Bijan/Bizhan
پرویز|Parviz/Parwiz
هادی|Hadi
امین|Amin
نادر|Nader
کریم|Karim
رحیم|Rahim
صادق|Sadegh/Sadeq/Sadiq
باقر|Bagher/Baqer
اکبر|Akbar
اصغر|Asghar/Asgar
ابوالفضل|Abolfazl/Abulfazl
عبدالله|Abdollah/Abdullah
یعقوب|Yaghoub/Yaqub/Yaghoob
سیاوش|Siavash/Siyavash
کیومرث|Kioumars/Kiumars
شاهرخ|Shahrokh
فریدون|Fereydoun/Fereidoon/Fereydun
بهمن|Bahman
رستم|Rostam
نوید|Navid
وحید|Vahid
میلاد|Milad
پدرام|Pedram
عبدالرحمن|Abdolrahman/Abdulrahman/Abdorrahman
مازن|Mazen/Mazin
عمرو|Amr/Amru
`);

/** Female given names. */
export const FEMALE_NAMES = table(`
فاطمه|Fatemeh/Fateme/Fatima
زهرا|Zahra/Zahraa
مریم|Maryam/Mariam
معصومه|Masoumeh/Masumeh/Masoume
زینب|Zeinab/Zaynab/Zeynab
لیلا|Leila/Leyla/Laila
سمیه|Somayeh/Somayyeh/Somaye
منیژه|Manijeh/Manizheh
شهلا|Shahla
نسرین|Nasrin/Nasreen
شیرین|Shirin/Shireen
مینا|Mina
سیمین|Simin
فرشته|Fereshteh/Fereshte
پروین|Parvin/Parveen
طاهره|Tahereh/Tahere
اشرف|Ashraf
منیره|Monireh/Monire
رقیه|Roghayeh/Roqayeh/Roghaye
خدیجه|Khadijeh/Khadije/Khadija
عفت|Efat/Effat
مهین|Mahin
ژیلا|Zhila/Jila
نرگس|Narges
`);

/** Surnames, roughly by frequency. */
export const SURNAMES = table(`
محمدی|Mohammadi/Mohamadi/Muhammadi
حسینی|Hosseini/Hoseini/Husseini/Hosseyni
احمدی|Ahmadi
رضایی|Rezaei/Rezaie/Rezayi/Rezaee
موسوی|Mousavi/Musavi/Moosavi
کریمی|Karimi
رحیمی|Rahimi
جعفری|Jafari/Jaafari
کاظمی|Kazemi
قاسمی|Ghasemi/Qasemi
هاشمی|Hashemi
ابراهیمی|Ebrahimi/Ibrahimi
یوسفی|Yousefi/Yusefi/Yoosefi
عباسی|Abbasi
مرادی|Moradi/Moradee
صادقی|Sadeghi/Sadeqi
باقری|Bagheri/Baqeri
امیری|Amiri
نوری|Nouri/Noori/Nuri
زارعی|Zarei/Zareie/Zare'i
رستمی|Rostami
میرزایی|Mirzaei/Mirzaie/Mirzayi
تهرانی|Tehrani
شیرازی|Shirazi
حیدری|Heidari/Heydari/Haidari
خسروی|Khosravi/Khosrawi
نجفی|Najafi
سلیمانی|Soleimani/Soleymani
اکبری|Akbari
قربانی|Ghorbani/Qorbani
شریفی|Sharifi
طاهری|Taheri
اسدی|Asadi
فرهادی|Farhadi
رحمانی|Rahmani
عسگری|Asgari/Askari
علیزاده|Alizadeh/Ali Zadeh/Alizade
حسن‌زاده|Hassanzadeh/Hasanzadeh/Hassan-Zadeh
محمدپور|Mohammadpour/Mohammadpoor/Mohammad-Pour
رحیم‌پور|Rahimpour/Rahimpoor
کریم‌نژاد|Karimnejad/Karimnezhad
امینی|Amini
صالحی|Salehi
کرمی|Karami
بهرامی|Bahrami
زمانی|Zamani
عزیزی|Azizi/Azizy
ملکی|Maleki
حیدرزاده|Heidarzadeh/Heydarzadeh
`);

/** A city in Persian with Latin spellings. */
export const CITIES = table(`
تهران|Tehran/Teheran
مشهد|Mashhad/Mashad
اصفهان|Isfahan/Esfahan
شیراز|Shiraz
تبریز|Tabriz
اهواز|Ahvaz/Ahwaz
کرمانشاه|Kermanshah
رشت|Rasht
سنندج|Sanandaj
زاهدان|Zahedan
همدان|Hamedan/Hamadan
ارومیه|Urmia/Orumiyeh/Oroumieh
قزوین|Qazvin/Ghazvin
کرج|Karaj
قم|Qom/Ghom
یزد|Yazd
زنجان|Zanjan
کرمان|Kerman
اراک|Arak
اردبیل|Ardabil/Ardebil
مهاباد|Mahabad
ایذه|Izeh/Izeh
بندرعباس|Bandar Abbas/Bandarabbas
`);

/** Prisons in Persian with Latin spellings. */
export const PRISONS = table(`
اوین|Evin/Evin Prison
قزل‌حصار|Ghezel Hesar/Ghezelhesar/Qezel Hesar Prison
رجایی‌شهر|Rajaei Shahr/Rajaee Shahr Prison/Rajaishahr
وکیل‌آباد|Vakilabad/Vakil Abad/Vakilabad Prison
عادل‌آباد|Adelabad/Adel Abad Prison
دیزل‌آباد|Dizelabad/Dizel Abad
لاکان|Lakan/Lakan Prison
مرکزی زاهدان|Zahedan Central Prison/Zahedan Prison
`);
