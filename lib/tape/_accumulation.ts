/**
 * Bookkeeping shared by the tape accumulators (`TapeAccumulator`): the tapes' validation, the blocks of
 * everything added so far (tape indices counted from the first added trade), the end of accumulation, and
 * the lagged sums of one added tape widened to the accumulator's lags. Not exported from the area's face.
 * @module
 */
import { assertTradeTape, type TradeTape } from "../data/trade_tape.ts";
import { GrowingArray } from "../core/arrays.ts";
import { laggedSumsByBlock } from "./_lagged_sums.ts";
import { type BlockSpec, tapeBlocks } from "./blocks.ts";

/** Tapes already validated: one tape added to several accumulators (`measureTapeDays`) is read once. */
const validated = new WeakSet<object>();

/**
 * `assertTradeTape` once per tape object: a tape that passed before is only checked for `minTrades` again
 * (a tape is not expected to change between two adds).
 */
export function assertTapeOnce(action: string, tape: TradeTape, minTrades = 0): void {
  if (tape !== null && typeof tape === "object" && validated.has(tape) && tape.prices.length >= minTrades) {
    return;
  }
  assertTradeTape(action, tape, minTrades);
  validated.add(tape);
}

/**
 * The price source of an accumulator's tapes, kept the same across adds: `withMids` for the first tape
 * (`first` undefined), else `first` when the tape agrees. `detail` ends the message's requirement (say what
 * the price is).
 * @throws {TypeError} when a tape carries quotes and the first did not, or the other way round.
 */
export function sameQuoteSource(
  action: string,
  first: boolean | undefined,
  withMids: boolean,
  detail = "",
): boolean {
  if (first === undefined || first === withMids) return withMids;
  throw new TypeError(
    `Cannot ${action}: every tape must ${first ? "carry" : "lack"} quotes as the first did${detail}: ` +
      `current tape ${withMids ? "has" : "has no"} quotes`,
  );
}

/** Block starts already cut, per tape and block spec (a tape added to several accumulators is cut once). */
const cuts = new WeakMap<object, Map<string, Int32Array>>();

/**
 * `tapeBlocks(tape.timestamps, spec)`, cut once per tape object and spec (about 15 ms for 500,000 trades, so
 * worth sharing between the accumulators a day is added to). The starts are shared: read them, never write.
 */
export function tapeBlocksOnce(tape: TradeTape, spec: BlockSpec): Int32Array {
  const key = JSON.stringify(spec);
  let byTape = cuts.get(tape);
  if (byTape === undefined) cuts.set(tape, byTape = new Map());
  let starts = byTape.get(key);
  if (starts === undefined) byTape.set(key, starts = tapeBlocks(tape.timestamps, spec));
  return starts;
}

/** Largest count of trades an accumulator indexes (tape indices are 32-bit). */
const MAX_TRADES = 2 ** 31 - 1;

/**
 * The blocks of the tapes added to one accumulator, and whether it is finished. Block starts are kept as
 * one growing column (4 bytes a block), so its memory is flat in the number of trades.
 */
export class TapeLedger {
  /** Trades and blocks recorded so far. */
  trades = 0;
  blocks = 0;
  readonly #action: string;
  readonly #starts = new GrowingArray(Int32Array);
  #finished = false;

  constructor(action: string) {
    this.#action = action;
    this.#starts.push(Int32Array.of(0));
  }

  /**
   * Checks a tape about to be added: the accumulator is open, the tape valid and the indices stay 32-bit
   * (`pending` trades admitted but not yet recorded count too). Returns false for an empty tape.
   */
  admit(tape: TradeTape, pending = 0): boolean {
    this.assertOpen();
    assertTapeOnce(this.#action, tape, 0);
    const n = tape.prices.length;
    if (this.trades + pending + n > MAX_TRADES) {
      throw new RangeError(
        `Cannot ${this.#action}: the tapes added must hold fewer than 2^31 trades in all (tape indices are ` +
          `32-bit): current count is ${this.trades + pending + n}`,
      );
    }
    return n > 0;
  }

  /** Records the blocks `starts` (from 0 to the tape's length) of the tape just measured. */
  record(starts: Int32Array): void {
    const offset = this.trades;
    this.#starts.push(starts.subarray(1).map((s) => s + offset));
    this.trades += starts[starts.length - 1]!;
    this.blocks += starts.length - 1;
  }

  /** Block boundaries of everything recorded, in tape indices from the first trade (`tapeBlocks` form). */
  blockStarts(): Int32Array {
    return this.#starts.toArray();
  }

  /** Throws once the accumulator is finished. */
  assertOpen(): void {
    if (this.#finished) {
      throw new RangeError(
        `Cannot ${this.#action}: the accumulator must be open: current state is finished (finish() was ` +
          `called; create a new accumulator to measure more tapes)`,
      );
    }
  }

  /** Marks the end of accumulation (after which `add` and `finish` throw). */
  close(): void {
    this.assertOpen();
    this.#finished = true;
  }

  /** Throws unless at least `minTrades` trades were recorded (`assertTradeTape`'s words). */
  assertTrades(minTrades: number): void {
    if (this.trades < minTrades) {
      throw new RangeError(
        `Cannot ${this.#action}: tape must hold at least ${minTrades} trades: current count is ${this.trades}`,
      );
    }
  }
}

/**
 * `laggedSumsByBlock` over lags `0..maxLag`, computed only up to the longest block's last lag with a pair
 * (`min(maxLag, longest - 1)`; the sums beyond are 0) and widened with zeros to `maxLag + 1` lags per block.
 * When every lag fits a block (`maxLag` below the longest block) this is `laggedSumsByBlock` as it is; a
 * day shorter than `maxLag` costs its own length, not `maxLag`.
 */
export function laggedSumsUpTo(
  x: ArrayLike<number>,
  ys: readonly ArrayLike<number>[],
  maxLag: number,
  starts: Int32Array,
): Float64Array[] {
  const nb = starts.length - 1;
  let longest = 0;
  for (let b = 0; b < nb; b++) longest = Math.max(longest, starts[b + 1]! - starts[b]!);
  const lags = Math.min(maxLag, Math.max(1, longest - 1));
  return laggedSumsByBlock(x, ys, lags, starts).map((sums) => {
    if (lags === maxLag) return sums;
    const out = new Float64Array(nb * (maxLag + 1));
    for (let b = 0; b < nb; b++) {
      out.set(sums.subarray(b * (lags + 1), (b + 1) * (lags + 1)), b * (maxLag + 1));
    }
    return out;
  });
}
