/** The demo's ten tags, with per-language labels. */
import type { DemoTag } from "./types.ts";

/** Tag ids used by the article templates. */
export type TagId =
  | "evin"
  | "gohardasht"
  | "khavaran"
  | "death-commissions"
  | "victim-lists"
  | "estimation"
  | "accountability"
  | "testimonies"
  | "provinces"
  | "families";

const ROWS: readonly [TagId, string, string][] = [
  ["evin", "اوین", "Evin"],
  ["gohardasht", "گوهردشت", "Gohardasht"],
  ["khavaran", "خاوران", "Khavaran"],
  ["death-commissions", "هیئت‌های مرگ", "Death commissions"],
  ["victim-lists", "فهرست جان‌باختگان", "Victim lists"],
  ["estimation", "برآورد آماری", "Estimation"],
  ["accountability", "دادخواهی", "Accountability"],
  ["testimonies", "شهادت‌ها", "Testimonies"],
  ["provinces", "شهرستان‌ها", "Provinces"],
  ["families", "خانواده‌ها", "Families"],
];

/** The tags, in display order. */
export const TAGS: readonly DemoTag[] = ROWS.map(([id, fa, en]) => ({
  key: `tag:${id}`,
  slug: id,
  labels: { fa, en },
}));

/** The entity key of a tag id. */
export const tagKey = (id: TagId): string => `tag:${id}`;
