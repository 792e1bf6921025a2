/** `deno task fetch` (lib/data/cli/fetch_cli.ts) against the local mock: fills the cache, reports errors, never synthesizes. */
import assert from "node:assert/strict";
import pl from "nodejs-polars";
import { runFetchCli } from "@lib/data/cli/fetch_cli.ts";
import { startMockBybit } from "../_mock_bybit.ts";

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "", err = "";
  const code = await runFetchCli(args, {
    out: (l) => (out += l + "\n"),
    err: (l) => (err += l + "\n"),
    progress: false,
  });
  return { code, out, err };
}

Deno.test("deno task fetch fills the cache from Bybit and says what it fetched", async () => {
  const mock = await startMockBybit();
  const dir = await Deno.makeTempDir({ prefix: "fetch_cli_test_" });
  try {
    const args = [
      "--symbol",
      "BTCUSDT",
      "--interval",
      "60",
      "--start",
      "2025-06-01",
      "--end",
      "2025-06-03T00:00Z",
    ];
    const { code, out } = await run([...args, "--cache-dir", dir, "--base-url", mock.baseUrl]);
    assert.equal(code, 0);
    assert.match(
      out,
      /^Bybit data \(0 month\(s\) from the cache, 1 fetched\): BTCUSDT linear 60-minute bars, 2025-06-01 00:00 to 2025-06-02 23:00 UTC \(bar starts\), 48 candles/,
    );
    assert.equal(pl.readParquet(`${dir}/bybit/linear/BTCUSDT/60/2025-06.parquet`).height, 48);
  } finally {
    await mock.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno task fetch exits 1 with Bybit's message on a refusal and 2 on bad flags, writing nothing", async () => {
  const mock = await startMockBybit();
  const dir = await Deno.makeTempDir({ prefix: "fetch_cli_test_" });
  try {
    const common = [
      "--start",
      "2025-06-01",
      "--end",
      "2025-06-02",
      "--cache-dir",
      dir,
      "--base-url",
      mock.baseUrl,
    ];
    const bad = await run(["--symbol", "NOPEUSDT", ...common]);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /fetch failed: .*Not supported symbols/);
    mock.inject("http403");
    const banned = await run(common);
    assert.equal(banned.code, 1);
    assert.match(banned.err, /IP ban/);
    assert.equal((await run(["--bogus"])).code, 2);
    assert.equal((await run(["--symbol", "BTCUSDT"])).code, 1, "--start is required");
    assert.match((await run(["--start", "2025-06-01T00:00"])).err, /must be UTC/);
    assert.match((await run(["--help"])).out, /Usage: deno task fetch/);
    assert.deepEqual([...Deno.readDirSync(dir)], []);
  } finally {
    await mock.close();
    await Deno.remove(dir, { recursive: true });
  }
});
