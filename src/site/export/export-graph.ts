/**
 * The record an export leaves for the next one (in Sabt's data directory, not in the mirror): every
 * resource it fetched with its status, the keys it read (`page-deps.ts`) and the links it holds,
 * the digests of the public projection it was rendered from, and the files it wrote. The next
 * export compares the digests with the database's, renders again only the resources whose keys an
 * edit touched (and any new ones their links reach), and drops what is no longer reachable.
 *
 * Stored as one file: a JSON header (validated on reading: a file that does not parse or does not
 * match means a full export, never a wrong one) followed by the dependency and link lists as
 * 32-bit integers, so that a collection of 100,000 people does not make a 100 MB JSON text.
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { PublicDigestRow } from "../public.repository.ts";
import type { RecordCache } from "./search-index.ts";

const MAGIC = "SABT-EXPORT-GRAPH-1\n";

const HeaderSchema = z.object({
  /** What else the pages rendered from: code, base URL, day, options. A different key: full export. */
  renderKey: z.string(),
  /** The export run this record belongs to (also in the mirror's marker). */
  run: z.string(),
  paths: z.array(z.string()),
  status: z.array(z.number().int()),
  volatile: z.array(z.number().int()),
  html: z.array(z.number().int()),
  keys: z.array(z.string()),
  /** Files written besides the fetched resources (the search index). */
  extraFiles: z.array(z.string()),
  entities: z.array(z.tuple([z.string(), z.string(), z.string(), z.string(), z.array(z.string()), z.string(), z.string().nullable(), z.string().nullable()])),
  merges: z.array(z.tuple([z.string(), z.string(), z.string(), z.string()])),
  estimates: z.string(),
  ints: z.object({ deps: z.number().int(), links: z.number().int() }),
  /** The search index's records, kept for the next export (`search-index.ts`). */
  search: z.array(z.tuple([z.string(), z.string(), z.string()])),
});

/** The public projection's digests (`findPublicDigests`). */
export interface Digests {
  entities: PublicDigestRow[];
  merges: { record_id: string; type: string; record_slug: string; entity_id: string }[];
  estimates: string;
}

/** One fetched resource of the graph. */
interface Node {
  status: number;
  volatile: boolean;
  html: boolean;
  deps: Int32Array;
  links: Int32Array;
}

const EMPTY = new Int32Array(0);

/** The export graph: paths and keys interned as numbers. */
export class ExportGraph {
  readonly paths: string[] = [];
  readonly #pathIds = new Map<string, number>();
  readonly keys: string[] = [];
  readonly #keyIds = new Map<string, number>();
  readonly #nodes: (Node | undefined)[] = [];
  extraFiles: string[] = [];
  /** The search index's records, by entity. */
  searchRecords: RecordCache = new Map();

  /** The number of a path (given a number if new). */
  idOf(p: string): number {
    let id = this.#pathIds.get(p);
    if (id === undefined) {
      id = this.paths.length;
      // A copy of its own: a link is a slice of its page's text, which the slice would keep.
      const own = Buffer.from(p, "utf8").toString("utf8");
      this.paths.push(own);
      this.#pathIds.set(own, id);
    }
    return id;
  }

  #keyId(k: string): number {
    let id = this.#keyIds.get(k);
    if (id === undefined) {
      id = this.keys.length;
      this.keys.push(k);
      this.#keyIds.set(k, id);
    }
    return id;
  }

  /** True when the path was fetched (or drawn) by the export. */
  has(p: string): boolean {
    const id = this.#pathIds.get(p);
    return id !== undefined && this.#nodes[id] !== undefined;
  }

  /** Records a fetched resource (replacing what an earlier export recorded for it). */
  set(p: string, status: number, html: boolean, deps: { keys: Iterable<string>; volatile: boolean }): void {
    const id = this.idOf(p);
    const old = this.#nodes[id];
    this.#nodes[id] = { status, html, volatile: deps.volatile, deps: Int32Array.from([...deps.keys].map((k) => this.#keyId(k))), links: old?.links ?? EMPTY };
  }

  /** Records a resource's links (internal paths), replacing its earlier ones. */
  setLinks(p: string, links: readonly string[]): void {
    const node = this.#nodes[this.idOf(p)];
    if (node) node.links = Int32Array.from(new Set(links.map((l) => this.idOf(l))));
  }

  /** A resource's status (undefined when never fetched). */
  statusOf(p: string): number | undefined {
    const id = this.#pathIds.get(p);
    return id === undefined ? undefined : this.#nodes[id]?.status;
  }

  /** True when the resource is an HTML page that answered 200. */
  isPage(p: string): boolean {
    const id = this.#pathIds.get(p);
    const n = id === undefined ? undefined : this.#nodes[id];
    return n !== undefined && n.html && n.status === 200;
  }

  /** Forgets a resource (no longer reachable). */
  drop(p: string): void {
    const id = this.#pathIds.get(p);
    if (id !== undefined) this.#nodes[id] = undefined;
  }

  /** Every recorded resource's path. */
  *nodePaths(): Iterable<string> {
    for (let i = 0; i < this.#nodes.length; i++) if (this.#nodes[i]) yield this.paths[i]!;
  }

  /** The resources that read any of the keys, or whose reads are unknown. */
  affectedBy(keys: ReadonlySet<string>): string[] {
    const hit = new Uint8Array(this.keys.length);
    for (const k of keys) {
      const id = this.#keyIds.get(k);
      if (id !== undefined) hit[id] = 1;
    }
    const out: string[] = [];
    this.#nodes.forEach((n, i) => {
      if (n && (n.volatile || n.deps.some((d) => hit[d] === 1))) out.push(this.paths[i]!);
    });
    return out;
  }

  /** The recorded resources reachable by links from the seeds (those recorded), in breadth-first order. */
  reachable(seeds: readonly string[]): string[] {
    const seen = new Uint8Array(this.paths.length);
    const queue: number[] = [];
    for (const s of seeds) {
      const id = this.#pathIds.get(s);
      if (id !== undefined && this.#nodes[id] && !seen[id]) {
        seen[id] = 1;
        queue.push(id);
      }
    }
    for (let i = 0; i < queue.length; i++) {
      for (const l of this.#nodes[queue[i]!]!.links) {
        if (!seen[l] && this.#nodes[l]) {
          seen[l] = 1;
          queue.push(l);
        }
      }
    }
    return queue.map((id) => this.paths[id]!);
  }

  /** Writes the record (to a temporary file renamed into place: a crash leaves the old one or none). */
  save(file: string, meta: { renderKey: string; run: string; digests: Digests }): void {
    const live: number[] = [];
    this.#nodes.forEach((n, i) => n && live.push(i));
    const nodes = live.map((i) => this.#nodes[i]!);
    // Renumbered densely over the recorded resources; links to anything else are dropped.
    const renum = new Int32Array(this.paths.length).fill(-1);
    live.forEach((id, i) => (renum[id] = i));
    // One typed array for both lists (each entry its length, then its numbers): at 100,000 people
    // they hold millions of numbers, which plain arrays would keep at twice the size.
    const links = nodes.map((n) => Int32Array.from(n.links, (l) => renum[l]!).filter((l) => l >= 0));
    const depCount = nodes.reduce((sum, n) => sum + 1 + n.deps.length, 0);
    const ints = new Int32Array(depCount + links.reduce((sum, l) => sum + 1 + l.length, 0));
    let at = 0;
    for (const list of [...nodes.map((n) => n.deps), ...links]) {
      ints[at++] = list.length;
      ints.set(list, at);
      at += list.length;
    }
    // The header is written field by field, its long lists a thousand items at a time: at tens of
    // thousands of people one JSON text of it all would, while built, double the export's memory.
    const fields: [keyof z.infer<typeof HeaderSchema>, unknown][] = [
      ["renderKey", meta.renderKey],
      ["run", meta.run],
      ["paths", live.map((i) => this.paths[i]!)],
      ["status", nodes.map((n) => n.status)],
      ["volatile", nodes.flatMap((n, i) => (n.volatile ? [i] : []))],
      ["html", nodes.flatMap((n, i) => (n.html ? [i] : []))],
      ["keys", this.keys],
      ["extraFiles", this.extraFiles],
      ["entities", meta.digests.entities.map((e) => [e.id, e.type, e.slug, e.digest, e.refs, e.face, e.facets, e.deaths])],
      ["merges", meta.digests.merges.map((m) => [m.record_id, m.type, m.record_slug, m.entity_id])],
      ["estimates", meta.digests.estimates],
      ["ints", { deps: depCount, links: ints.length - depCount }],
      ["search", [...this.searchRecords].map(([id, r]) => [id, r.stamp, r.json])],
    ];
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.tmp`;
    const fd = fs.openSync(tmp, "w");
    try {
      const write = (b: Uint8Array) => {
        for (let done = 0; done < b.length; ) done += fs.writeSync(fd, b, done);
      };
      write(Buffer.from(MAGIC));
      write(Buffer.alloc(4)); // the header's length, written once known
      let jsonBytes = 0;
      const text = (t: string) => {
        const b = Buffer.from(t);
        jsonBytes += b.length;
        write(b);
      };
      fields.forEach(([name, value], i) => {
        text(`${i === 0 ? "{" : ","}${JSON.stringify(name)}:`);
        if (!Array.isArray(value)) return text(JSON.stringify(value));
        text("[");
        for (let j = 0; j < value.length; j += 1000) text(`${j > 0 ? "," : ""}${value.slice(j, j + 1000).map((v) => JSON.stringify(v)).join(",")}`);
        text("]");
      });
      text("}");
      write(Buffer.alloc((4 - ((MAGIC.length + 4 + jsonBytes) % 4)) % 4));
      write(new Uint8Array(ints.buffer));
      const len = Buffer.alloc(4);
      len.writeUInt32LE(jsonBytes);
      fs.writeSync(fd, len, 0, 4, MAGIC.length);
    } finally {
      // A record cut short by a crash does not load, and the next export is a full one.
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  }

  /** Reads a record; undefined when there is none or it cannot be read (the export is then full). */
  static load(file: string): { graph: ExportGraph; renderKey: string; run: string; digests: Digests } | undefined {
    let buf: Buffer;
    try {
      buf = fs.readFileSync(file);
    } catch {
      return undefined;
    }
    try {
      if (buf.subarray(0, MAGIC.length).toString() !== MAGIC) return undefined;
      const len = buf.readUInt32LE(MAGIC.length);
      const start = MAGIC.length + 4;
      const header = HeaderSchema.parse(JSON.parse(buf.subarray(start, start + len).toString("utf8")));
      const intStart = start + len + ((4 - ((start + len) % 4)) % 4);
      const total = header.ints.deps + header.ints.links;
      if (buf.length !== intStart + total * 4) return undefined;
      const ints = new Int32Array(buf.buffer.slice(buf.byteOffset + intStart, buf.byteOffset + intStart + total * 4));
      const g = new ExportGraph();
      header.keys.forEach((k) => g.#keyId(k));
      header.paths.forEach((p) => g.idOf(p));
      const volatile = new Set(header.volatile);
      const html = new Set(header.html);
      let d = 0;
      let l = header.ints.deps;
      for (let i = 0; i < header.paths.length; i++) {
        const dn = ints[d]!;
        const deps = ints.slice(d + 1, d + 1 + dn);
        d += 1 + dn;
        const ln = ints[l]!;
        const links = ints.slice(l + 1, l + 1 + ln);
        l += 1 + ln;
        if ([...deps].some((k) => k < 0 || k >= header.keys.length) || [...links].some((k) => k < 0 || k >= header.paths.length)) return undefined;
        g.#nodes[i] = { status: header.status[i] ?? 0, volatile: volatile.has(i), html: html.has(i), deps, links };
      }
      g.extraFiles = header.extraFiles;
      g.searchRecords = new Map(header.search.map(([id, stamp, json]) => [id, { stamp, json }]));
      const digests: Digests = {
        entities: header.entities.map(([id, type, slug, digest, refs, face, facets, deaths]) => ({ id, type, slug, digest, refs, face, facets, deaths })),
        merges: header.merges.map(([record_id, type, record_slug, entity_id]) => ({ record_id, type, record_slug, entity_id })),
        estimates: header.estimates,
      };
      return { graph: g, renderKey: header.renderKey, run: header.run, digests };
    } catch {
      return undefined;
    }
  }
}

/** The key of a query of people (`filterConditions`): what a page listing or counting them depends on. */
export function peopleQueryKey(conditions: readonly { keys: readonly string[]; death?: unknown }[]): string {
  return `q:${JSON.stringify(conditions.map((c) => [[...c.keys].sort(), c.death !== undefined]))}`;
}

const QuerySchema = z.array(z.tuple([z.array(z.string()), z.boolean()]));

/**
 * Whether an edit of one person changes what a query of people answers: who matches, their order
 * (label) or how a list shows them. What it shows of each person besides is their own keys'.
 */
function queryTouched(query: z.infer<typeof QuerySchema>, before: PublicDigestRow | undefined, after: PublicDigestRow | undefined): boolean {
  const matches = (e: PublicDigestRow | undefined) => {
    if (e?.facets == null) return false;
    const keys = new Set(e.facets.split("\u001f"));
    return query.every(([any]) => any.some((k) => keys.has(k)));
  };
  const was = matches(before);
  const is = matches(after);
  if (!was && !is) return false;
  if (was !== is || before!.face !== after!.face) return true;
  // Both match by their keys: a death-date condition is decided by the dates themselves.
  return query.some(([, death]) => death) && before!.deaths !== after!.deaths;
}

/**
 * The keys an edit touched (`page-deps.ts` names them): every entity whose row or claims differ
 * (or that appeared or went) touches its own keys, its address's, the incoming claims of everything
 * its claims pointed at before and after, what depends on any change of its type (`u:`) and, when
 * what lists show of it changed, its type's set (`t:`). Queries of people (`q:` keys among
 * `queries`) are touched only when the edit changes their answer.
 * @returns the keys, and how many entities changed
 */
export function touchedKeys(before: Digests, after: Digests, queries: readonly string[]): { keys: Set<string>; entities: number } {
  const keys = new Set<string>();
  const old = new Map(before.entities.map((e) => [e.id, e]));
  const now = new Map(after.entities.map((e) => [e.id, e]));
  const pairs: [PublicDigestRow | undefined, PublicDigestRow | undefined][] = [];
  const touch = (e: PublicDigestRow | undefined) => {
    if (!e) return;
    keys.add(`e:${e.id}`).add(`c:${e.id}`).add(`r:${e.id}`).add(`s:${e.type}:${e.slug}`).add(`u:${e.type}`).add("u:*");
    for (const r of e.refs) keys.add(`r:${r}`);
  };
  const change = (o: PublicDigestRow | undefined, e: PublicDigestRow | undefined) => {
    pairs.push([o, e]);
    touch(o);
    touch(e);
    if (!o || !e || o.type !== e.type) keys.add("t:*");
    if (!o || !e || o.type !== e.type || o.face !== e.face) for (const x of [o, e]) if (x) keys.add(`t:${x.type}`);
  };
  for (const [id, e] of now) {
    const o = old.get(id);
    if (!o || o.digest !== e.digest || o.type !== e.type || o.slug !== e.slug || o.face !== e.face || o.deaths !== e.deaths || o.facets !== e.facets) change(o, e);
  }
  for (const [id, o] of old) if (!now.has(id)) change(o, undefined);
  const mergeKey = (m: Digests["merges"][number]) => `${m.record_id}\u0000${m.type}\u0000${m.record_slug}\u0000${m.entity_id}`;
  const oldMerges = new Set(before.merges.map(mergeKey));
  const newMerges = new Set(after.merges.map(mergeKey));
  for (const m of [...before.merges.filter((x) => !newMerges.has(mergeKey(x))), ...after.merges.filter((x) => !oldMerges.has(mergeKey(x)))]) {
    for (const id of [m.record_id, m.entity_id]) keys.add(`e:${id}`).add(`c:${id}`).add(`r:${id}`);
    keys.add(`s:${m.type}:${m.record_slug}`).add(`t:${m.type}`).add(`u:${m.type}`).add("t:*").add("u:*");
    change(old.get(m.entity_id), now.get(m.entity_id));
  }
  for (const q of queries) {
    let parsed: z.infer<typeof QuerySchema>;
    try {
      parsed = QuerySchema.parse(JSON.parse(q.slice(2)));
    } catch {
      keys.add(q); // not a query this code wrote: rendered again
      continue;
    }
    if (pairs.some(([o, e]) => queryTouched(parsed, o, e))) keys.add(q);
  }
  if (before.estimates !== after.estimates) keys.add("estimates");
  return { keys, entities: pairs.length };
}
