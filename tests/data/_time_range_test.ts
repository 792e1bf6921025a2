/** The request range check shared by resolveKlineSpec and loadTrades (`lib/data/_time_range.ts`). */
import assert from "node:assert/strict";
import { resolveTimeRange } from "@lib/data/_time_range.ts";

/** A conversion that accepts numbers only and names the field it refuses. */
const toMs = (action: string, name: string, value: unknown): number => {
  if (typeof value !== "number") throw new RangeError(`Cannot ${action}: ${name} is not a number`);
  return value;
};

Deno.test("resolveTimeRange converts both ends with the caller's rule and keeps start < end", () => {
  assert.deepEqual(resolveTimeRange("load trades", { start: 0, end: 60_000 }, toMs), {
    start: 0,
    end: 60_000,
  });
  const names: string[] = [];
  resolveTimeRange("x", { start: 1, end: 2 }, (_a, name, v) => {
    names.push(name);
    return v as number;
  });
  assert.deepEqual(names, ["start", "end"]);
});

Deno.test("resolveTimeRange refuses an empty or reversed range, naming both instants", () => {
  const jun1 = Date.UTC(2025, 5, 1), jun2 = Date.UTC(2025, 5, 2);
  assert.throws(() => resolveTimeRange("load trades", { start: jun2, end: jun1 }, toMs), {
    name: "RangeError",
    message:
      "Cannot load trades: end must be after start (2025-06-02T00:00:00.000Z): current value is 2025-06-01T00:00:00.000Z",
  });
  assert.throws(
    () => resolveTimeRange("load klines", { start: jun1, end: jun1 }, toMs),
    /end must be after start/,
  );
  assert.throws(
    () => resolveTimeRange("load klines", { start: "x", end: jun1 }, toMs),
    /start is not a number/,
  );
});
