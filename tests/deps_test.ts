/**
 * lib/ must be importable from any Deno project, by file path or URL, with no import map on the user's
 * side: every npm package is imported with its full `npm:name@version` specifier, and deno.json's map
 * (which the notebooks use) pins the same versions. The last test imports lib/ from a temporary project
 * outside the repository, exactly as a user would.
 */
import assert from "node:assert/strict";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const toFileUrl = (path: string) => pathToFileURL(path).href;

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const LIB = join(ROOT, "lib");

async function* typescriptFiles(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* typescriptFiles(path);
    else if (entry.name.endsWith(".ts")) yield path;
  }
}

/**
 * Every import of every lib/ file as Deno itself resolves it: `deno info --json --no-config` over a root
 * that imports each file, so the project's import map plays no part and nothing is parsed by hand.
 */
async function libImports(): Promise<{ file: string; specifier: string }[]> {
  const dir = await Deno.makeTempDir({ prefix: "lib-graph-" });
  try {
    const root = join(dir, "root.ts");
    const files: string[] = [];
    for await (const file of typescriptFiles(LIB)) files.push(file);
    await Deno.writeTextFile(root, files.map((f) => `import ${JSON.stringify(toFileUrl(f))};`).join("\n"));
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json", "--no-config", root],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(code, 0, new TextDecoder().decode(stderr));
    const graph = JSON.parse(new TextDecoder().decode(stdout)) as {
      modules: { specifier: string; dependencies?: { specifier: string }[] }[];
    };
    return graph.modules
      .filter((m) => m.specifier.startsWith(toFileUrl(LIB)))
      .flatMap((m) =>
        (m.dependencies ?? []).map((d) => ({
          file: relative(ROOT, fileURLToPath(m.specifier)),
          specifier: d.specifier,
        }))
      );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** `npm:name@version/sub` -> { name, version }; scoped names keep their scope. */
function parseNpm(specifier: string): { name: string; version: string } {
  const m = specifier.match(/^npm:\/?((?:@[^/@]+\/)?[^/@]+)@([^/]+)/);
  assert.ok(m, `not a pinned npm specifier: ${specifier}`);
  return { name: m[1]!, version: m[2]! };
}

const config = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
const mapped = new Map<string, string>();
for (const [key, value] of Object.entries(config.imports as Record<string, string>)) {
  if (!value.startsWith("npm:")) continue;
  const { name, version } = parseNpm(value);
  mapped.set(name, version);
  assert.ok(key === name || key === `${name}/`, `deno.json maps ${key} to another package (${value})`);
}

Deno.test("lib/ imports npm packages only by full npm:name@version specifiers that match deno.json", async () => {
  let npmImports = 0;
  for (const { file, specifier } of await libImports()) {
    const where = `${file} imports "${specifier}"`;
    if (specifier.startsWith(".") || specifier.startsWith("node:")) continue;
    assert.ok(specifier.startsWith("npm:"), `${where}: a bare name only resolves with the project's map`);
    const { name, version } = parseNpm(specifier);
    assert.equal(version, mapped.get(name), `${where}: deno.json pins ${name} at ${mapped.get(name)}`);
    npmImports++;
  }
  assert.ok(npmImports > 10, `expected lib/ to import npm packages, found ${npmImports}`);
});

Deno.test({
  name:
    "a project outside the repository imports lib/ and every area subpath by absolute path, calibrates the law and runs TCA",
  // The child process needs the same npm packages; they come from Deno's global cache (filled by
  // `deno install`), so no network is used.
  permissions: { read: true, write: true, run: true, env: true },
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "price-impact-user-" });
    try {
      const mod = join(LIB, "mod.ts");
      // Every subpath of deno.json's exports (one per area), imported by absolute path too.
      const subpaths = Object.entries(config.exports as Record<string, string>).filter(([name]) =>
        name !== "."
      );
      await Deno.writeTextFile(
        join(dir, "main.ts"),
        `import { analyzeTrades, calibrateSquareRoot } from ${JSON.stringify(mod)};
import pl from "npm:nodejs-polars@${mapped.get("nodejs-polars")}";
${
          subpaths.map(([, path], i) => `import * as area${i} from ${JSON.stringify(join(ROOT, path))};`)
            .join("\n")
        }
const areas = { ${
          subpaths.map(([name], i) => `${JSON.stringify(name)}: Object.keys(area${i}).length`).join(", ")
        } };
const sizes = [100, 400, 900, 1600, -2500];
const impacts = sizes.map((q) => Math.sign(q) * 0.02 * 0.7 * Math.sqrt(Math.abs(q) / 10_000));
const fit = calibrateSquareRoot({ sizes, impacts }, { dailyVolatility: 0.02, averageDailyVolume: 10_000 });
const frame = pl.DataFrame({
  size: [2, -1], executionPrice: [100.5, 99.8], arrivalPrice: [100, 100], vwap: [100.2, 99.9],
  spread: [0.02, 0.02], averageDailyVolume: [1000, 1000], dailyVolatility: [0.02, 0.02],
});
const { results } = analyzeTrades(frame);
console.log(JSON.stringify({ areas, eta: fit.eta, delta: fit.delta, rows: results.height,
  shortfall: [...results.getColumn("implementationShortfall").toArray()] }));
`,
      );
      const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
        args: ["run", "--no-config", "--allow-read", "--allow-ffi", "--allow-sys", "main.ts"],
        cwd: dir,
        stdout: "piped",
        stderr: "piped",
      }).output();
      const err = new TextDecoder().decode(stderr);
      assert.equal(code, 0, `the user's project failed:\n${err}`);
      const out = JSON.parse(new TextDecoder().decode(stdout).trim().split("\n").at(-1)!);
      // Closed form: the impacts were built with eta 0.7 and delta 0.5.
      assert.ok(Math.abs(out.eta - 0.7) < 1e-12 && Math.abs(out.delta - 0.5) < 1e-12, JSON.stringify(out));
      assert.equal(out.rows, 2);
      for (const [name] of subpaths) assert.ok(out.areas[name] > 0, `subpath ${name} exports nothing`);
      assert.ok(subpaths.length >= 9, `expected a subpath per area, found ${subpaths.map(([n]) => n)}`);
      // Buy: (100.5 - 100) / 100; sell: -(99.8 - 100) / 100 (side-adjusted, positive = cost).
      assert.ok(Math.abs(out.shortfall[0] - 0.005) < 1e-12 && Math.abs(out.shortfall[1] - 0.002) < 1e-12);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
