/**
 * The library type-checks and runs under Deno's default compiler settings: a new project whose deno.json
 * has no `"lib": ["deno.ns", "dom", ...]` (the repository's own deno.json adds "dom") can `deno check` and
 * `deno test` code that imports it. The project is written to a temporary folder outside the repository,
 * with the repository's import map (`@lib/` pointing at this checkout) and no compilerOptions at all.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

Deno.test({
  name: "a new project without the dom lib type-checks and tests code that imports the library",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const repo = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json"))) as {
      imports: Record<string, string>;
      exports: Record<string, string>;
    };
    const dir = await Deno.makeTempDir({ prefix: "new-project-" });
    try {
      assert.ok(!dir.startsWith(ROOT), "the project must sit outside the repository");
      const imports = { ...repo.imports, "@lib/": `${join(ROOT, "lib")}/` };
      await Deno.writeTextFile(join(dir, "deno.json"), JSON.stringify({ imports }, null, 2));
      // Every public entry point, as a user would import them.
      const entries = Object.values(repo.exports).map((p) => `@lib/${p.replace(/^\.\/lib\//, "")}`);
      await Deno.writeTextFile(
        join(dir, "main_test.ts"),
        entries.map((e, i) => `import * as m${i} from "${e}";`).join("\n") +
          `\nimport * as Plot from "@observablehq/plot";\n` +
          `Deno.test("renders a figure", () => {\n` +
          `  const fig = m0.renderFigure({ marks: [Plot.dot([{ x: 1, y: 2 }], { x: "x", y: "y" })] });\n` +
          `  if (!fig.svg.startsWith("<svg xmlns=")) throw new Error(fig.svg.slice(0, 80));\n` +
          `  if (${
            entries.map((_, i) => `typeof m${i} !== "object"`).join(" || ")
          }) throw new Error("import");\n` +
          `});\n`,
      );
      const run = async (args: string[]) => {
        const out = await new Deno.Command(Deno.execPath(), {
          args,
          cwd: dir,
          env: { NO_COLOR: "1" },
          stdout: "piped",
          stderr: "piped",
        }).output();
        return {
          success: out.success,
          text: new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr),
        };
      };
      const check = await run(["check", "main_test.ts"]);
      assert.ok(check.success, `deno check failed without the dom lib:\n${check.text.slice(0, 4000)}`);
      const test = await run(["test", "--allow-all", "main_test.ts"]);
      assert.ok(test.success, test.text.slice(0, 4000));
      assert.match(test.text, /1 passed/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
