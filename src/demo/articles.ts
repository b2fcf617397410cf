/**
 * Thirty short fictional articles in Persian and English, with tags, authors and footnote
 * citations, built from templates over the generated entities (so every link resolves).
 */
import {
  careerArticle,
  fa,
  memorialArticle,
  placeArticle,
  topicArticle,
  type ArticleDraft,
} from "./article-texts.ts";
import { addDays, daysBetween, jalaliParts } from "./dates.ts";
import type { EventsIndex } from "./events.ts";
import type { Graph } from "./graph.ts";
import { ref, text } from "./graph.ts";
import { SOURCES } from "./institutions.ts";
import type { OfficialsIndex } from "./officials.ts";
import { addPersonEntity, member } from "./relations.ts";
import { latinName, persianName, type InventedPerson } from "./people.ts";
import { placeById, SITES } from "./places.ts";
import type { Rng } from "./rng.ts";
import { tagKey, TAGS, type TagId } from "./tags.ts";
import { tollFigures } from "./contested.ts";
import type { DemoArticle, DemoCitation, DemoTag, DemoTruthPerson } from "./types.ts";
import type { Victim } from "./victims.ts";

/** What the article templates draw on. */
export interface ArticleContext {
  authors: InventedPerson[];
  featured: Victim[];
  officials: OfficialsIndex;
  events: EventsIndex;
  contested: { deathDate?: string; prison?: string };
  truth: readonly DemoTruthPerson[];
}

const PLACE_TAGS: Record<string, TagId[]> = {
  evin: ["evin", "death-commissions"],
  gohardasht: ["gohardasht", "death-commissions"],
  qezelhesar: ["testimonies"],
  khavaran: ["khavaran", "families"],
};

function topics(ctx: ArticleContext, t: (n: number) => DemoCitation): ArticleDraft[] {
  const { high, low } = tollFigures(ctx.truth);
  const documented = ctx.truth.filter((p) => p.records.length > 0).length;
  const lists: DemoCitation[] = ["fa1", "fa2", "en1", "en2"].map((id) => ({ source: `source:list-${id}` }));
  return [
    topicArticle(
      "four-lists-one-count",
      {
        title: "Four lists, one count (fictional)",
        summary: "How four invented victim lists overlap.",
        body: `Four invented groups each kept a list: two in Persian script with Solar Hijri dates, two in Latin script with Gregorian dates.[^1] Together they name ${documented} distinct invented people once the same person is found across lists.[^2]\n\nNo list is complete, and each spells names its own way: *Mohammad*, *Mohammed* and *Muhammad* can be one man.`,
      },
      {
        title: "چهار فهرست، یک شمارش (خیالی)",
        summary: "چهار فهرست ساختگی چگونه هم‌پوشانی دارند.",
        body: `چهار گروه ساختگی هر یک فهرستی نگه داشتند: دو فهرست به خط فارسی با تاریخ خورشیدی و دو فهرست به خط لاتین با تاریخ میلادی.[^1] با یافتن هر فرد در فهرست‌های گوناگون، روی هم ${fa(documented)} فرد ساختگی متمایز نام برده می‌شوند.[^2]\n\nهیچ فهرستی کامل نیست و هر کدام نام‌ها را به شیوهٔ خود می‌نویسد.`,
      },
      [lists[0] ?? t(1), lists[2] ?? t(2)],
      ["victim-lists"],
      ["list:fa1", "list:fa2", "list:en1", "list:en2"],
    ),
    topicArticle(
      "how-many-were-never-recorded",
      {
        title: "How many were never recorded? (fictional)",
        summary: "Estimating the victims no list names.",
        body: `Because the four lists overlap only partly, the size of the overlaps tells us something about the people no list recorded.[^1] Sabt estimates that number with log-linear models and a latent-class model, and shows an interval, not a single figure.\n\nIn this demo the true number is known, because the people are generated: the estimate can be checked against it.[^2]`,
      },
      {
        title: "چند نفر هرگز ثبت نشدند؟ (خیالی)",
        summary: "برآورد جان‌باختگانی که در هیچ فهرستی نیستند.",
        body: `چون چهار فهرست تنها تا اندازه‌ای هم‌پوشانی دارند، اندازهٔ این هم‌پوشانی‌ها چیزی دربارهٔ کسانی می‌گوید که در هیچ فهرستی نیامده‌اند.[^1] سبت این شمار را با مدل‌های لگ‌خطی و مدل کلاس پنهان برآورد می‌کند و بازه‌ای نشان می‌دهد، نه یک عدد.\n\nدر این نمونه شمار واقعی معلوم است، چون افراد ساخته شده‌اند.[^2]`,
      },
      [lists[1] ?? t(1), lists[3] ?? t(2)],
      ["estimation", "victim-lists"],
      ["event:summer-1367"],
    ),
    topicArticle(
      "two-reports-two-tolls",
      {
        title: "Two reports, two tolls (fictional)",
        summary: "Why the invented reports disagree.",
        body: `One invented report says at least ${high} people were executed.[^1] Another lists ${low} names it could verify.[^2]\n\nSabt shows both figures, each with its source, and marks them as contested; neither is silently preferred.`,
      },
      {
        title: "دو گزارش، دو شمار (خیالی)",
        summary: "چرا گزارش‌های ساختگی با هم همخوان نیستند.",
        body: `یک گزارش ساختگی می‌گوید دست‌کم ${fa(high)} نفر اعدام شدند.[^1] گزارش دیگری ${fa(low)} نامِ تأییدشده را فهرست می‌کند.[^2]\n\nسبت هر دو عدد را با منبعشان نشان می‌دهد و آن‌ها را «مورد اختلاف» علامت می‌زند.`,
      },
      [
        { source: SOURCES.reportHigh, locator: { page: 7 } },
        { source: SOURCES.reportLow, locator: { page: 3 } },
      ],
      ["estimation", "accountability"],
      ["event:summer-1367"],
    ),
    topicArticle(
      "case-1-judgment",
      {
        title: "A conviction far from home (fictional case 1)",
        summary: "An invented court convicts an invented official.",
        body: "Under universal jurisdiction, an invented court tried an invented former prison official.[^1] The judgment, also invented, relies on testimonies of former prisoners.[^2]",
      },
      {
        title: "محکومیتی دور از خانه (پروندهٔ خیالی یکم)",
        summary: "دادگاهی ساختگی مقامی ساختگی را محکوم می‌کند.",
        body: "بر پایهٔ صلاحیت جهانی، دادگاهی ساختگی یک مقام پیشین زندان را، که او نیز ساختگی است، محاکمه کرد.[^1] رأی ساختگی بر شهادت زندانیان پیشین تکیه دارد.[^2]",
      },
      [{ source: SOURCES.judgment1, locator: { page: 1 } }, t(1)],
      ["accountability", "testimonies"],
      ["legal_case:1"],
    ),
    topicArticle(
      "case-2-complaint",
      {
        title: "A complaint against serving officials (fictional case 2)",
        summary: "An invented complaint meets a claim of immunity.",
        body: "Invented families filed a complaint against two invented former commission members who now hold high office.[^1] The invented court is examining a claim of official immunity.[^2]",
      },
      {
        title: "شکایت از مقام‌های در حال خدمت (پروندهٔ خیالی دوم)",
        summary: "شکایتی ساختگی با ادعای مصونیت روبه‌رو می‌شود.",
        body: "خانواده‌هایی ساختگی از دو عضو پیشین هیئت که اکنون مقام بالایی دارند شکایت کردند.[^1] دادگاه ساختگی ادعای مصونیت را بررسی می‌کند.[^2]",
      },
      [
        { source: SOURCES.complaint2, locator: { page: 1 } },
        { source: SOURCES.complaint2, locator: { page: 30 } },
      ],
      ["accountability", "families"],
      ["legal_case:2"],
    ),
    topicArticle(
      "the-commissions",
      {
        title: "Nine commissions in one summer (fictional)",
        summary: "How the invented commissions worked.",
        body: "In the demo, nine commissions of three members each sat in the summer of 1367: in Evin, in Gohardasht and in seven provincial prisons.[^1] Hearings lasted minutes, according to invented testimonies.[^2]",
      },
      {
        title: "نُه هیئت در یک تابستان (خیالی)",
        summary: "هیئت‌های ساختگی چگونه کار می‌کردند.",
        body: "در این نمونه، تابستان ۱۳۶۷ نُه هیئت سه‌نفره تشکیل شد: در اوین، در گوهردشت و در هفت زندان شهرستان‌ها.[^1] به گفتهٔ شهادت‌های ساختگی، جلسه‌ها چند دقیقه طول می‌کشید.[^2]",
      },
      [{ source: SOURCES.reportCommissions, locator: { page: 1 } }, t(2)],
      ["death-commissions", "provinces"],
      ["event:summer-1367"],
    ),
    topicArticle(
      "keeping-testimonies-safe",
      {
        title: "Keeping testimonies safe (fictional)",
        summary: "Why some invented witnesses stay confidential.",
        body: "Half of the invented witnesses in this demo are confidential: their names never reach a public page.[^1] Their testimonies still support public claims, cited without revealing who spoke.[^2]",
      },
      {
        title: "نگهداری امن شهادت‌ها (خیالی)",
        summary: "چرا برخی شاهدان ساختگی محرمانه می‌مانند.",
        body: "نیمی از شاهدان ساختگی این نمونه محرمانه‌اند: نامشان هرگز به صفحهٔ عمومی نمی‌رسد.[^1] شهادت آنان همچنان پشتوانهٔ گزاره‌های عمومی است.[^2]",
      },
      [t(3), t(4)],
      ["testimonies", "families"],
      [],
    ),
  ];
}

/** Adds tags, authors and the 30 articles (entities and claims) and returns them. */
export function addArticles(
  g: Graph,
  rng: Rng,
  ctx: ArticleContext,
): { articles: DemoArticle[]; tags: DemoTag[] } {
  for (const tag of TAGS) {
    g.entity(tag.key, "tag", `tag-${tag.slug}`, tag.labels.en);
    g.claim(tag.key, "label", text(tag.labels.fa, "fa"));
    g.claim(tag.key, "label", text(tag.labels.en, "en"));
  }
  for (const a of ctx.authors) {
    addPersonEntity(g, a, "author", []);
    member(g, a.key, "org:research-centre", jalaliParts(rng.int(1390, 1400)), {
      source: SOURCES.reportLow,
      locator: { page: 2 },
    });
  }
  const testimony = (n: number): DemoCitation => ({
    source: ctx.events.testimonies[n % ctx.events.testimonies.length] ?? SOURCES.reportCommissions,
    locator: { minute: 10 * n + 3 },
  });
  const drafts: ArticleDraft[] = [];
  for (const site of SITES) {
    const count = ctx.featured.filter((v) => v.prison === site.id).length;
    drafts.push(
      placeArticle(
        site,
        count,
        [{ source: SOURCES.reportCommissions, locator: { page: rng.int(5, 90) } }, testimony(drafts.length)],
        PLACE_TAGS[site.id] ?? ["provinces", "death-commissions"],
      ),
    );
  }
  for (const v of ctx.featured.slice(0, 8)) {
    const cites = g.claims
      .filter((c) => c.subject === v.key && c.property === "name")
      .flatMap((c) => c.sources)
      .slice(0, 2);
    const prison = placeById(v.prison);
    const city = placeById(v.city);
    drafts.push(
      memorialArticle(
        {
          key: v.key,
          nameFa: `${v.given.fa} ${v.family.fa}`,
          nameEn: `${v.given.en} ${v.family.en}`,
          cityFa: city.fa,
          cityEn: city.en,
          prisonFa: prison.fa,
          prisonEn: prison.en,
          age: Math.floor(daysBetween(v.birth, v.death) / 365.25),
        },
        cites,
        ["families", "victim-lists"],
      ),
    );
  }
  for (const i of [0, 1, 2, 3]) {
    const o = ctx.officials.officials[i];
    if (!o) continue;
    const seat =
      i < 3
        ? { fa: "عضو هیئت اوین", en: "Member of the Evin commission" }
        : { fa: "عضو هیئت مشهد", en: "Member of the Mashhad commission" };
    drafts.push(
      careerArticle(
        { key: o.key, nameFa: persianName(o), nameEn: latinName(o), seatFa: seat.fa, seatEn: seat.en },
        [
          { source: SOURCES.reportCommissions, locator: { page: 10 + i } },
          { source: SOURCES.gazette, locator: { page: 41 + i } },
        ],
      ),
    );
  }
  drafts.push(...topics(ctx, testimony));
  // Interleave the kinds over the publication dates, as a real site's archive would be.
  const articles = rng.shuffle(drafts).map((d, i): DemoArticle => {
    const key = `article:${String(i + 1).padStart(2, "0")}`;
    const published = addDays("2019-01-07", i * 75 + rng.int(0, 20));
    const author = rng.pick(ctx.authors).key;
    g.entity(key, "article", `article-${d.slug}`, d.versions.en.title);
    for (const lang of ["fa", "en"] as const) {
      const v = d.versions[lang];
      g.claim(key, "title", text(v.title, lang));
      g.claim(key, "summary", text(v.summary, lang));
      g.claim(key, "body", { type: "markdown", value: v.body, lang });
    }
    const updated = addDays(published, rng.chance(0.3) ? rng.int(5, 200) : 0);
    g.claim(key, "slug", text(d.slug));
    g.claim(key, "published", {
      type: "date",
      value: {
        text: published,
        calendar: "gregorian",
        precision: "day",
        earliest: published,
        latest: published,
      },
    });
    g.claim(key, "updated", {
      type: "date",
      value: { text: updated, calendar: "gregorian", precision: "day", earliest: updated, latest: updated },
    });
    g.claim(key, "author", ref(author));
    for (const t of d.tags) g.claim(key, "tag", ref(tagKey(t)));
    for (const a of d.about) g.claim(key, "about", ref(a));
    d.citations.forEach((c, n) =>
      g.claim(key, "cites", ref(c.source), { sources: [c], confidenceRule: `footnote-${n + 1}` }),
    );
    return {
      key,
      slug: d.slug,
      published,
      updated,
      author,
      tags: d.tags.map(tagKey),
      versions: d.versions,
      citations: d.citations,
      about: d.about,
      fictional: true,
    };
  });
  return { articles, tags: TAGS.map((t) => ({ ...t, labels: { ...t.labels } })) };
}
