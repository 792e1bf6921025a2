/**
 * Each area's face carries its whole public surface: every value exported by a public file of an area
 * (`lib/<area>/*.ts` and its subfolders, a file whose name does not start with `_`) is exported, as the same
 * value, by `lib/<area>/mod.ts`. A name only its own area uses lives in a private `_name.ts` file instead.
 * Types are erased at run time, so the check covers values (functions, classes, constants); the modules are
 * read with a dynamic import and their keys compared.
 */
import assert from "node:assert/strict";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const LIB = join(dirname(fileURLToPath(import.meta.url)), "..", "lib");

/** Names a module exports that its face does not export as the same value. */
export function missingFromFace(module: Record<string, unknown>, face: Record<string, unknown>): string[] {
  return Object.keys(module).filter((name) => !(name in face) || face[name] !== module[name]).sort();
}

/** The public files of an area folder: `.ts` files and subfolders not starting with `_`, without `mod.ts`. */
function publicFiles(dir: string, top = true): string[] {
  const files: string[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    if (entry.name.startsWith("_")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory) files.push(...publicFiles(path, false));
    else if (
      entry.name.endsWith(".ts") && !(top && entry.name === "mod.ts") && !entry.name.endsWith("_test.ts") &&
      !entry.name.endsWith("_bench.ts")
    ) files.push(path);
  }
  return files.sort();
}

function areas(): string[] {
  return [...Deno.readDirSync(LIB)].filter((e) => e.isDirectory).map((e) => e.name).sort();
}

Deno.test("missingFromFace names an export the face lacks or carries as another value", () => {
  // Hand-made modules: `b` is missing from the face, `c` is a different function of the same name.
  const f = () => 1;
  const module = { a: f, b: 2, c: () => 3 };
  const face = { a: f, c: () => 3, d: 4 };
  assert.deepEqual(missingFromFace(module, face), ["b", "c"]);
  assert.deepEqual(missingFromFace({ a: f }, face), []);
});

Deno.test("every area has a face and public files to check", () => {
  const names = areas();
  assert.ok(names.includes("core") && names.includes("data") && names.length >= 10, names.join(", "));
  for (const area of names) {
    assert.ok(Deno.statSync(join(LIB, area, "mod.ts")).isFile, `lib/${area}/mod.ts is missing`);
  }
  // Subfolders are read: data keeps its Bybit client in data/bybit/.
  assert.ok(publicFiles(join(LIB, "data")).some((f) => f.includes(join("data", "bybit"))));
});

for (const area of areas()) {
  Deno.test(`lib/${area}/mod.ts exports every value its public files export`, async () => {
    const face = await import(pathToFileURL(join(LIB, area, "mod.ts")).href);
    const gaps: string[] = [];
    for (const file of publicFiles(join(LIB, area))) {
      const module = await import(pathToFileURL(file).href);
      const missing = missingFromFace(module, face);
      if (missing.length > 0) gaps.push(`lib/${relative(LIB, file)}: ${missing.join(", ")}`);
    }
    assert.deepEqual(
      gaps,
      [],
      `values exported by public files of lib/${area} but not by lib/${area}/mod.ts (put them on the face, ` +
        `or move them into a private _name.ts file if only lib/${area} uses them):\n${gaps.join("\n")}`,
    );
  });
}

Deno.test("no two area faces export different values under one name", async () => {
  // One name per concept: a name two faces carry (tape re-exports core's block bootstrap) is the same value.
  const seen = new Map<string, { area: string; value: unknown }>();
  const clashes: string[] = [];
  for (const area of areas()) {
    const face = await import(pathToFileURL(join(LIB, area, "mod.ts")).href);
    for (const [name, value] of Object.entries(face)) {
      const first = seen.get(name);
      if (first === undefined) seen.set(name, { area, value });
      else if (first.value !== value) clashes.push(`${name}: lib/${first.area} and lib/${area}`);
    }
  }
  assert.deepEqual(clashes, [], `names exported as different values by two faces:\n${clashes.join("\n")}`);
});
