/**
 * lib/tape sits above lib/data and lib/impact and below plot, tca, execution and ml: it may import only
 * lib/data/*, lib/impact/*, lib/random.ts, lib/_validate.ts, its own files and full `npm:` specifiers.
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const TAPE = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "lib", "tape");
const allowed = [
  /^\.\/[a-z_]+\.ts$/,
  /^\.\.\/data\/[a-z_]+\.ts$/,
  /^\.\.\/impact\/[a-z_]+\.ts$/,
  /^\.\.\/random\.ts$/,
  /^\.\.\/_validate\.ts$/,
  /^npm:/,
];

Deno.test("lib/tape imports only the layers below it", async () => {
  let files = 0;
  for await (const entry of Deno.readDir(TAPE)) {
    if (!entry.name.endsWith(".ts")) continue;
    files++;
    const source = await Deno.readTextFile(join(TAPE, entry.name));
    // Import and export-from specifiers outside comments (doc examples import "@lib/..." and are not code).
    const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
    for (
      const [, specifier] of code.matchAll(/(?:(?:import|export)[^;]*?from\s+|import\s+|import\()"([^"]+)"/g)
    ) {
      assert.ok(allowed.some((re) => re.test(specifier!)), `${entry.name} imports ${specifier}`);
    }
  }
  assert.ok(files >= 10, `found ${files} files in lib/tape`);
});
