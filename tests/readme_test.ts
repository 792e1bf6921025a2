/**
 * Every TypeScript block of the README runs, offline, as a user would paste it into a file at the repository's
 * root: `./lib/mod.ts` is resolved against the repository, and the files the quick start reads
 * (`my_candles.csv`, `my_trades.csv`, `my_quotes.csv`) are written first from seeded generated data (synthetic
 * candles, a simulated order book day), in a temporary folder that is the block's working directory.
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { simulateBookDay } from "../lib/mod.ts";
import { synthesizeKlines } from "../lib/data/mod.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The ```ts blocks of a Markdown text. */
export function typescriptBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

async function writeInputs(dir: string): Promise<void> {
  const market = simulateBookDay({ seed: 3, trades: 40_000 });
  const { tape, quotes } = market;
  const trades = ["timestamp,price,size,side"];
  for (let i = 0; i < tape.prices.length; i++) {
    trades.push(
      `${tape.timestamps[i]},${tape.prices[i]},${tape.sizes[i]},${tape.signs[i]! > 0 ? "buy" : "sell"}`,
    );
  }
  await Deno.writeTextFile(join(dir, "my_trades.csv"), trades.join("\n") + "\n");
  const q = ["timestamp,bid,bidSize,ask,askSize"];
  for (let i = 0; i < quotes.timestamps.length; i++) {
    q.push(
      `${quotes.timestamps[i]},${quotes.bidPrices[i]},${quotes.bidSizes[i]},${quotes.askPrices[i]},${
        quotes.askSizes[i]
      }`,
    );
  }
  await Deno.writeTextFile(join(dir, "my_quotes.csv"), q.join("\n") + "\n");
  const candles = synthesizeKlines({
    symbol: "BTCUSDT",
    interval: "1",
    category: "linear",
    start: Date.UTC(2025, 5, 1),
    end: Date.UTC(2025, 5, 8),
  });
  const rows = ["timestamp,open,high,low,close,volume"];
  const cols = ["startTime", "open", "high", "low", "close", "volume"].map((c) =>
    candles.getColumn(c).toArray() as number[]
  );
  const epochMs = (v: unknown) => (v instanceof Date ? v.getTime() : Number(v));
  for (let i = 0; i < cols[0]!.length; i++) {
    rows.push(cols.map((c, j) => (j === 0 ? epochMs(c[i]) : c[i])).join(","));
  }
  await Deno.writeTextFile(join(dir, "my_candles.csv"), rows.join("\n") + "\n");
}

Deno.test("typescriptBlocks finds each ```ts block and nothing else", () => {
  assert.deepEqual(typescriptBlocks("a\n```ts\nx;\n```\n```sh\nls\n```\n```ts\ny;\n```\n"), ["x;\n", "y;\n"]);
});

Deno.test("every TypeScript block of the README runs offline", async () => {
  const blocks = typescriptBlocks(await Deno.readTextFile(join(ROOT, "README.md")));
  assert.ok(blocks.length >= 1, "the README has a quick start");
  const dir = await Deno.makeTempDir({ prefix: "readme-" });
  try {
    await writeInputs(dir);
    for (const [k, block] of blocks.entries()) {
      const file = join(dir, `block_${k}.ts`);
      await Deno.writeTextFile(
        file,
        block.replaceAll('"./lib/mod.ts"', JSON.stringify(join(ROOT, "lib", "mod.ts"))),
      );
      const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
        args: ["run", "--allow-all", "--config", join(ROOT, "deno.json"), file],
        cwd: dir,
        env: { BYBIT_OFFLINE: "1", BYBIT_CACHE_DIR: join(dir, "cache") },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const out = new TextDecoder().decode(stdout), err = new TextDecoder().decode(stderr);
      assert.equal(code, 0, `README block ${k + 1} failed:\n${block}\n${err}`);
      assert.ok(out.trim().length > 0, `README block ${k + 1} printed nothing`);
      if (Deno.env.get("README_TEST_VERBOSE") === "1") console.log(out);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
