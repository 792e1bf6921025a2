/**
 * The metaorder builder behind {@linkcode syntheticMetaorders} and the day-by-day measurement
 * (`measureTapeDays`): the trade-to-trader draw, the runs of equal sign per trader, and each run's size,
 * participation, duration and impact. The random stream is passed in, so that a month read one day at a
 * time draws exactly the numbers one call on the whole month would. Not exported from the area's face.
 * @module
 */
import type { TradeTape } from "../data/trade_tape.ts";
import { DEFAULT_SEED, type SeededRandom } from "../core/random.ts";
import { assertInteger, assertObject, assertPositive, describeValue } from "../core/validate.ts";
import type {
  DailyVolumeSource,
  MetaorderEndPrice,
  Participation,
  SyntheticMetaorderOptions,
  SyntheticMetaorders,
  VolatilityEstimator,
} from "./metaorder_definition.ts";
import type { BlockSpec } from "./blocks.ts";
import { checkBlockSpec } from "./_block_checks.ts";

/** Names of the per-metaorder columns of `SyntheticMetaorders`, in order. */
export const METAORDER_COLUMNS = [
  "first",
  "last",
  "sign",
  "children",
  "volume",
  "participation",
  "durationTrades",
  "durationSeconds",
  "block",
  "impact",
  "nextOwnTrade",
  "executionVolume",
  "participationRate",
] as const;

/** The per-metaorder columns of a `SyntheticMetaorders` result. */
export type MetaorderColumns = Pick<SyntheticMetaorders, (typeof METAORDER_COLUMNS)[number]>;

/**
 * The trader draw of a participation model: `null` for homogeneous (one uniform integer per trade), else the
 * cumulative probabilities of traders `1..N` under `k^-z`; and the model's description.
 * @throws {RangeError} unless `participation` is `"homogeneous"` or `{ powerLaw: z >= 0 }`.
 */
export function participationDraw(
  action: string,
  participation: Participation,
  traders: number,
): { cumulative: Float64Array | null; model: string } {
  if (participation === "homogeneous") return { cumulative: null, model: "homogeneous (1/N each)" };
  const z = participation?.powerLaw;
  if (typeof z !== "number" || !Number.isFinite(z) || z < 0) {
    throw new RangeError(
      `Cannot ${action}: participation must be "homogeneous" or { powerLaw: z >= 0 }: current value is ${
        describeValue(participation)
      }`,
    );
  }
  const cumulative = new Float64Array(traders);
  let total = 0;
  for (let k = 0; k < traders; k++) cumulative[k] = total += Math.pow(k + 1, -z);
  for (let k = 0; k < traders; k++) cumulative[k] = cumulative[k]! / total;
  return { cumulative, model: `power law (trader k with probability ~ k^-${z})` };
}

/** Checked options of the metaorder builder, with defaults, and the trader draw they imply. */
export interface MetaorderSettings {
  traders: number;
  participation: Participation;
  minChildren: number;
  blocks: BlockSpec;
  volatilitySamplingSeconds: number;
  seed: number;
  endPrice: MetaorderEndPrice;
  volumeSource: DailyVolumeSource;
  volatilityEstimator: VolatilityEstimator;
  minReturnsPerBlock: number;
  minParticipation: number;
  minDurationSeconds: number;
  /** See {@linkcode participationDraw}. */
  cumulative: Float64Array | null;
  participationModel: string;
}

/**
 * Checks the options of `syntheticMetaorders` and fills in the defaults.
 * @throws {RangeError} for a bad option (named, with its value).
 */
export function metaorderSettings(action: string, options: SyntheticMetaorderOptions): MetaorderSettings {
  assertObject(action, "options", options);
  const {
    traders = 100,
    participation = "homogeneous",
    minChildren = 2,
    blocks = "day",
    volatilitySamplingSeconds = 300,
    seed = DEFAULT_SEED,
    endPrice = "last-child",
    volumeSource = "extrapolated",
    volatilityEstimator = "realised",
    minReturnsPerBlock = 20,
    minParticipation = 0,
    minDurationSeconds = 0,
    mergeSlivers = true,
  } = options;
  if (typeof mergeSlivers !== "boolean") {
    throw new TypeError(
      `Cannot ${action}: mergeSlivers must be a boolean: current value is ${describeValue(mergeSlivers)}`,
    );
  }
  assertInteger(action, "traders", traders, 1);
  if (!END_PRICES.includes(endPrice)) {
    throw new RangeError(
      `Cannot ${action}: endPrice must be one of ${END_PRICES.join(", ")}: current value is ${
        describeValue(endPrice)
      }`,
    );
  }
  if (volumeSource !== "actual" && volumeSource !== "extrapolated") {
    throw new RangeError(
      `Cannot ${action}: volumeSource must be "actual" or "extrapolated": current value is ${
        describeValue(volumeSource)
      }`,
    );
  }
  if (volatilityEstimator !== "realised" && volatilityEstimator !== "range") {
    throw new RangeError(
      `Cannot ${action}: volatilityEstimator must be "realised" or "range": current value is ${
        describeValue(volatilityEstimator)
      }`,
    );
  }
  assertInteger(action, "minReturnsPerBlock", minReturnsPerBlock, 1);
  for (
    const [name, v] of [["minParticipation", minParticipation], [
      "minDurationSeconds",
      minDurationSeconds,
    ]] as const
  ) {
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      throw new RangeError(
        `Cannot ${action}: ${name} must be finite and >= 0: current value is ${describeValue(v)}`,
      );
    }
  }
  assertInteger(action, "minChildren", minChildren, 1);
  assertPositive(action, "volatilitySamplingSeconds", volatilitySamplingSeconds);
  assertInteger(action, "seed", seed, -(2 ** 31));
  checkBlockSpec(action, blocks);
  const { cumulative, model } = participationDraw(action, participation, traders);
  return {
    traders,
    participation,
    minChildren,
    blocks,
    volatilitySamplingSeconds,
    seed,
    endPrice,
    volumeSource,
    volatilityEstimator,
    minReturnsPerBlock,
    minParticipation,
    minDurationSeconds,
    cumulative,
    participationModel: model,
  };
}

/** Every {@linkcode MetaorderEndPrice}, for validation. */
export const END_PRICES: readonly MetaorderEndPrice[] = [
  "last-child",
  "next-print",
  "mid-after",
  "next-own-trade",
];

/** Grows a typed array to at least `size`, doubling. */
function grow<T extends Int32Array | Float64Array | Int8Array>(a: T, size: number): T {
  if (size <= a.length) return a;
  const next = new (a.constructor as new (n: number) => T)(Math.max(size, a.length * 2));
  next.set(a);
  return next;
}

/**
 * Metaorders of a validated tape cut into blocks `starts` with their daily scales, drawing one trader per
 * trade from `rng` in tape order. Indices (`first`, `last`, `block`, `nextOwnTrade`) are the tape's. Prices
 * are the mids before each trade when `tape.quotes` is there, else trade prices (see the module notes of
 * `synthetic_metaorders.ts` for the start and end price of each definition). Metaorders below
 * `minParticipation` or `minDurationSeconds` are dropped. O(n) plus O(N) per block.
 */
export function metaorderColumns(
  tape: TradeTape,
  starts: Int32Array,
  scales: { averageDailyVolume: Float64Array; dailyVolatility: Float64Array },
  rng: SeededRandom,
  settings: {
    traders: number;
    cumulative: Float64Array | null;
    minChildren: number;
    endPrice?: MetaorderEndPrice;
    minParticipation?: number;
    minDurationSeconds?: number;
  },
): MetaorderColumns {
  const { traders, cumulative, minChildren } = settings;
  const { endPrice = "last-child", minParticipation = 0, minDurationSeconds = 0 } = settings;
  const { averageDailyVolume, dailyVolatility } = scales;
  const { timestamps, sizes, signs } = tape;
  const nb = starts.length - 1;
  // Open run per trader.
  const runSign = new Int8Array(traders),
    runFirst = new Int32Array(traders),
    runLast = new Int32Array(traders);
  const runChildren = new Int32Array(traders), runVolume = new Float64Array(traders);
  const runCumBefore = new Float64Array(traders), runCumAfter = new Float64Array(traders);
  // A metaorder takes at least minChildren trades; about half the trades end up in one on a real or
  // synthetic tape, so this first guess rarely needs to grow (growing copies every column).
  let capacity = Math.max(1024, Math.ceil(timestamps.length / (2 * minChildren))), count = 0;
  let first = new Int32Array(capacity), last = new Int32Array(capacity), sign = new Int8Array(capacity);
  let children = new Int32Array(capacity),
    volume = new Float64Array(capacity),
    block = new Int32Array(capacity),
    next = new Int32Array(capacity),
    execution = new Float64Array(capacity);
  const emit = (k: number, b: number, nextTrade: number) => {
    if (runChildren[k]! >= minChildren) {
      if (count === capacity) {
        capacity *= 2;
        first = grow(first, capacity);
        last = grow(last, capacity);
        sign = grow(sign, capacity);
        children = grow(children, capacity);
        volume = grow(volume, capacity);
        block = grow(block, capacity);
        next = grow(next, capacity);
        execution = grow(execution, capacity);
      }
      first[count] = runFirst[k]!;
      last[count] = runLast[k]!;
      sign[count] = runSign[k]!;
      children[count] = runChildren[k]!;
      volume[count] = runVolume[k]!;
      block[count] = b;
      next[count] = nextTrade;
      execution[count] = runCumAfter[k]! - runCumBefore[k]!;
      count++;
    }
    runChildren[k] = 0;
  };
  for (let b = 0; b < nb; b++) {
    const from = starts[b]!, to = starts[b + 1]!;
    let cum = 0; // volume since the block's start (runs never cross a block), the same day by day

    for (let t = from; t < to; t++) {
      let k: number;
      if (cumulative === null) k = rng.int(traders);
      else {
        const u = rng.uniform();
        let lo = 0, hi = traders - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cumulative[mid]! > u) hi = mid;
          else lo = mid + 1;
        }
        k = lo;
      }
      const s = signs[t]!;
      // The run ends because this trader's next trade (t) has the other sign.
      if (runChildren[k]! > 0 && runSign[k] !== s) emit(k, b, t);
      if (runChildren[k] === 0) {
        runSign[k] = s;
        runFirst[k] = t;
        runVolume[k] = 0;
        runCumBefore[k] = cum;
      }
      cum += sizes[t]!;
      runChildren[k]!++;
      runLast[k] = t;
      runCumAfter[k] = cum;
      runVolume[k] = runVolume[k]! + sizes[t]!;
    }
    for (let k = 0; k < traders; k++) if (runChildren[k]! > 0) emit(k, b, -1);
  }
  const keep = new Int32Array(count);
  let kept = 0;
  const participation = new Float64Array(count);
  const durationTrades = new Int32Array(count), durationSeconds = new Float64Array(count);
  const participationRate = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const b = block[i]!, f = first[i]!, l = last[i]!;
    const q = volume[i]! / averageDailyVolume[b]!, seconds = (timestamps[l]! - timestamps[f]!) / 1000;
    if (q < minParticipation || seconds < minDurationSeconds) continue;
    const j = kept++;
    keep[j] = i;
    participation[j] = q;
    durationTrades[j] = l - f;
    durationSeconds[j] = seconds;
    // The tape's volume meanwhile is at least the metaorder's own (a running sum can lose it to rounding).
    if (!(execution[i]! >= volume[i]!)) execution[i] = volume[i]!;
    participationRate[j] = volume[i]! / execution[i]!;
  }
  const pick = <T extends Int32Array | Float64Array | Int8Array>(a: T): T => {
    if (kept === count) return a.slice(0, count) as T; // every metaorder kept (the filters at 0)
    const out = new (a.constructor as new (n: number) => T)(kept);
    for (let j = 0; j < kept; j++) out[j] = a[keep[j]!]!;
    return out;
  };
  const columns: MetaorderColumns = {
    first: pick(first),
    last: pick(last),
    sign: pick(sign),
    children: pick(children),
    volume: pick(volume),
    participation: participation.slice(0, kept),
    durationTrades: durationTrades.slice(0, kept),
    durationSeconds: durationSeconds.slice(0, kept),
    block: pick(block),
    impact: new Float64Array(0),
    nextOwnTrade: pick(next),
    executionVolume: pick(execution),
    participationRate: participationRate.slice(0, kept),
  };
  columns.impact = metaorderImpacts(tape, starts, dailyVolatility, columns, endPrice);
  return columns;
}

/**
 * Each metaorder's side-adjusted log price change from its start price to its end price (`endPrice`), over
 * its block's daily volatility (NaN in a block without volatility, or when the block cannot supply the end).
 * Start: the price before the first child (the previous trade's price, the first child's own if it opens
 * the block; or the mid in force before it). The runs do not depend on the end price, so one set of runs
 * serves every definition (see `methodSpread`). O(m).
 */
export function metaorderImpacts(
  tape: TradeTape,
  starts: Int32Array,
  dailyVolatility: ArrayLike<number>,
  metaorders: Pick<MetaorderColumns, "first" | "last" | "sign" | "block" | "nextOwnTrade">,
  endPrice: MetaorderEndPrice,
): Float64Array {
  const { prices } = tape;
  const mids = tape.quotes?.mids;
  const { first, last, sign, block, nextOwnTrade } = metaorders;
  const count = first.length;
  const impact = new Float64Array(count);
  const before = (f: number, from: number) => (mids ? mids[f]! : prices[f > from ? f - 1 : f]!);
  const at = (t: number, to: number) => (mids ? (t + 1 < to ? mids[t + 1]! : NaN) : prices[t]!);
  for (let i = 0; i < count; i++) {
    const b = block[i]!, f = first[i]!, l = last[i]!, from = starts[b]!, to = starts[b + 1]!;
    let end: number;
    if (endPrice === "last-child") end = at(l, to);
    else if (endPrice === "next-print") end = l + 1 < to ? at(l + 1, to) : NaN;
    else if (endPrice === "mid-after") end = l + 1 < to && mids ? mids[l + 1]! : NaN;
    else {
      const next = nextOwnTrade[i]!;
      end = next >= 0 ? (mids ? mids[next]! : prices[next]!) : NaN;
    }
    // A block whose price never moved between samples has no volatility to normalise by: NaN impact.
    impact[i] = dailyVolatility[b]! > 0
      ? (sign[i]! * (Math.log(end) - Math.log(before(f, from)))) / dailyVolatility[b]!
      : NaN;
  }
  return impact;
}
