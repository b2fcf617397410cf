/**
 * Article templates: each returns real Persian and English Markdown about part of the demo,
 * with footnote markers matching its citations, and says plainly that everything is fictional.
 */
import { withDigits } from "./dates.ts";
import type { TagId } from "./tags.ts";
import type { DemoArticleVersion, DemoCitation, DemoLang } from "./types.ts";

/** What a template produces before dates, author and slug are added. */
export interface ArticleDraft {
  slug: string;
  versions: Record<DemoLang, DemoArticleVersion>;
  citations: DemoCitation[];
  tags: TagId[];
  about: string[];
}

const FA_FOOT =
  "\n\n> این نوشته بخشی از مجموعهٔ نمونهٔ خیالی سبت است: همهٔ افراد، فهرست‌ها و منابع آن ساختگی‌اند.";
const EN_FOOT =
  "\n\n> This article belongs to Sabt's fictional demo collection: every person, list and source in it is invented.";

/** Persian digits for a number. */
export const fa = (n: number): string => withDigits(String(n), "persian");

/** A prison or burial-site article. */
export function placeArticle(
  p: { id: string; fa: string; en: string; type: string },
  victims: number,
  cites: DemoCitation[],
  tags: TagId[],
): ArticleDraft {
  const site = p.type === "burial_site";
  return {
    slug: `place-${p.id}`,
    citations: cites,
    tags,
    about: [`place:${p.id}`],
    versions: {
      en: {
        title: site
          ? `${p.en}: the graves families found (fictional accounts)`
          : `${p.en} in the summer of 1367 (fictional accounts)`,
        summary: `What the fictional sources of the demo say about ${p.en}.`,
        body: `${site ? `Families who searched for their relatives in the autumn of 1988 came to **${p.en}**.` : `In the summer of 1367 (1988), prisoners in **${p.en}** were brought before a commission.`} In this demo collection, ${victims} of the featured (invented) victims are linked to the place.[^1]\n\nThe accounts here come from invented testimonies and an invented report.[^2] They show how Sabt keeps every statement attributed: each value on the place's page names its source, and sources that disagree are shown side by side.\n\nThe place is real; the people are not.${EN_FOOT}`,
      },
      fa: {
        title: site
          ? `${p.fa}: گورهایی که خانواده‌ها یافتند (روایت‌های خیالی)`
          : `${p.fa} در تابستان ۱۳۶۷ (روایت‌های خیالی)`,
        summary: `آنچه منابع خیالی این مجموعه دربارهٔ ${p.fa} می‌گویند.`,
        body: `${site ? `خانواده‌هایی که در پاییز ۱۳۶۷ در جست‌وجوی عزیزانشان بودند به **${p.fa}** رسیدند.` : `در تابستان ۱۳۶۷ زندانیان **${p.fa}** را به برابر هیئتی بردند.`} در این مجموعهٔ نمونه ${fa(victims)} تن از جان‌باختگان برجسته (ساختگی) به این مکان پیوند دارند.[^1]\n\nروایت‌های این صفحه از شهادت‌ها و گزارشی ساختگی آمده‌اند.[^2] سبت هر گزاره را با منبعش نگه می‌دارد و منابع ناهمسو را کنار هم نشان می‌دهد.\n\nمکان واقعی است؛ افراد واقعی نیستند.${FA_FOOT}`,
      },
    },
  };
}

/** A memorial article for one featured (invented) victim. */
export function memorialArticle(
  v: {
    key: string;
    nameFa: string;
    nameEn: string;
    cityFa: string;
    cityEn: string;
    prisonFa: string;
    prisonEn: string;
    age: number;
  },
  cites: DemoCitation[],
  tags: TagId[],
): ArticleDraft {
  return {
    slug: `memorial-${v.key.slice(-6)}`,
    citations: cites,
    tags,
    about: [v.key],
    versions: {
      en: {
        title: `Remembering ${v.nameEn} (an invented life)`,
        summary: `A fictional memorial page for ${v.nameEn}, from ${v.cityEn}.`,
        body: `**${v.nameEn}** is an invented person. In the demo, they came from ${v.cityEn}, were held in ${v.prisonEn}, and were about ${v.age} years old in the summer of 1367.[^1]\n\nDifferent lists write the name differently; Sabt keeps each spelling as a claim with its list as the source, and record linkage decides which rows are the same person.${cites.length > 1 ? "[^2]" : ""}\n\nNo real family is behind this page.${EN_FOOT}`,
      },
      fa: {
        title: `به یاد ${v.nameFa} (زندگی‌ای ساختگی)`,
        summary: `صفحهٔ یادبود خیالی برای ${v.nameFa}، از ${v.cityFa}.`,
        body: `**${v.nameFa}** فردی ساختگی است. در این مجموعه، او اهل ${v.cityFa} بود، در ${v.prisonFa} زندانی بود و در تابستان ۱۳۶۷ حدود ${fa(v.age)} سال داشت.[^1]\n\nفهرست‌های گوناگون نام را به شکل‌های گوناگون نوشته‌اند؛ سبت هر املا را با منبعش نگه می‌دارد و پیوند رکوردها تعیین می‌کند کدام ردیف‌ها یک نفرند.${cites.length > 1 ? "[^2]" : ""}\n\nپشت این صفحه هیچ خانوادهٔ واقعی‌ای نیست.${FA_FOOT}`,
      },
    },
  };
}

/** An official's career article. */
export function careerArticle(
  o: { key: string; nameFa: string; nameEn: string; seatFa: string; seatEn: string },
  cites: DemoCitation[],
): ArticleDraft {
  return {
    slug: `career-${o.key.slice(-3).replace(":", "")}`,
    citations: cites,
    tags: ["death-commissions", "accountability"],
    about: [o.key],
    versions: {
      en: {
        title: `From the commission to high office: the career of ${o.nameEn} (fictional)`,
        summary: `An invented official's path from the ${o.seatEn} to later offices.`,
        body: `**${o.nameEn}** is an invented official. In the summer of 1367 he held the seat "${o.seatEn}".[^1]\n\nAn invented appointments digest records his later posts, some held to this day.[^2] Sabt derives "last seen as" from these dated occupancies, each with its source.\n\nThe offices are generic; the person is fictional.${EN_FOOT}`,
      },
      fa: {
        title: `از هیئت تا مقام بالا: کارنامهٔ ${o.nameFa} (خیالی)`,
        summary: `مسیر یک مقام ساختگی از «${o.seatFa}» تا مقام‌های بعدی.`,
        body: `**${o.nameFa}** مقامی ساختگی است. در تابستان ۱۳۶۷ او جایگاه «${o.seatFa}» را داشت.[^1]\n\nنشریهٔ انتصابات ساختگی سمت‌های بعدی او را ثبت کرده است که برخی هنوز در دست اوست.[^2] سبت «آخرین سمت شناخته‌شده» را از همین دوره‌های تاریخ‌دار و منبع‌دار به دست می‌آورد.\n\nسمت‌ها عمومی‌اند؛ فرد ساختگی است.${FA_FOOT}`,
      },
    },
  };
}

/** A fixed-topic article (lists, estimation, cases, testimonies). */
export function topicArticle(
  slug: string,
  en: DemoArticleVersion,
  faV: DemoArticleVersion,
  cites: DemoCitation[],
  tags: TagId[],
  about: string[],
): ArticleDraft {
  return {
    slug,
    citations: cites,
    tags,
    about,
    versions: { en: { ...en, body: en.body + EN_FOOT }, fa: { ...faV, body: faV.body + FA_FOOT } },
  };
}
