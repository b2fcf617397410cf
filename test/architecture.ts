/**
 * Reads the import graph of `src/` and checks it against the architecture of docs/ARCHITECTURE.md:
 * the layer table, no cycle between folders, and no deep import into another capability.
 * The checks are functions of a plain graph so that the test can show each one failing on a graph
 * with a deliberately added fault.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

/** One import of one file: the importing file and the imported file, both relative to src/. */
export interface ImportEdge {
  from: string;
  to: string;
}

/**
 * The layers, lowest first. A folder may import folders of lower layers only; folders of one layer
 * are peers and do not import each other. This table is the one printed in docs/ARCHITECTURE.md.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ["shared"],
  ["config", "dates", "names"],
  ["i18n", "linkage", "estimation"],
  ["demo"],
  ["crypto"],
  ["db"],
  ["audit", "history"],
  ["auth"],
  ["http"],
  ["entities"],
  ["claims"],
  ["search", "archive", "imports", "key-rotation"],
  ["backup", "integrity", "submissions"],
  ["exports", "lists"],
  ["demo-loader", "jobs"],
  ["site", "workspace"],
  ["server"],
  ["cli"],
];

/**
 * Deep imports allowed into another capability, each with its reason. An entry names the importing
 * folder and the imported file.
 */
export const DEEP_IMPORT_ALLOW_LIST: readonly { from: string; to: string; reason: string }[] = [];

/** Folders whose files are imported one by one: a kit of small independent modules, not a capability. */
export const PER_FILE_KITS: readonly string[] = ["shared"];

/** The top folder of a path relative to src/ ("claims/claim.service.ts" → "claims"). */
export function folderOf(file: string): string {
  return file.split("/")[0] ?? file;
}

function listSources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSources(full));
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) out.push(full);
  }
  return out;
}

/**
 * Every import (value and type, static and dynamic) between files of `srcDir`, tests left out:
 * tests may reach into what they test, and test kits live in test/.
 */
export function readImportGraph(srcDir: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of listSources(srcDir)) {
    const info = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
    for (const ref of info.importedFiles) {
      if (!ref.fileName.startsWith(".")) continue;
      const target = path.resolve(path.dirname(file), ref.fileName);
      if (!target.startsWith(srcDir + path.sep)) continue;
      edges.push({ from: path.relative(srcDir, file), to: path.relative(srcDir, target) });
    }
  }
  return edges;
}

/** The layer index of each folder of the table. */
function layerIndex(layers: readonly (readonly string[])[]): Map<string, number> {
  const index = new Map<string, number>();
  layers.forEach((folders, i) => folders.forEach((f) => index.set(f, i)));
  return index;
}

/** Imports between folders that the layer table does not allow, and folders missing from the table. */
export function layerViolations(edges: readonly ImportEdge[], layers = LAYERS): string[] {
  const index = layerIndex(layers);
  const problems = new Set<string>();
  for (const { from, to } of edges) {
    const a = folderOf(from);
    const b = folderOf(to);
    if (a === b) continue;
    const ia = index.get(a);
    const ib = index.get(b);
    if (ia === undefined) problems.add(`folder ${a}/ is not in the layer table`);
    else if (ib === undefined) problems.add(`folder ${b}/ is not in the layer table`);
    else if (ib >= ia) problems.add(`${from} imports ${to}: ${a}/ (layer ${ia}) may not import ${b}/ (layer ${ib})`);
  }
  return [...problems].sort();
}

/** Cycles between folders, each as a path "a → b → a". */
export function folderCycles(edges: readonly ImportEdge[]): string[] {
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    const a = folderOf(from);
    const b = folderOf(to);
    if (a === b) continue;
    if (!graph.has(a)) graph.set(a, new Set());
    graph.get(a)!.add(b);
  }
  // Tarjan's strongly connected components: every component of more than one folder is a cycle.
  const cycles: string[] = [];
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const visit = (v: string) => {
    order.set(v, order.size);
    low.set(v, order.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!order.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, order.get(w)!));
    }
    if (low.get(v) === order.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push([...component.sort(), component[0]].join(" → "));
    }
  };
  for (const v of [...graph.keys()].sort()) if (!order.has(v)) visit(v);
  return cycles;
}

/** Imports into another capability that do not go through its index.ts, less the allow-list. */
export function deepImports(edges: readonly ImportEdge[], allow = DEEP_IMPORT_ALLOW_LIST): string[] {
  const problems = new Set<string>();
  for (const { from, to } of edges) {
    const a = folderOf(from);
    const b = folderOf(to);
    if (a === b || PER_FILE_KITS.includes(b)) continue;
    if (to === `${b}/index.ts`) continue;
    if (allow.some((e) => e.from === a && e.to === to)) continue;
    problems.add(`${from} imports ${to} (not ${b}/index.ts)`);
  }
  return [...problems].sort();
}

/** Route, page and command files: where registrations tend to grow into one long closure. */
export function isTransportFile(file: string): boolean {
  return /\.routes\.tsx?$|\.pages\.tsx?$/.test(file) || /^(workspace|site|server|cli\/commands)\//.test(file);
}

/** Functions longer than `max` lines in the given source text, as "name (n lines)". */
export function longFunctions(fileName: string, text: string, max = 100): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, fileName.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = last - first + 1;
      if (lines > max) found.push(`${fileName}:${first + 1} ${nameOf(node)} (${lines} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function nameOf(node: ts.Node): string {
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name) return named.name.getText();
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent)) return parent.name.getText();
  if (parent && ts.isCallExpression(parent)) return `callback of ${parent.expression.getText().slice(0, 40)}`;
  return "(anonymous)";
}

/** Every function over `max` lines in the route, page and command files of `srcDir`. */
export function longTransportFunctions(srcDir: string, max = 100): string[] {
  return listSources(srcDir)
    .map((f) => path.relative(srcDir, f))
    .filter(isTransportFile)
    .flatMap((f) => longFunctions(f, fs.readFileSync(path.join(srcDir, f), "utf8"), max));
}
