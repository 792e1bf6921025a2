/**
 * The sums behind the average metaorder price path (`metaorderImpactPath`, `createImpactPathAccumulator`):
 * per block, the side-adjusted price change at each point of the path. Per-block sums concatenate across
 * tapes, so a month read a day at a time gives the sums of one call on the whole month. Not exported from
 * the area's face.
 * @module
 */

/**
 * Per block and path point: the count of metaorders reaching it and the sum of their side-adjusted log price
 * change from before the first child, over `sigma_D` (block-major, `[count, sum]` pairs). Metaorders shorter
 * than `minDurationTrades` or with fewer than `minChildren` children, or in a block without volatility, are
 * skipped; with `netOfRunEnd`, so are those whose trader trades again (`nextOwnTrade`) before the last
 * point of the path. `used` counts the others. Prices: the mids before each trade when `mids` is given (the
 * price at a point is the mid right after that trade), else trade prices. Inputs are validated by the caller.
 */
export function impactPathSums(
  metaorders: {
    first: ArrayLike<number>;
    last: ArrayLike<number>;
    sign: ArrayLike<number>;
    block: ArrayLike<number>;
    children?: ArrayLike<number>;
    nextOwnTrade?: ArrayLike<number>;
  },
  blocks: { blockStarts: ArrayLike<number>; dailyVolatility: ArrayLike<number> },
  prices: Float64Array,
  times: readonly number[],
  minDurationTrades: number,
  selection: { minChildren?: number; netOfRunEnd?: boolean; mids?: Float64Array | undefined } = {},
): { sums: Float64Array; used: number } {
  const { first, last, sign, block, children, nextOwnTrade } = metaorders;
  const { minChildren = 1, netOfRunEnd = false, mids } = selection;
  const horizon = Math.max(1, ...times);
  const { blockStarts, dailyVolatility } = blocks;
  const nb = blockStarts.length - 1, P = times.length;
  const sums = new Float64Array(nb * P * 2); // per block and point: count, sum of impact
  let used = 0;
  for (let i = 0; i < first.length; i++) {
    const f = first[i]!, l = last[i]!, d = l - f;
    const b = block[i]!, end = blockStarts[b + 1]!;
    if (d < minDurationTrades || !(dailyVolatility[b]! > 0)) continue;
    if (children && children[i]! < minChildren) continue;
    if (netOfRunEnd && nextOwnTrade) {
      const nextTrade = nextOwnTrade[i]!;
      if (nextTrade >= 0 && nextTrade <= l + Math.round((horizon - 1) * d)) continue;
    }
    const start = mids ? mids[f]! : prices[f > blockStarts[b]! ? f - 1 : f]!;
    if (!(start > 0)) continue; // no quote yet
    used++;
    const before = Math.log(start);
    const scale = sign[i]! / dailyVolatility[b]!;
    for (let p = 0; p < P; p++) {
      const tau = times[p]!;
      const index = tau <= 1 ? f + Math.round(tau * d) : l + Math.round((tau - 1) * d);
      if (index >= end || (mids && index + 1 >= end)) continue;
      const price = mids ? mids[index + 1]! : prices[index]!;
      const o = (b * P + p) * 2;
      sums[o] = sums[o]! + 1;
      sums[o + 1] = sums[o + 1]! + scale * (Math.log(price) - before);
    }
  }
  return { sums, used };
}
