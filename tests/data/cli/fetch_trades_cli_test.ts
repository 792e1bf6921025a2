/** `deno task fetch-trades` (lib/data/cli/fetch_trades_cli.ts) against the local mock archive. */
import assert from "node:assert/strict";
import pl from "nodejs-polars";
import { runFetchTradesCli } from "@lib/data/cli/fetch_trades_cli.ts";
import { linearDayCsv, startMockArchive, tradingPath } from "../_mock_archive.ts";

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "", err = "";
  const code = await runFetchTradesCli(args, {
    out: (l) => (out += l + "\n"),
    err: (l) => (err += l + "\n"),
    progress: false,
  });
  return { code, out, err };
}

Deno.test("deno task fetch-trades caches each day, names a missing day and exits non-zero for it", async () => {
  const mock = await startMockArchive();
  const dir = await Deno.makeTempDir({ prefix: "fetch_trades_cli_test_" });
  try {
    mock.put(tradingPath("BTCUSDT", "2025-06-01"), linearDayCsv("2025-06-01", 40));
    mock.put(tradingPath("BTCUSDT", "2025-06-02"), linearDayCsv("2025-06-02", 60));
    const common = [
      "--symbol",
      "BTCUSDT",
      "--category",
      "linear",
      "--cache-dir",
      dir,
      "--archive-url",
      mock.baseUrl,
    ];
    const ok = await run([...common, "--start", "2025-06-01", "--end", "2025-06-03"]);
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.out, /^2025-06-01 fetched, 40 trades\n2025-06-02 fetched, 60 trades\n/);
    assert.match(
      ok.out,
      /Bybit trades \(0 day\(s\) from the cache, 2 fetched\): BTCUSDT linear, 2025-06-01 to 2025-06-03 UTC, 100 trades/,
    );
    const file = `${dir}/trades/category=linear/symbol=BTCUSDT/date=2025-06-02/part-0.parquet`;
    assert.equal(pl.readParquet(file).height, 60);

    const bad = await run([...common, "--start", "2025-06-01", "--end", "2025-06-04"]);
    assert.equal(bad.code, 1);
    assert.match(bad.out, /^2025-06-01 cached, 40 trades\n2025-06-02 cached, 60 trades\n2025-06-03 missing/);
    assert.match(
      bad.err,
      /fetch-trades failed for 1 day\(s\): 2025-06-03\n {2}2025-06-03 missing: not published/,
    );

    const one = await run([...common, "--start", "2025-06-02"]);
    assert.equal(one.code, 0);
    assert.match(one.out, /^2025-06-02 cached, 60 trades\n/);
    assert.equal((await run([...common, "--start", "2025-13-01"])).code, 2);
    assert.equal((await run(["--bogus"])).code, 2);
  } finally {
    await mock.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("two fetch-trades processes filling the same days at once both succeed and leave whole files", async () => {
  const mock = await startMockArchive();
  const dir = await Deno.makeTempDir({ prefix: "fetch_trades_race_" });
  try {
    for (const [d, n] of [["2025-06-01", 3000], ["2025-06-02", 2000]] as const) {
      mock.put(tradingPath("BTCUSDT", d), linearDayCsv(d, n));
    }
    const cli = new URL("../../../lib/data/cli/fetch_trades_cli.ts", import.meta.url).pathname;
    const config = new URL("../../../deno.json", import.meta.url).pathname;
    const args = [
      "run",
      "--allow-all",
      "--config",
      config,
      cli,
      "--start",
      "2025-06-01",
      "--end",
      "2025-06-03",
    ];
    const spawn = () =>
      new Deno.Command(Deno.execPath(), {
        args: [...args, "--cache-dir", dir, "--archive-url", mock.baseUrl, "--quiet"],
        stdout: "piped",
        stderr: "piped",
      }).output();
    const results = await Promise.all([spawn(), spawn()]);
    for (const r of results) {
      assert.equal(r.code, 0, new TextDecoder().decode(r.stderr));
      assert.match(new TextDecoder().decode(r.stdout), /5,000 trades/);
    }
    const files: string[] = [];
    for await (const e of Deno.readDir(`${dir}/trades/category=linear/symbol=BTCUSDT/date=2025-06-01`)) {
      files.push(e.name);
    }
    assert.deepEqual(files, ["part-0.parquet"], "no temporary file left");
    assert.equal(
      pl.readParquet(`${dir}/trades/category=linear/symbol=BTCUSDT/date=2025-06-01/part-0.parquet`).height,
      3000,
    );
    assert.equal(
      pl.readParquet(`${dir}/trades/category=linear/symbol=BTCUSDT/date=2025-06-02/part-0.parquet`).height,
      2000,
    );
  } finally {
    await mock.close();
    await Deno.remove(dir, { recursive: true });
  }
});
