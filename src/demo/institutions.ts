/**
 * Places, organizations, sources and list entities: the fixed frame the rest of the demo cites.
 * Organizations are generic (a prosecutor's office) or plainly fictional (documentation groups).
 */
import type { Graph } from "./graph.ts";
import { ref, text } from "./graph.ts";
import { ALL_PLACES, CITIES } from "./places.ts";
import type { DemoLang } from "./types.ts";
import { LIST_IDS } from "./victims.ts";

/** Editorial: the frame is asserted by the collection's (fictional) editors. */
const ED = {};

/** Keys of the sources other parts cite. */
export const SOURCES = {
  reportHigh: "source:report-high",
  reportLow: "source:report-low",
  reportCommissions: "source:report-commissions",
  gazette: "source:appointments-digest",
  judgment1: "source:judgment-case-1",
  complaint2: "source:complaint-case-2",
} as const;

/** Cities that had a provincial commission in the demo, with their prison and prosecutor's office. */
export const PROVINCIAL: readonly { city: string; prison: string }[] = [
  { city: "mashhad", prison: "vakilabad" },
  { city: "tabriz", prison: "tabriz-central" },
  { city: "shiraz", prison: "adelabad" },
  { city: "isfahan", prison: "dastgerd" },
  { city: "rasht", prison: "lakan" },
  { city: "ahvaz", prison: "karun" },
  { city: "kermanshah", prison: "dizelabad" },
];

/** A bilingual label. */
export type Bi = Record<DemoLang, string>;

function labels(g: Graph, key: string, l: Bi, property = "name"): void {
  g.claim(key, property, text(l.fa, "fa"), ED);
  g.claim(key, property, text(l.en, "en"), ED);
}

/** Adds every place with type, names, coordinates and containing city. */
export function addPlaces(g: Graph): void {
  for (const p of ALL_PLACES) {
    const key = g.entity(`place:${p.id}`, "place", `place-${p.id}`, p.en);
    g.claim(key, "place_type", text(p.type));
    labels(g, key, { fa: p.fa, en: p.en });
    for (const v of p.enVariants) {
      g.claim(key, "alias", { type: "name", value: v, script: "Latn", kind: "alias" });
    }
    for (const v of p.faVariants) {
      g.claim(key, "alias", { type: "name", value: v, script: "Arab", kind: "alias" });
    }
    if (p.coordinates) {
      g.claim(key, "coordinates", { type: "geo", value: { ...p.coordinates, precision: "approximate" } });
    }
    if (p.city) g.claim(key, "located_in", ref(`place:${p.city}`));
  }
}

const ORGS: readonly { id: string; fa: string; en: string; kind: string; place?: string }[] = [
  {
    id: "prosecutor-general",
    fa: "دادستانی کل (عمومی)",
    en: "Office of the Prosecutor-General (generic)",
    kind: "state_body",
  },
  {
    id: "prisons-organization",
    fa: "سازمان زندان‌ها (عمومی)",
    en: "Prisons Organization (generic)",
    kind: "state_body",
  },
  {
    id: "intelligence-ministry",
    fa: "وزارت اطلاعات (عمومی)",
    en: "Ministry of Intelligence (generic)",
    kind: "state_body",
  },
  {
    id: "revolutionary-court-tehran",
    fa: "دادگاه انقلاب تهران",
    en: "Revolutionary Court of Tehran",
    kind: "court",
    place: "tehran",
  },
  ...["tehran", ...PROVINCIAL.map((p) => p.city)].map((c) => {
    const city = CITIES.find((x) => x.id === c);
    return {
      id: `prosecutor-${c}`,
      fa: `دادستانی ${city?.fa ?? c}`,
      en: `Prosecutor's Office of ${city?.en ?? c}`,
      kind: "state_body",
      place: c,
    };
  }),
  {
    id: "group-fa1",
    fa: "گروه خیالی مستندسازی خانواده‌ها",
    en: "Families' Documentation Group (fictional)",
    kind: "documentation_group",
  },
  { id: "group-fa2", fa: "آرشیو خیالی تبعید", en: "Exile Archive (fictional)", kind: "documentation_group" },
  {
    id: "group-en1",
    fa: "دیده‌بان خیالی حقوق بشر",
    en: "Rights Watchers (fictional)",
    kind: "documentation_group",
  },
  {
    id: "group-en2",
    fa: "پروژهٔ خیالی یادمان",
    en: "Memorial Project (fictional)",
    kind: "documentation_group",
  },
  {
    id: "research-centre",
    fa: "مرکز خیالی پژوهش ۱۳۶۷",
    en: "Research Centre on 1367 (fictional)",
    kind: "research_group",
  },
  {
    id: "court-north",
    fa: "دادگاه خیالی شمال (صلاحیت جهانی)",
    en: "Northern District Court (fictional, universal jurisdiction)",
    kind: "court",
  },
  {
    id: "court-west",
    fa: "دادگاه خیالی غرب (صلاحیت جهانی)",
    en: "Western Regional Court (fictional, universal jurisdiction)",
    kind: "court",
  },
  { id: "gazette", fa: "نشریهٔ خیالی انتصابات", en: "Appointments Digest (fictional)", kind: "publisher" },
];

/** Adds the organizations. */
export function addOrganizations(g: Graph): void {
  for (const o of ORGS) {
    const key = g.entity(`org:${o.id}`, "organization", `org-${o.id}`, o.en);
    labels(g, key, { fa: o.fa, en: o.en });
    g.claim(key, "organization_type", text(o.kind));
    if (o.place) g.claim(key, "located_in", ref(`place:${o.place}`));
  }
}

interface SourceRow {
  key: string;
  kind: "list" | "report" | "testimony" | "article" | "court_document" | "register";
  title: Bi;
  publisher?: string;
  date: string;
  visibility?: "public" | "team" | "confidential";
}

const LIST_TITLES: Record<string, Bi> = {
  fa1: {
    fa: "فهرست خیالی جان‌باختگان (گروه مستندسازی خانواده‌ها)",
    en: "Fictional victim list fa1 (Families' Documentation Group)",
  },
  fa2: { fa: "فهرست خیالی آرشیو تبعید", en: "Fictional victim list fa2 (Exile Archive)" },
  en1: { fa: "فهرست خیالی دیده‌بان حقوق بشر", en: "Fictional victim list en1 (Rights Watchers)" },
  en2: { fa: "فهرست خیالی پروژهٔ یادمان", en: "Fictional victim list en2 (Memorial Project)" },
};

const SOURCE_ROWS: readonly SourceRow[] = [
  {
    key: SOURCES.reportHigh,
    kind: "report",
    title: { fa: "گزارش خیالی «تابستان بی‌پایان»", en: "Fictional report “The Endless Summer”" },
    publisher: "org:group-fa2",
    date: "1999-08-01",
  },
  {
    key: SOURCES.reportLow,
    kind: "report",
    title: { fa: "گزارش خیالی «شمارش نام‌ها»", en: "Fictional report “Counting the Names”" },
    publisher: "org:research-centre",
    date: "2008-09-01",
  },
  {
    key: SOURCES.reportCommissions,
    kind: "report",
    title: { fa: "گزارش خیالی دربارهٔ هیئت‌ها", en: "Fictional report on the commissions" },
    publisher: "org:research-centre",
    date: "2013-07-15",
  },
  {
    key: SOURCES.gazette,
    kind: "register",
    title: { fa: "نشریهٔ خیالی انتصابات، مجموعهٔ ۱۳۶۸–۱۴۰۲", en: "Appointments Digest (fictional), 1989–2023" },
    publisher: "org:gazette",
    date: "2023-06-01",
  },
  {
    key: SOURCES.judgment1,
    kind: "court_document",
    title: { fa: "رأی خیالی پروندهٔ یکم", en: "Fictional judgment in case 1" },
    publisher: "org:court-north",
    date: "2022-07-14",
  },
  {
    key: SOURCES.complaint2,
    kind: "court_document",
    title: { fa: "شکایت خیالی پروندهٔ دوم", en: "Fictional complaint in case 2" },
    publisher: "org:court-west",
    date: "2023-03-02",
  },
];

/** Adds the list entities and every source; testimonies are added with the witnesses. */
export function addSources(g: Graph): void {
  for (const id of LIST_IDS) {
    const title = LIST_TITLES[id] ?? { fa: id, en: id };
    const source = g.entity(`source:list-${id}`, "source", `source-list-${id}`, title.en);
    g.claim(source, "source_type", text("list"));
    labels(g, source, title, "title");
    g.claim(source, "publisher", ref(`org:group-${id}`));
    const list = g.entity(`list:${id}`, "list", `list-${id}`, title.en);
    labels(g, list, title, "title");
    g.claim(list, "source", ref(source));
    g.claim(list, "compiled_by", ref(`org:group-${id}`));
  }
  for (const s of SOURCE_ROWS) {
    addSource(g, s.key, s.kind, s.title, s.date, s.publisher, s.visibility);
  }
}

/** Adds one source entity with its type, title, date and publisher. */
export function addSource(
  g: Graph,
  key: string,
  kind: string,
  title: Bi,
  date: string,
  publisher?: string,
  visibility: "public" | "team" | "confidential" = "public",
): void {
  g.entity(key, "source", key.replace(":", "-"), title.en, visibility);
  g.claim(key, "source_type", text(kind), { visibility });
  g.claim(key, "title", text(title.fa, "fa"), { visibility });
  g.claim(key, "title", text(title.en, "en"), { visibility });
  g.claim(
    key,
    "published",
    {
      type: "date",
      value: { text: date, calendar: "gregorian", precision: "day", earliest: date, latest: date },
    },
    { visibility },
  );
  if (publisher) g.claim(key, "publisher", ref(publisher), { visibility });
}
