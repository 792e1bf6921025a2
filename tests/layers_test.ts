/**
 * The library's layers, enforced. Each area of lib/ imports only from the areas below it:
 *
 * ```
 * core -> data -> book -> market -> impact -> tape -> execution | ml -> tca | portfolio | marketmaking -> report | plot
 *   (lib/mod.ts re-exports the names the notebooks and the README use from them)
 * ```
 *
 * Areas on the same rank (execution and ml; tca, portfolio and marketmaking; report and plot) do not import each other. No file imports
 * another area's private `_name.ts` file. No file imports itself back through a chain of imports (no import cycle,
 * within an area too: a private helper that needs a public file's type is the sign of a missing leaf). The graph is Deno's own (`deno info --json` over a root that
 * imports every lib/ file), so type-only imports count too and nothing is parsed by hand.
 */
import assert from "node:assert/strict";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const LIB = join(ROOT, "lib");

/** Rank of each area: an area may import an area of lower rank only. */
export const LAYERS: Readonly<Record<string, number>> = {
  core: 0,
  data: 1,
  market: 1.7,
  book: 1.5,
  impact: 2,
  tape: 3,
  execution: 4,
  ml: 4,
  tca: 5,
  marketmaking: 5,
  portfolio: 5,
  report: 6,
  plot: 6,
};

/** One import edge, both ends relative to lib/ with `/` separators (`impact/path.ts`). */
export interface ImportEdge {
  from: string;
  to: string;
}

/** The area of a lib/-relative path (`"impact"`), or `""` for a file directly in lib/ (lib/mod.ts). */
function areaOf(path: string): string {
  const parts = path.split("/");
  return parts.length > 1 ? parts[0]! : "";
}

/** Every rule an edge breaks, as sentences naming both files; empty when the edges respect the layers. */
export function layerViolations(edges: readonly ImportEdge[]): string[] {
  const problems: string[] = [];
  for (const { from, to } of edges) {
    const a = areaOf(from), b = areaOf(to);
    for (const [file, area] of [[from, a], [to, b]] as const) {
      if (area !== "" && !(area in LAYERS)) {
        problems.push(
          `${file} is in an area with no layer (${area}): add it to LAYERS in tests/layers_test.ts`,
        );
      }
    }
    if (a === b || a === "" || !(a in LAYERS) || (b !== "" && !(b in LAYERS))) continue;
    if (b === "") {
      problems.push(`${from} imports ${to}: an area must not import the library's root face`);
    } else if (LAYERS[b]! >= LAYERS[a]!) {
      problems.push(
        `${from} imports ${to}: ${a} (layer ${LAYERS[a]}) must not import ${b} (layer ${
          LAYERS[b]
        }), which is ${LAYERS[b] === LAYERS[a] ? "beside" : "above"} it`,
      );
    }
    if (to.split("/").at(-1)!.startsWith("_")) {
      problems.push(`${from} imports ${to}: a private file of another area (${b})`);
    }
  }
  return [...new Set(problems)];
}

/**
 * Every import cycle among the edges, one per strongly connected component (Tarjan 1972), each written as
 * the path that closes it: `["tape/a.ts", "tape/_b.ts", "tape/a.ts"]`. Empty when the graph is acyclic.
 * A file importing itself is a cycle of length one.
 */
export function importCycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) {
    if (!next.has(from)) next.set(from, []);
    if (!next.has(to)) next.set(to, []);
    if (!next.get(from)!.includes(to)) next.get(from)!.push(to);
  }
  const nodes = [...next.keys()].sort();
  for (const list of next.values()) list.sort();
  // Tarjan's strongly connected components, iterative (no recursion depth limit).
  const index = new Map<string, number>(), low = new Map<string, number>();
  const stack: string[] = [], onStack = new Set<string>(), components: string[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: string; child: number }[] = [{ node: root, child: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const children = next.get(frame.node)!;
      if (frame.child < children.length) {
        const w = children[frame.child++]!;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, child: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(w)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.node);
        if (component.length > 1 || next.get(frame.node)!.includes(frame.node)) components.push(component);
      }
    }
  }
  // One closed path per component: breadth-first from its first file (by name) back to it, inside it.
  return components.map((component) => {
    const inside = new Set(component);
    const start = [...component].sort()[0]!;
    const previous = new Map<string, string>();
    const queue = [start];
    let end: string | undefined;
    while (queue.length > 0 && end === undefined) {
      const v = queue.shift()!;
      for (const w of next.get(v)!) {
        if (!inside.has(w)) continue;
        if (w === start) {
          end = v;
          break;
        }
        if (!previous.has(w)) {
          previous.set(w, v);
          queue.push(w);
        }
      }
    }
    const path = [start];
    for (let v = end!; v !== start; v = previous.get(v)!) path.splice(1, 0, v);
    return [...path, start];
  }).sort((a, b) => a[0]!.localeCompare(b[0]!));
}

async function* typescriptFiles(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* typescriptFiles(path);
    else if (entry.name.endsWith(".ts")) yield path;
  }
}

/** Every import between lib/ files, resolved by `deno info --json --no-config` (type imports included). */
async function libEdges(): Promise<ImportEdge[]> {
  const dir = await Deno.makeTempDir({ prefix: "lib-layers-" });
  try {
    const root = join(dir, "root.ts");
    const files: string[] = [];
    for await (const file of typescriptFiles(LIB)) files.push(file);
    await Deno.writeTextFile(
      root,
      files.map((f) => `import ${JSON.stringify(pathToFileURL(f).href)};`).join("\n"),
    );
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json", "--no-config", root],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(code, 0, new TextDecoder().decode(stderr));
    const graph = JSON.parse(new TextDecoder().decode(stdout)) as {
      modules: {
        specifier: string;
        dependencies?: { code?: { specifier?: string }; type?: { specifier?: string } }[];
      }[];
    };
    const libUrl = pathToFileURL(LIB).href + "/";
    const rel = (url: string) => relative(LIB, fileURLToPath(url)).split(sep).join("/");
    return graph.modules
      .filter((m) => m.specifier.startsWith(libUrl))
      .flatMap((m) =>
        (m.dependencies ?? [])
          .flatMap((d) => [d.code?.specifier, d.type?.specifier])
          .filter((s): s is string => s !== undefined && s.startsWith(libUrl))
          .map((to) => ({ from: rel(m.specifier), to: rel(to) }))
      );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("every import in lib/ runs down the layers and into no other area's private file", async () => {
  const edges = await libEdges();
  // The graph is really read: the areas' faces import their files, and areas import core.
  assert.ok(edges.some((e) => e.from === "mod.ts" && e.to === "core/mod.ts"));
  assert.ok(edges.some((e) => e.from === "impact/square_root.ts" && e.to === "core/impact_law.ts"));
  assert.deepEqual(layerViolations(edges), []);
});

Deno.test("no import cycle between lib/ files", async () => {
  const cycles = importCycles(await libEdges()).map((cycle) => cycle.join(" -> "));
  assert.deepEqual(cycles, [], `import cycles in lib/:\n${cycles.join("\n")}`);
});

Deno.test("importCycles names each cycle as the path that closes it", () => {
  // Hand-made graphs: the expected paths are read off the edges.
  assert.deepEqual(importCycles([{ from: "a.ts", to: "b.ts" }, { from: "b.ts", to: "c.ts" }]), []);
  assert.deepEqual(
    importCycles([
      { from: "tape/sign_correlation.ts", to: "tape/_sign_sums.ts" },
      { from: "tape/_sign_sums.ts", to: "tape/sign_correlation.ts" },
      { from: "tape/mod.ts", to: "tape/sign_correlation.ts" },
    ]),
    [["tape/_sign_sums.ts", "tape/sign_correlation.ts", "tape/_sign_sums.ts"]],
  );
  // Two separate cycles, one of three files, and a file importing itself.
  assert.deepEqual(
    importCycles([
      { from: "x/a.ts", to: "x/b.ts" },
      { from: "x/b.ts", to: "x/c.ts" },
      { from: "x/c.ts", to: "x/a.ts" },
      { from: "x/c.ts", to: "y/d.ts" },
      { from: "y/d.ts", to: "y/d.ts" },
    ]),
    [["x/a.ts", "x/b.ts", "x/c.ts", "x/a.ts"], ["y/d.ts", "y/d.ts"]],
  );
});

Deno.test("core imports nothing from the other areas", async () => {
  const outward = (await libEdges()).filter((e) => areaOf(e.from) === "core" && areaOf(e.to) !== "core");
  assert.deepEqual(outward, []);
});

Deno.test("layerViolations catches an upward import, a sideways import and a private file", () => {
  assert.deepEqual(layerViolations([{ from: "tca/trade.ts", to: "impact/square_root.ts" }]), []);
  assert.deepEqual(layerViolations([{ from: "core/units.ts", to: "impact/square_root.ts" }]), [
    "core/units.ts imports impact/square_root.ts: core (layer 0) must not import impact (layer 2), which is above it",
  ]);
  assert.deepEqual(layerViolations([{ from: "ml/evaluate.ts", to: "execution/frontier.ts" }]), [
    "ml/evaluate.ts imports execution/frontier.ts: ml (layer 4) must not import execution (layer 4), which is beside it",
  ]);
  assert.deepEqual(layerViolations([{ from: "tca/trade.ts", to: "impact/_metaorder_law.ts" }]), [
    "tca/trade.ts imports impact/_metaorder_law.ts: a private file of another area (impact)",
  ]);
  assert.deepEqual(layerViolations([{ from: "impact/path.ts", to: "mod.ts" }]), [
    "impact/path.ts imports mod.ts: an area must not import the library's root face",
  ]);
  assert.equal(layerViolations([{ from: "extra/x.ts", to: "core/units.ts" }]).length, 1);
  // A private file inside its own area is fine.
  assert.deepEqual(layerViolations([{ from: "impact/simulate.ts", to: "impact/_metaorder_law.ts" }]), []);
});
