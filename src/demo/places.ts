/**
 * Real places used by the demo: cities, prisons and one burial site with well-known coordinates
 * (approximate, to a few hundred metres). Real places are fine; only the people are invented.
 */

/** A place in the demo's table. */
export interface PlaceRow {
  /** Key suffix: the entity key is `place:<id>`. */
  id: string;
  type: "city" | "prison" | "burial_site";
  fa: string;
  en: string;
  /** Other Latin spellings lists use for the same place. */
  enVariants: readonly string[];
  /** Other Persian spellings lists use. */
  faVariants: readonly string[];
  /** The city a prison or burial site is in (`PlaceRow.id`). */
  city?: string;
  /** Omitted where we do not know the location well enough to publish it. */
  coordinates?: { lat: number; lon: number };
  /** Weight of victims from this city (cities only). */
  weight?: number;
}

/** Cities whose people appear in the demo, with the share of victims from each. */
export const CITIES: readonly PlaceRow[] = [
  {
    id: "tehran",
    type: "city",
    fa: "تهران",
    en: "Tehran",
    enVariants: ["Teheran"],
    faVariants: [],
    coordinates: { lat: 35.6892, lon: 51.389 },
    weight: 30,
  },
  {
    id: "karaj",
    type: "city",
    fa: "کرج",
    en: "Karaj",
    enVariants: [],
    faVariants: [],
    coordinates: { lat: 35.84, lon: 50.9391 },
    weight: 5,
  },
  {
    id: "mashhad",
    type: "city",
    fa: "مشهد",
    en: "Mashhad",
    enVariants: ["Mashad", "Meshed"],
    faVariants: [],
    coordinates: { lat: 36.2605, lon: 59.6168 },
    weight: 8,
  },
  {
    id: "tabriz",
    type: "city",
    fa: "تبریز",
    en: "Tabriz",
    enVariants: [],
    faVariants: [],
    coordinates: { lat: 38.08, lon: 46.2919 },
    weight: 8,
  },
  {
    id: "shiraz",
    type: "city",
    fa: "شیراز",
    en: "Shiraz",
    enVariants: [],
    faVariants: [],
    coordinates: { lat: 29.5918, lon: 52.5837 },
    weight: 7,
  },
  {
    id: "isfahan",
    type: "city",
    fa: "اصفهان",
    en: "Isfahan",
    enVariants: ["Esfahan"],
    faVariants: [],
    coordinates: { lat: 32.6539, lon: 51.666 },
    weight: 7,
  },
  {
    id: "rasht",
    type: "city",
    fa: "رشت",
    en: "Rasht",
    enVariants: ["Resht"],
    faVariants: [],
    coordinates: { lat: 37.2808, lon: 49.5832 },
    weight: 7,
  },
  {
    id: "ahvaz",
    type: "city",
    fa: "اهواز",
    en: "Ahvaz",
    enVariants: ["Ahwaz"],
    faVariants: [],
    coordinates: { lat: 31.3183, lon: 48.6706 },
    weight: 6,
  },
  {
    id: "kermanshah",
    type: "city",
    fa: "کرمانشاه",
    en: "Kermanshah",
    enVariants: ["Kermanshahan"],
    faVariants: [],
    coordinates: { lat: 34.3142, lon: 47.065 },
    weight: 6,
  },
  {
    id: "dezful",
    type: "city",
    fa: "دزفول",
    en: "Dezful",
    enVariants: ["Dezfoul"],
    faVariants: [],
    coordinates: { lat: 32.3811, lon: 48.4058 },
    weight: 3,
  },
  {
    id: "hamedan",
    type: "city",
    fa: "همدان",
    en: "Hamedan",
    enVariants: ["Hamadan"],
    faVariants: [],
    coordinates: { lat: 34.7983, lon: 48.5146 },
    weight: 3,
  },
  {
    id: "urmia",
    type: "city",
    fa: "ارومیه",
    en: "Urmia",
    enVariants: ["Orumiyeh", "Urumieh"],
    faVariants: [],
    coordinates: { lat: 37.5527, lon: 45.0761 },
    weight: 3,
  },
  {
    id: "sanandaj",
    type: "city",
    fa: "سنندج",
    en: "Sanandaj",
    enVariants: [],
    faVariants: [],
    coordinates: { lat: 35.3219, lon: 46.9862 },
    weight: 3,
  },
];

/** Prisons and the burial site. Provincial prisons have no coordinates: we do not publish guesses. */
export const SITES: readonly PlaceRow[] = [
  {
    id: "evin",
    type: "prison",
    fa: "اوین",
    en: "Evin Prison",
    enVariants: ["Evin", "Evin prison"],
    faVariants: ["زندان اوین"],
    city: "tehran",
    coordinates: { lat: 35.7966, lon: 51.3887 },
  },
  {
    id: "gohardasht",
    type: "prison",
    fa: "گوهردشت",
    en: "Gohardasht Prison",
    enVariants: ["Rajaei Shahr", "Gohar Dasht", "Rajai Shahr Prison"],
    faVariants: ["رجایی‌شهر", "زندان گوهردشت"],
    city: "karaj",
    coordinates: { lat: 35.826, lon: 50.934 },
  },
  {
    id: "qezelhesar",
    type: "prison",
    fa: "قزل‌حصار",
    en: "Qezel Hesar Prison",
    enVariants: ["Ghezel Hesar", "Ghezelhesar", "Qezelhesar"],
    faVariants: ["قزلحصار"],
    city: "karaj",
    coordinates: { lat: 35.8425, lon: 51.0035 },
  },
  {
    id: "vakilabad",
    type: "prison",
    fa: "وکیل‌آباد",
    en: "Vakilabad Prison",
    enVariants: ["Vakil Abad", "Vakilabad"],
    faVariants: ["وکیل آباد"],
    city: "mashhad",
  },
  {
    id: "tabriz-central",
    type: "prison",
    fa: "زندان مرکزی تبریز",
    en: "Tabriz Central Prison",
    enVariants: ["Tabriz prison"],
    faVariants: ["زندان تبریز"],
    city: "tabriz",
  },
  {
    id: "adelabad",
    type: "prison",
    fa: "عادل‌آباد",
    en: "Adelabad Prison",
    enVariants: ["Adel Abad", "Adelabad"],
    faVariants: ["عادل آباد"],
    city: "shiraz",
  },
  {
    id: "dastgerd",
    type: "prison",
    fa: "دستگرد",
    en: "Dastgerd Prison",
    enVariants: ["Dastgerd"],
    faVariants: ["زندان دستگرد"],
    city: "isfahan",
  },
  {
    id: "lakan",
    type: "prison",
    fa: "لاکان",
    en: "Lakan Prison",
    enVariants: ["Lakan"],
    faVariants: ["زندان لاکان"],
    city: "rasht",
  },
  {
    id: "karun",
    type: "prison",
    fa: "کارون",
    en: "Karun Prison",
    enVariants: ["Karoun Prison", "Karun"],
    faVariants: ["زندان کارون"],
    city: "ahvaz",
  },
  {
    id: "dizelabad",
    type: "prison",
    fa: "دیزل‌آباد",
    en: "Dizelabad Prison",
    enVariants: ["Dizel Abad", "Diesel Abad"],
    faVariants: ["دیزل آباد"],
    city: "kermanshah",
  },
  {
    id: "khavaran",
    type: "burial_site",
    fa: "خاوران",
    en: "Khavaran cemetery",
    enVariants: ["Khavaran", "Golzar-e Khavaran"],
    faVariants: ["گلزار خاوران"],
    city: "tehran",
    coordinates: { lat: 35.6217, lon: 51.5408 },
  },
];

/** Which prison holds prisoners of a city in the demo (Tehran's are split between Evin and Gohardasht). */
export const PRISONS_BY_CITY: Readonly<Record<string, readonly string[]>> = {
  tehran: ["evin", "gohardasht", "evin"],
  karaj: ["gohardasht", "qezelhesar"],
  mashhad: ["vakilabad"],
  tabriz: ["tabriz-central"],
  shiraz: ["adelabad"],
  isfahan: ["dastgerd"],
  rasht: ["lakan"],
  ahvaz: ["karun"],
  dezful: ["karun"],
  kermanshah: ["dizelabad"],
  hamedan: ["evin"],
  urmia: ["tabriz-central"],
  sanandaj: ["dizelabad"],
};

/** Every place, cities first. */
export const ALL_PLACES: readonly PlaceRow[] = [...CITIES, ...SITES];

/** Finds a place by id; throws on an unknown id because that is a bug in the tables. */
export function placeById(id: string): PlaceRow {
  const place = ALL_PLACES.find((p) => p.id === id);
  if (!place) throw new Error(`unknown demo place ${id}`);
  return place;
}
