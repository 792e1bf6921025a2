/**
 * The root face (`lib/mod.ts`) is curated: it exports exactly the names the notebooks import from
 * `@lib/mod.ts` and the README's code blocks use (`lib.<name>`), plus the shared vocabulary's types listed
 * in `VOCABULARY_TYPES`; each area's face carries the rest. The README states the number of values the root
 * exports, and that number is checked here.
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as root from "@lib/mod.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Types the root exports for a user's own code although no notebook imports them. */
const VOCABULARY_TYPES = [
  "ImpactLaw",
  "ImpactPredictor",
  "MetaorderRecord",
  "TradeRecord",
  "TradeTape",
  "QuoteSeries",
  "MeasuredLaw",
];

/** Names in the `import { ... } from "@lib/mod.ts"` statements of a TypeScript text (`type` dropped). */
export function rootImports(source: string): string[] {
  const names: string[] = [];
  for (const m of source.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s*from\s*"@lib\/mod\.ts"/g)) {
    for (const part of m[1]!.split(",")) {
      const name = part.trim().replace(/^type\s+/, "").split(/\s+as\s+/)[0]!.trim();
      if (name) names.push(name);
    }
  }
  return names;
}

/** Names exported by `export { ... } from` lists of a module's text (`type` dropped). */
export function exportedNames(source: string): string[] {
  const names: string[] = [];
  for (const m of source.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}\s*from/g)) {
    for (const part of m[1]!.split(",")) {
      const name = part.trim().replace(/^type\s+/, "").split(/\s+as\s+/).at(-1)!.trim();
      if (name) names.push(name);
    }
  }
  return names;
}

/** The ```ts blocks of a Markdown text (as `typescriptBlocks` of tests/readme_test.ts, which runs them). */
function typescriptBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

async function usedNames(): Promise<Set<string>> {
  const used = new Set<string>();
  for await (const entry of Deno.readDir(join(ROOT, "notebooks"))) {
    if (!entry.name.endsWith(".ipynb")) continue;
    const nb = JSON.parse(await Deno.readTextFile(join(ROOT, "notebooks", entry.name)));
    for (const cell of nb.cells as { cell_type: string; source: string[] | string }[]) {
      if (cell.cell_type !== "code") continue;
      const source = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
      for (const name of rootImports(source)) used.add(name);
    }
  }
  const readme = await Deno.readTextFile(join(ROOT, "README.md"));
  for (const block of typescriptBlocks(readme)) {
    for (const m of block.matchAll(/\blib\.([A-Za-z_$][\w$]*)/g)) used.add(m[1]!);
  }
  return used;
}

Deno.test("rootImports and exportedNames read names, with type and as", () => {
  assert.deepEqual(
    rootImports('import { a, type B,\n c as d } from "@lib/mod.ts";\nimport { e } from "@lib/core/mod.ts";'),
    ["a", "B", "c"],
  );
  assert.deepEqual(
    exportedNames('export {\n  a,\n  type B,\n} from "./x.ts";\nexport { c as d } from "./y.ts";'),
    [
      "a",
      "B",
      "d",
    ],
  );
});

Deno.test("the root face exports what the notebooks and the README use, and nothing else", async () => {
  const used = await usedNames();
  const exported = new Set(exportedNames(await Deno.readTextFile(join(ROOT, "lib", "mod.ts"))));
  assert.ok(
    used.has("calibrateSquareRoot") && used.has("readKlinesCsv"),
    "the scan finds the chapter's names",
  );
  const missing = [...used].filter((name) => !exported.has(name));
  assert.deepEqual(missing, [], "used from @lib/mod.ts but not exported by it (add them to lib/mod.ts)");
  const unused = [...exported].filter((name) => !used.has(name) && !VOCABULARY_TYPES.includes(name));
  assert.deepEqual(unused, [], "exported by lib/mod.ts but used by no notebook or README block");
  for (const name of VOCABULARY_TYPES) assert.ok(exported.has(name), `${name} is on the root face`);
  // Every value name in the lists is a runtime export (types have no value).
  for (const name of used) {
    if (/^[a-z]|^[A-Z0-9_]+$/.test(name)) assert.ok(name in root, `${name} is a value export of lib/mod.ts`);
  }
});

Deno.test("the README states the number of values the root face exports", async () => {
  const readme = await Deno.readTextFile(join(ROOT, "README.md"));
  const stated = readme.match(/`lib\/mod\.ts` re-exports (\d+) values/);
  assert.ok(stated, "the README's Layout section states the root export count");
  assert.equal(Number(stated[1]), Object.keys(root).length);
});
