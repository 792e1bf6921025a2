/**
 * The square-root law a tape shows, measured in one call the way notebook 06 measures it: same-time fills
 * merged into one trade per aggressive order, at least `minBlocks` resampling blocks, synthetic metaorders
 * (Maitrier, Loeper & Bouchaud 2025) under an explicit definition, the library's binned fit with its block
 * bootstrap, and the result wrapped with its provenance by {@linkcode measuredLaw}. A fit flagged
 * unreliable is not handed on: `law` is null and `reason` says why.
 *
 * @module
 */
import type { TradeTape } from "../data/trade_tape.ts";
import { type BlockSpec, chooseBlocks } from "../core/bootstrap.ts";
import { assertObject, describeValue } from "../core/validate.ts";
import { mergeSameTimeFills } from "./merge_fills.ts";
import {
  type SyntheticMetaorderOptions,
  type SyntheticMetaorders,
  syntheticMetaorders,
} from "./synthetic_metaorders.ts";
import { type MetaorderLaw, type MetaorderLawOptions, metaorderSquareRootLaw } from "./metaorder_impact.ts";
import { measuredLaw, type TapeMeasuredLaw } from "./measured_law.ts";

/** Options of {@linkcode tapeLaw}. */
export interface TapeLawOptions {
  /** Merge same-time fills into one trade per aggressive order first. Default true. */
  mergeFills?: boolean;
  /** Fewest resampling blocks (UTC days when the tape spans that many, else equal slices). Default 24. */
  minBlocks?: number;
  /** The synthetic-metaorder definition (N, end price, V, sigma, minimum children, seed); blocks are set here. */
  definition?: Omit<SyntheticMetaorderOptions, "blocks">;
  /** The binned fit and its bootstrap. */
  fit?: MetaorderLawOptions;
}

/** Result of {@linkcode tapeLaw}. */
export interface TapeLaw {
  /** The law with its provenance, or null when the fit is unreliable. */
  law: TapeMeasuredLaw | null;
  /** Why no law is handed on (the fit's warnings), or null. */
  reason: string | null;
  /** The fit itself, reliable or not. */
  fit: MetaorderLaw;
  /** The metaorders it was fitted on. */
  metaorders: SyntheticMetaorders;
  /** The blocks every interval resampled. */
  blocks: BlockSpec;
  /** The tape measured (after merging fills when asked). */
  tape: TradeTape;
}

/**
 * Measures the square-root law `I / sigma_D = Y (|Q|/V)^delta` on a tape's synthetic metaorders, with its
 * provenance: notebook 06's pipeline in one call, for notebooks and users who need the law, not the steps.
 *
 * @param tape the trade tape (with quotes when the user has them: impact is then read on mids).
 * @param options merging, blocks, the metaorder definition and the fit.
 * @returns the law (or null and the reason), the fit, the metaorders, the blocks and the tape measured.
 * @throws {TypeError} for a non-object tape or options.
 * @throws {RangeError} for a tape or option the steps refuse (their own messages).
 *
 * @example
 * ```ts
 * import { synthesizeTrades } from "@lib/data/mod.ts";
 * import { tapeLaw } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * const tape = synthesizeTrades({ days: 2, tradesPerDay: 20_000, seed: 3 }); // synthetic
 * const { law, fit, metaorders } = tapeLaw(tape, { fit: { bootstrapSamples: 50 } });
 * assert.ok(metaorders.first.length > 1_000);
 * assert.equal(law === null, !fit.reliable);
 * if (law) assert.equal(law.synthetic, true);
 * ```
 */
export function tapeLaw(tape: TradeTape, options: TapeLawOptions = {}): TapeLaw {
  const action = "measure the law on a tape";
  assertObject(action, "tape", tape);
  assertObject(action, "options", options);
  const { mergeFills = true, minBlocks = 24, definition = {}, fit: fitOptions = {} } = options;
  if (typeof mergeFills !== "boolean") {
    throw new TypeError(
      `Cannot ${action}: options.mergeFills must be true or false: current value is ${
        describeValue(mergeFills)
      }`,
    );
  }
  assertObject(action, "options.definition", definition);
  assertObject(action, "options.fit", fitOptions);
  const measured = mergeFills ? mergeSameTimeFills(tape) : tape;
  const blocks = chooseBlocks(measured.timestamps, { minBlocks });
  const metaorders = syntheticMetaorders(measured, { ...definition, blocks });
  const fit = metaorderSquareRootLaw(metaorders, fitOptions);
  return {
    law: fit.reliable ? measuredLaw(fit, metaorders, measured) : null,
    reason: fit.reliable ? null : fit.warnings.join("; "),
    fit,
    metaorders,
    blocks,
    tape: measured,
  };
}
