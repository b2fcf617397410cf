/**
 * Events of the demo: arrests (1360–1366), commission sittings and executions in the summer of
 * 1367, and burials, linked to places and to participants (victims, witnesses, commission
 * members) through participation relations. Witnesses and their testimonies are made here too.
 */
import { jalaliMonthNames, toPersianDigits } from "../dates/index.ts";
import { addDays, fromJalali, gregorianDate, jalaliDate, jalaliParts, toJalali } from "./dates.ts";
import type { Graph } from "./graph.ts";
import { num, ref, text } from "./graph.ts";
import { addSource, PROVINCIAL, SOURCES } from "./institutions.ts";
import type { OfficialsIndex } from "./officials.ts";
import { addPersonEntity } from "./relations.ts";
import type { InventedPerson } from "./people.ts";
import { placeById } from "./places.ts";
import type { Rng } from "./rng.ts";
import type { DemoCitation, DemoDate } from "./types.ts";
import type { Victim } from "./victims.ts";

/** The umbrella event every toll claim is about. */
export const MASSACRE_EVENT = "event:summer-1367";

/** What later parts need from the events. */
export interface EventsIndex {
  /** Victim key → arrest event key. */
  arrests: Map<string, string>;
  executions: string[];
  sittings: string[];
  burials: string[];
  testimonies: string[];
}

function event(
  g: Graph,
  id: string,
  kind: string,
  label: { en: string; fa: string },
  place: string,
  date: DemoDate,
  cite: DemoCitation[],
): string {
  const key = g.entity(`event:${id}`, "event", `event-${id}`, label.en);
  const s = { sources: cite };
  g.claim(key, "event_type", text(kind));
  // A title in each language, so that a Persian page never shows an English one (issue 12).
  g.claim(key, "title", text(label.en, "en"), s);
  g.claim(key, "title", text(label.fa, "fa"), s);
  g.claim(key, "place", ref(`place:${place}`), s);
  g.claim(key, "date", { type: "date", value: date }, s);
  g.claim(key, "part_of", ref(MASSACRE_EVENT));
  return key;
}

/** A day written in Persian words of the Jalali calendar, e.g. "۱۰ مرداد ۱۳۶۷". */
function jalaliWords(iso: string): string {
  const { jy, jm, jd } = toJalali(iso);
  return toPersianDigits(`${jd} ${jalaliMonthNames.fa[jm - 1] ?? ""} ${jy}`);
}

function participate(
  g: Graph,
  person: string,
  ev: string,
  role: string,
  cite: DemoCitation[],
  visibility: "public" | "team" | "confidential" = "public",
): void {
  const key = g.relation("participation", `${g.labelOf(person)}: ${role} in ${g.labelOf(ev)}`, visibility);
  const s = { sources: cite, visibility };
  g.claim(key, "participant", ref(person), s);
  g.claim(key, "event", ref(ev), s);
  g.claim(key, "role", text(role), s);
}

/** Adds the witnesses with their testimonies (half of them confidential) and returns testimony keys. */
export function addWitnesses(g: Graph, rng: Rng, witnesses: InventedPerson[]): string[] {
  return witnesses.map((w, i) => {
    const n = String(i + 1).padStart(2, "0");
    const visibility = i % 2 === 0 ? "public" : "confidential";
    const testimony = `source:testimony-${n}`;
    const year = rng.int(1999, 2022);
    addSource(
      g,
      testimony,
      "testimony",
      { fa: `شهادت خیالی شمارهٔ ${n}`, en: `Fictional testimony no. ${n}` },
      `${year}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`,
      undefined,
      visibility,
    );
    addPersonEntity(g, w, "witness", [{ source: testimony, locator: { minute: 1 } }], visibility);
    g.claim(testimony, "author", ref(w.key), {
      sources: [{ source: testimony, locator: { minute: 0 } }],
      visibility,
    });
    return testimony;
  });
}

/** Adds the events and participations for the featured victims, officials and witnesses. */
export function addEvents(
  g: Graph,
  rng: Rng,
  featured: Victim[],
  officials: OfficialsIndex,
  witnesses: InventedPerson[],
  testimonies: string[],
): EventsIndex {
  const idx: EventsIndex = { arrests: new Map(), executions: [], sittings: [], burials: [], testimonies };
  const testimony = (): DemoCitation => ({
    source: rng.pick(testimonies),
    locator: { minute: rng.int(2, 180) },
  });
  const report = (page: number): DemoCitation => ({ source: SOURCES.reportCommissions, locator: { page } });
  const umbrella = g.entity(
    MASSACRE_EVENT,
    "event",
    "event-summer-1367",
    "Mass executions of summer 1367 (fictional demo)",
  );
  g.claim(umbrella, "event_type", text("execution"));
  g.claim(umbrella, "title", text("اعدام‌های دسته‌جمعی تابستان ۱۳۶۷ (نمونهٔ خیالی)", "fa"));
  g.claim(umbrella, "title", text("Mass executions of summer 1367 (fictional demo)", "en"));
  g.claim(
    umbrella,
    "date",
    {
      type: "date",
      value: {
        text: "تیر تا شهریور ۱۳۶۷",
        calendar: "jalali",
        precision: "month",
        earliest: fromJalali(1367, 4, 1),
        latest: fromJalali(1367, 6, 31),
      },
    },
    { sources: [report(1)] },
  );

  // Commission sittings: Tehran's commission sat often in Evin and Gohardasht, provincial ones a few times.
  const sittingsByPrison = new Map<string, { key: string; iso: string }[]>();
  const prisons: [string, number][] = [
    ["evin", 10],
    ["gohardasht", 10],
    ...PROVINCIAL.map((p) => [p.prison, 3] as [string, number]),
  ];
  for (const [prison, count] of prisons) {
    const list: { key: string; iso: string }[] = [];
    for (let k = 0; k < count; k++) {
      const iso = addDays(fromJalali(1367, 5, 6), Math.floor((k * 52) / count) + rng.int(0, 2));
      const cite = [report(10 + k), testimony()];
      const date = rng.chance(0.7) ? jalaliDate(iso, "words", "persian") : gregorianDate(iso, "dmy");
      const key = event(
        g,
        `sitting-${prison}-${k + 1}`,
        "commission_sitting",
        {
          en: `Commission sitting at ${placeById(prison).en}, no. ${k + 1}`,
          fa: `نشست هیئت در ${placeById(prison).fa}، شمارهٔ ${toPersianDigits(String(k + 1))}`,
        },
        prison,
        date,
        cite,
      );
      for (const m of officials.commissions[prison] ?? []) {
        participate(g, m, key, "commission_member", [report(10 + k)]);
      }
      if (rng.chance(0.5)) {
        const w = rng.pick(witnesses);
        const secret = g.entities.find((e) => e.key === w.key)?.visibility === "confidential";
        participate(g, w.key, key, "witness", [testimony()], secret ? "confidential" : "public");
      }
      list.push({ key, iso });
      idx.sittings.push(key);
    }
    sittingsByPrison.set(prison, list);
  }

  // Executions: one event per prison and day, grouping the featured victims killed together.
  const groups = new Map<string, Victim[]>();
  for (const v of featured) {
    const k = `${v.prison}|${v.death}`;
    groups.set(k, [...(groups.get(k) ?? []), v]);
  }
  let n = 0;
  for (const [k, victims] of [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [prison = "evin", iso = "1988-08-01"] = k.split("|");
    const deathClaim = g.claims.find((c) => c.subject === victims[0]?.key && c.property === "death_date");
    const cite = deathClaim ? deathClaim.sources : [report(60)];
    n += 1;
    const key = event(
      g,
      `execution-${String(n).padStart(3, "0")}`,
      "execution",
      { en: `Execution at ${placeById(prison).en}, ${iso}`, fa: `اعدام در ${placeById(prison).fa}، ${jalaliWords(iso)}` },
      prison,
      jalaliDate(iso, "slash", "persian"),
      cite,
    );
    g.claim(key, "victim_count_known", num(victims.length, "people"), {
      sources: cite,
      confidence: "low",
      confidenceRule: "lower-bound-from-featured-victims",
    });
    for (const v of victims) participate(g, v.key, key, "victim", cite);
    if (prison === "evin") participate(g, officials.officials[38]?.key ?? "", key, "executor", [testimony()]);
    const sitting = (sittingsByPrison.get(prison) ?? []).filter((s) => s.iso <= iso).pop();
    if (sitting) for (const v of victims) participate(g, v.key, sitting.key, "defendant", [report(12)]);
    idx.executions.push(key);
  }

  // Arrests, years earlier: most victims had been serving sentences since the early 1360s.
  for (const v of featured) {
    if (!rng.chance(0.6)) continue;
    const jy = rng.int(1360, 1366);
    const date = rng.chance(0.5) ? jalaliParts(jy, rng.int(1, 12)) : jalaliParts(jy);
    const key = event(
      g,
      `arrest-${v.key.slice(-6)}`,
      "arrest",
      { en: `Arrest of ${v.given.en} ${v.family.en}`, fa: `بازداشت ${v.given.fa} ${v.family.fa}` },
      v.city,
      date,
      [testimony()],
    );
    participate(g, v.key, key, "arrested", [testimony()]);
    idx.arrests.set(v.key, key);
  }

  // Burials: families found the Tehran dead in Khavaran; provincial graves are marked only by city.
  const tehranDead = featured.filter((v) => v.prison === "evin" || v.prison === "gohardasht");
  for (const jm of [5, 6, 7]) {
    const key = event(
      g,
      `burial-khavaran-${jm}`,
      "burial",
      { en: `Burials at Khavaran, month ${jm} of 1367`, fa: `خاک‌سپاری‌ها در خاوران، ${jalaliMonthNames.fa[jm - 1] ?? ""} ۱۳۶۷` },
      "khavaran",
      jalaliParts(1367, jm),
      [testimony()],
    );
    for (const v of tehranDead.filter((d) => toJalali(d.death).jm === jm).slice(0, 12)) {
      participate(g, v.key, key, "buried", [testimony()]);
    }
    idx.burials.push(key);
  }
  for (const p of PROVINCIAL) {
    const key = event(
      g,
      `burial-${p.city}`,
      "burial",
      { en: `Burials in an unmarked grave near ${placeById(p.city).en}`, fa: `خاک‌سپاری در گوری بی‌نشان نزدیک ${placeById(p.city).fa}` },
      p.city,
      jalaliParts(1367, 6),
      [testimony()],
    );
    for (const v of featured.filter((d) => d.prison === p.prison).slice(0, 8)) {
      participate(g, v.key, key, "buried", [testimony()]);
    }
    idx.burials.push(key);
  }
  return idx;
}
