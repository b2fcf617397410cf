/**
 * Forty invented officials: the 1367 commissions, prosecutors and prison heads, their seats
 * (positions), who held them when (occupancies), who commanded whom, and later careers that
 * reach today's (fictional) high offices, the pattern accountability work has to document.
 */
import { jalaliParts } from "./dates.ts";
import type { Graph } from "./graph.ts";
import { PROVINCIAL, SOURCES, type Bi } from "./institutions.ts";
import { addLegalCases } from "./legal-cases.ts";
import type { InventedPerson } from "./people.ts";
import { placeById } from "./places.ts";
import { addPersonEntity, command, member, occupy, position } from "./relations.ts";
import type { Rng } from "./rng.ts";
import type { DemoCitation } from "./types.ts";
/** Who sat on which commission, for events and articles. */
export interface OfficialsIndex {
  officials: InventedPerson[];
  /** Prison id → official keys who sat on that prison's commission. */
  commissions: Record<string, string[]>;
  /** The commission seat position per prison id. */
  commissionSeats: Record<string, string>;
  /** Official keys accused in each legal case. */
  accused: [string[], string[]];
}

const TEHRAN_PRISONS = ["evin", "gohardasht"] as const;
const PRISONS_WITH_HEADS = ["evin", "gohardasht", "qezelhesar", ...PROVINCIAL.map((p) => p.prison)];

const LATER: readonly { id: string; title: Bi; org?: string }[] = [
  { id: "deputy-minister-justice", title: { fa: "معاون وزیر دادگستری", en: "Deputy Minister of Justice" } },
  { id: "minister-justice", title: { fa: "وزیر دادگستری", en: "Minister of Justice" } },
  { id: "supreme-court-judge", title: { fa: "قاضی دیوان عالی کشور", en: "Judge of the Supreme Court" } },
  { id: "inspection-head", title: { fa: "رئیس سازمان بازرسی", en: "Head of the General Inspection Office" } },
  {
    id: "advisor-judiciary",
    title: { fa: "مشاور رئیس قوه قضاییه", en: "Adviser to the Head of the Judiciary" },
  },
  {
    id: "judiciary-tehran",
    title: { fa: "رئیس دادگستری استان تهران", en: "Head of the Judiciary of Tehran Province" },
  },
  {
    id: "judiciary-khorasan",
    title: { fa: "رئیس دادگستری استان خراسان", en: "Head of the Judiciary of Khorasan Province" },
  },
  { id: "mp-tabriz", title: { fa: "نمایندهٔ مجلس از تبریز", en: "Member of Parliament for Tabriz" } },
  { id: "mp-shiraz", title: { fa: "نمایندهٔ مجلس از شیراز", en: "Member of Parliament for Shiraz" } },
  { id: "governor-gilan", title: { fa: "استاندار گیلان", en: "Governor of Gilan" } },
  { id: "governor-khuzestan", title: { fa: "استاندار خوزستان", en: "Governor of Khuzestan" } },
  { id: "ambassador", title: { fa: "سفیر در یک کشور خیالی", en: "Ambassador to a fictional country" } },
  {
    id: "prisons-deputy",
    title: { fa: "معاون سازمان زندان‌ها", en: "Deputy Head of the Prisons Organization" },
  },
  {
    id: "council-member",
    title: { fa: "عضو یک شورای عالی خیالی", en: "Member of a fictional Supreme Council" },
  },
];

/** Adds the 40 officials with positions, occupancies, commands, memberships and two legal cases. */
export function addOfficials(g: Graph, rng: Rng, officials: InventedPerson[]): OfficialsIndex {
  const gazette = (page: number): DemoCitation => ({ source: SOURCES.gazette, locator: { page } });
  const report = (page: number): DemoCitation => ({ source: SOURCES.reportCommissions, locator: { page } });
  for (const o of officials) addPersonEntity(g, o, "official", [report(rng.int(3, 90))]);
  const at = (i: number): InventedPerson => {
    const o = officials[i];
    if (!o) throw new Error(`official ${i} missing`);
    return o;
  };
  const commissions: Record<string, string[]> = {};
  const commissionSeats: Record<string, string> = {};
  const seatFrom = jalaliParts(1367, 5);
  const seatTo = jalaliParts(1367, 6);
  const roles = ["religious judge", "prosecutor", "intelligence representative"] as const;
  // The Tehran commission sat in both Evin and Gohardasht: same three members, two seats.
  for (const prison of TEHRAN_PRISONS) {
    const place = placeById(prison);
    const seat = position(
      g,
      `commission-${prison}`,
      { fa: `عضو هیئت ${place.fa}`, en: `Member of the ${place.en.replace(" Prison", "")} commission` },
      undefined,
      `place:${prison}`,
    );
    commissionSeats[prison] = seat;
    commissions[prison] = [0, 1, 2].map((i) => at(i).key);
    roles.forEach((role, i) => occupy(g, at(i), seat, seatFrom, seatTo, report(10 + i), role));
  }
  PROVINCIAL.forEach((p, k) => {
    const seat = position(
      g,
      `commission-${p.prison}`,
      { fa: `عضو هیئت ${placeById(p.city).fa}`, en: `Member of the ${placeById(p.city).en} commission` },
      undefined,
      `place:${p.prison}`,
    );
    commissionSeats[p.prison] = seat;
    const members = [3 + 3 * k, 4 + 3 * k, 5 + 3 * k];
    commissions[p.prison] = members.map((i) => at(i).key);
    roles.forEach((role, i) => occupy(g, at(members[i] ?? 0), seat, seatFrom, seatTo, report(20 + k), role));
  });
  // Prosecutors: the commission's prosecutor was the city's prosecutor.
  const prosecutorOf = (city: string, official: number): void => {
    const c = placeById(city);
    const pos = position(
      g,
      `prosecutor-${city}`,
      { fa: `دادستان ${c.fa}`, en: `Prosecutor of ${c.en}` },
      `org:prosecutor-${city}`,
      `place:${city}`,
    );
    occupy(
      g,
      at(official),
      pos,
      jalaliParts(rng.int(1362, 1365)),
      jalaliParts(rng.int(1368, 1370)),
      gazette(rng.int(1, 40)),
    );
    member(g, at(official).key, `org:prosecutor-${city}`, jalaliParts(1362), gazette(rng.int(1, 40)));
    command(
      g,
      "org:prosecutor-general",
      `org:prosecutor-${city}`,
      jalaliParts(1360),
      jalaliParts(1368),
      gazette(2),
    );
  };
  prosecutorOf("tehran", 1);
  PROVINCIAL.forEach((p, k) => prosecutorOf(p.city, 4 + 3 * k));
  for (const i of [2, ...PROVINCIAL.map((_p, k) => 5 + 3 * k)]) {
    member(g, at(i).key, "org:intelligence-ministry", jalaliParts(1363), report(40));
  }
  // Heads of prisons, commanded by the Prisons Organization and, that summer, by the commissions.
  const orgHead = position(
    g,
    "head-prisons-organization",
    { fa: "رئیس سازمان زندان‌ها", en: "Head of the Prisons Organization" },
    "org:prisons-organization",
  );
  occupy(g, at(35), orgHead, jalaliParts(1364), jalaliParts(1369), gazette(5));
  PRISONS_WITH_HEADS.forEach((prison, k) => {
    const place = placeById(prison);
    const pos = position(
      g,
      `head-${prison}`,
      { fa: `رئیس زندان ${place.fa.replace("زندان ", "")}`, en: `Head of ${place.en}` },
      "org:prisons-organization",
      `place:${prison}`,
    );
    occupy(
      g,
      at(24 + k),
      pos,
      jalaliParts(rng.int(1363, 1366)),
      jalaliParts(rng.int(1368, 1371)),
      gazette(rng.int(6, 30)),
    );
    member(g, at(24 + k).key, "org:prisons-organization", jalaliParts(1362), gazette(6));
    command(g, orgHead, pos, jalaliParts(1364), jalaliParts(1369), gazette(5));
    const seat = commissionSeats[prison];
    if (seat) command(g, seat, pos, jalaliParts(1367, 5), jalaliParts(1367, 6), report(50 + k));
  });
  const others: readonly [number, string, Bi, string][] = [
    [
      34,
      "deputy-prosecutor-general",
      { fa: "معاون دادستان کل", en: "Deputy Prosecutor-General" },
      "org:prosecutor-general",
    ],
    [
      36,
      "judge-revolutionary-court-tehran",
      { fa: "قاضی دادگاه انقلاب تهران", en: "Judge of the Revolutionary Court of Tehran" },
      "org:revolutionary-court-tehran",
    ],
    [
      37,
      "deputy-head-gohardasht",
      { fa: "دادیار زندان گوهردشت", en: "Assistant prosecutor at Gohardasht Prison" },
      "org:prosecutor-tehran",
    ],
    [
      38,
      "guard-commander-evin",
      { fa: "فرمانده نگهبانان اوین", en: "Commander of the guards at Evin" },
      "org:prisons-organization",
    ],
    [
      39,
      "intelligence-tehran",
      { fa: "مسئول اطلاعات تهران", en: "Intelligence chief for Tehran" },
      "org:intelligence-ministry",
    ],
  ];
  for (const [i, id, title, org] of others) {
    const pos = position(g, id, title, org);
    occupy(
      g,
      at(i),
      pos,
      jalaliParts(rng.int(1362, 1366)),
      jalaliParts(rng.int(1368, 1372)),
      report(rng.int(60, 80)),
    );
    member(g, at(i).key, org, jalaliParts(1362), report(rng.int(60, 80)));
  }
  // Later careers: many climbed. The last seat is often still held today (no end date).
  const laterSeats = LATER.map((l) => position(g, `later-${l.id}`, l.title, l.org));
  officials.forEach((o, i) => {
    if (i > 33 && i !== 37) return;
    let year = rng.int(1369, 1374);
    const steps = i < 3 ? 3 : rng.int(0, 2);
    for (let s = 0; s < steps; s++) {
      const seat =
        i < 3 && s === steps - 1 ? (laterSeats[i === 0 ? 1 : i === 1 ? 3 : 13] ?? "") : rng.pick(laterSeats);
      const end = year + rng.int(3, 9);
      const current = s === steps - 1 && (i < 3 || rng.chance(0.4));
      occupy(
        g,
        o,
        seat,
        jalaliParts(year),
        current || end > 1403 ? undefined : jalaliParts(end),
        gazette(rng.int(41, 400)),
      );
      year = Math.min(end, 1402);
    }
  });
  const accused: [string[], string[]] = [[at(37).key], [at(0).key, at(1).key]];
  addLegalCases(g, accused);
  return { officials, commissions, commissionSeats, accused };
}
