/**
 * The windows behind the aggregate-impact accumulator (`createAggregateImpactAccumulator`): each window's
 * signed volume, volume and return, cut inside blocks. Windows of later tapes are appended after those of
 * earlier ones, so a month read a day at a time gives the windows of one call on the whole month. Not
 * exported from the area's face.
 * @module
 */
import type { TradeTape } from "../data/trade_tape.ts";

/** Per-window columns: signed volume `dV` (base units), volume, return (bps), block. */
export interface WindowColumns {
  dv: Float64Array;
  vol: Float64Array;
  ret: Float64Array;
  block: Int32Array;
  /** Windows filled. */
  count: number;
}

/** Room for the windows of a tape of `n` trades (at most one per trade). */
export function windowColumns(n: number): WindowColumns {
  return {
    dv: new Float64Array(n),
    vol: new Float64Array(n),
    ret: new Float64Array(n),
    block: new Int32Array(n),
    count: 0,
  };
}

/**
 * Cuts each block of a validated tape into windows of `T` trades or seconds (seconds aligned on the block's
 * first trade; empty ones skipped) and appends each window after the first of its block to `out` (from
 * `out.count`), with block numbers offset by `blockOffset`. The return runs from the previous window's last
 * trade price to this one's, in bps.
 */
export function addWindows(
  out: WindowColumns,
  tape: TradeTape,
  starts: Int32Array,
  T: number,
  unit: "trades" | "seconds",
  blockOffset = 0,
): void {
  const { timestamps, prices, sizes, signs } = tape;
  const mids = tape.quotes?.mids;
  const { dv, vol, ret, block } = out;
  const nb = starts.length - 1;
  // The window's closing price: its last trade's print, or the mid right after it (the mid before the
  // next trade; the last trade's own mid before it at the block's end).
  let m = out.count;
  for (let b = 0; b < nb; b++) {
    const from = starts[b]!, to = starts[b + 1]!;
    let key = -1, prevLast = -1, signed = 0, volume = 0, last = -1;
    const closing = (t: number) => (mids ? mids[t + 1 < to ? t + 1 : t]! : prices[t]!);
    const close = () => {
      if (last >= 0 && prevLast >= 0) {
        dv[m] = signed;
        vol[m] = volume;
        ret[m] = (Math.log(closing(last)) - Math.log(closing(prevLast))) * 1e4;
        block[m] = b + blockOffset;
        m++;
      }
      prevLast = last;
      signed = 0;
      volume = 0;
    };
    for (let t = from; t < to; t++) {
      const k = unit === "trades"
        ? Math.floor((t - from) / T)
        : Math.floor((timestamps[t]! - timestamps[from]!) / (T * 1000));
      if (k !== key) {
        close();
        key = k;
      }
      signed += signs[t]! * sizes[t]!;
      volume += sizes[t]!;
      last = t;
    }
    close();
  }
  out.count = m;
}
