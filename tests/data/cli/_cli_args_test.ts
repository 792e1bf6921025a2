/** The flag parsing both fetch commands share (`lib/data/cli/_cli_args.ts`). */
import assert from "node:assert/strict";
import {
  cacheDirOption,
  type CliIo,
  COMMON_FETCH_FLAGS,
  parseFetchFlags,
  showProgressBar,
} from "@lib/data/cli/_cli_args.ts";

const USAGE = "Usage: test --symbol S\n";

function recorder(progress?: boolean): CliIo & { outLines: string[]; errLines: string[] } {
  const outLines: string[] = [], errLines: string[] = [];
  return {
    outLines,
    errLines,
    out: (l) => outLines.push(l),
    err: (l) => errLines.push(l),
    ...(progress !== undefined ? { progress } : {}),
  };
}

Deno.test("parseFetchFlags fills the common defaults and reads the command's own flags", () => {
  const io = recorder();
  const values = parseFetchFlags(
    ["--start", "2025-06-01", "--interval", "60", "--cache-dir", "/tmp/c", "--quiet"],
    { interval: { type: "string", default: "1" }, "base-url": { type: "string" } },
    USAGE,
    io,
  );
  assert.notEqual(typeof values, "number");
  if (typeof values === "number") return;
  assert.equal(values.symbol, "BTCUSDT");
  assert.equal(values.category, "linear");
  assert.equal(values.start, "2025-06-01");
  assert.equal(values.end, undefined);
  assert.equal(values.interval, "60");
  assert.equal(values["base-url"], undefined);
  assert.equal(values["cache-dir"], "/tmp/c");
  assert.equal(values.quiet, true);
  assert.equal(values.help, false);
  assert.deepEqual([io.outLines, io.errLines], [[], []]);
  // The defaults are the ones both commands document.
  assert.equal(COMMON_FETCH_FLAGS.symbol.default, "BTCUSDT");
  assert.equal(COMMON_FETCH_FLAGS.category.default, "linear");
});

Deno.test("parseFetchFlags ends a bad run with status 2 (message and usage on stderr) and --help with 0", () => {
  const unknown = recorder();
  assert.equal(
    parseFetchFlags(["--interval", "1"], { "archive-url": { type: "string" } }, USAGE, unknown),
    2,
  );
  assert.equal(unknown.errLines.length, 1);
  assert.match(unknown.errLines[0]!, /^Unknown option '--interval'/);
  assert.ok(unknown.errLines[0]!.endsWith(`\n\n${USAGE}`));
  assert.deepEqual(unknown.outLines, []);

  const positional = recorder();
  assert.equal(parseFetchFlags(["BTCUSDT"], {}, USAGE, positional), 2);
  assert.match(positional.errLines[0]!, /positional/);

  const missingValue = recorder();
  assert.equal(parseFetchFlags(["--symbol"], {}, USAGE, missingValue), 2);
  assert.match(missingValue.errLines[0]!, /--symbol/);

  const help = recorder();
  assert.equal(parseFetchFlags(["--help", "--symbol", "ETHUSDT"], {}, USAGE, help), 0);
  assert.deepEqual(help.outLines, [USAGE]);
  assert.deepEqual(help.errLines, []);
});

Deno.test("showProgressBar: never with --quiet, else as io.progress says", () => {
  assert.equal(showProgressBar(true, recorder(true)), false);
  assert.equal(showProgressBar(false, recorder(true)), true);
  assert.equal(showProgressBar(false, recorder(false)), false);
  assert.equal(showProgressBar(undefined, recorder(true)), true);
});

Deno.test("cacheDirOption passes --cache-dir on only when given", () => {
  assert.deepEqual(cacheDirOption("/tmp/c"), { cacheDir: "/tmp/c" });
  assert.deepEqual(cacheDirOption(undefined), {});
  assert.ok(!("cacheDir" in cacheDirOption(undefined)));
});
