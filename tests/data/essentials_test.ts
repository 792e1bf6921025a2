/**
 * `lib/data/essentials.ts` is the one list of lib/data names that the root face re-exports: both faces
 * carry all of it, and only the data face carries the lower-level pieces.
 */
import assert from "node:assert/strict";
import * as essentials from "@lib/data/essentials.ts";
import * as dataFace from "@lib/data/mod.ts";
import * as root from "@lib/mod.ts";

Deno.test("every essential data export is on both faces, as the same value", () => {
  const names = Object.keys(essentials);
  assert.ok(names.includes("loadKlines") && names.includes("loadTrades"));
  for (const name of names) {
    const value = (essentials as Record<string, unknown>)[name];
    assert.equal((dataFace as Record<string, unknown>)[name], value, `lib/data/mod.ts ${name}`);
    assert.equal((root as Record<string, unknown>)[name], value, `lib/mod.ts ${name}`);
  }
});

Deno.test("the data face adds lower-level pieces that the root face leaves out", () => {
  const extra = Object.keys(dataFace).filter((name) => !(name in essentials));
  assert.ok(extra.includes("fetchTradeDay") && extra.includes("TRADE_TAPE_SCHEMA"), extra.join(", "));
  for (const name of extra) assert.ok(!(name in root), `${name} is not re-exported by lib/mod.ts`);
});
