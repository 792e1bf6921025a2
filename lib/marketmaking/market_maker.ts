/**
 * A quoting market maker inside the simulated order book: one bid and one ask around the mid with an
 * inventory skew, re-quoted at a fixed interval, an inventory limit, market-order hedges, and a P&L split
 * into spread capture, adverse selection, inventory and hedging parts that sum to the total.
 *
 * P&L split (quote currency; `s = +1` when the maker buys, `v` the size, `p` the price, `m` the mid just
 * before the market order that filled the maker or just before the maker's own hedge):
 * - spread capture `sum_maker s v (m - p)`: what the maker earned against the mid at each fill;
 * - adverse selection `sum_maker s v (m_{t+h} - m)`: the mid's move over `h` seconds after each fill on the
 *   filled size (Glosten & Milgrom 1985), negative when fills come before moves against the maker;
 * - hedging `sum_hedge s v (m - p)`: what the hedges' market orders paid against the mid (negative);
 * - inventory: the mark-to-market of the position, `sum_k q_{k-1} (m_k - m_{k-1}) + q_K (m_T - m_K)` over
 *   the inventory changes `k`, less the adverse selection part.
 * By summation by parts `cash_T + q_T m_T` equals the sum of the four parts.
 *
 * Everything measured here is from the simulated order book (lib/book): it says nothing about markets.
 *
 * @module
 */
import {
  type BookParameters,
  BookSimulator,
  DEFAULT_BOOK_PARAMETERS,
  SIMULATED_BOOK_LABEL,
} from "../book/mod.ts";
import { assertImpactLaw, squareRootImpact } from "../core/impact_law.ts";
import {
  assertEach,
  assertInteger,
  assertNonNegative,
  assertObject,
  assertPositive,
  describeValue,
} from "../core/validate.ts";
import { avellanedaStoikovQuotes } from "./avellaneda_stoikov.ts";
import { DEFAULT_SEED } from "../core/random.ts";

const NONE = -1;
const BID_TAG = 1, ASK_TAG = 2;

/** Avellaneda & Stoikov (2008) quotes (see {@linkcode avellanedaStoikovQuotes}). */
export interface AvellanedaStoikovPolicy {
  kind: "avellaneda-stoikov";
  /** Risk aversion `gamma`, per (quote currency x base unit), > 0. Default 0.01. */
  gamma?: number;
  /** Fill intensity decay `k`, per quote currency, > 0. Default `1 / tickSize`. */
  k?: number;
  /** Mid volatility, quote currency per sqrt(second). Default: measured on the warm-up at the re-quote interval. */
  sigma?: number;
  /** Constant time left `T - t`, seconds (a rolling horizon). Default: the time left in the session. */
  horizonSeconds?: number;
}

/** Fixed half-spread around the mid, shifted against the inventory. */
export interface SymmetricPolicy {
  kind: "symmetric";
  /** Half-spread, ticks, >= 0. Default 1. */
  halfSpreadTicks?: number;
  /** Shift of both quotes per base unit of inventory, ticks, >= 0 (bid and ask move down when long). Default `0.4 / quoteSize` (4 ticks at 10 quotes of inventory). */
  skewTicksPerUnit?: number;
}

/** The square-root law a caller measured, to predict the cost of a hedge. */
export interface HedgeImpactLaw {
  /** Prefactor `Y` (`eta`), > 0. */
  eta: number;
  /** Exponent `delta`, in (0, 2]. */
  delta: number;
  /** Daily volatility, fraction per day, > 0. */
  dailyVolatility: number;
  /** Daily volume, base units, > 0. */
  averageDailyVolume: number;
}

/** Options of {@linkcode runMarketMaker}. */
export interface MarketMakerOptions {
  /** Seed of the book's order flow. Default `DEFAULT_SEED` (1, lib/core/random.ts). */
  seed?: number;
  /** Overrides of the book's parameters. */
  parameters?: Partial<BookParameters>;
  /** Simulated seconds before the maker starts (book warm-up; sigma is measured on it). Default `20 / cancelRate`. */
  warmupSeconds?: number;
  /** Length of the quoting session, seconds, > 0. Default 3,600. */
  sessionSeconds?: number;
  /** Re-quote interval, seconds, > 0. Default 1. */
  requoteSeconds?: number;
  /** Size of each quote, base units, > 0. Default the book's order size. */
  quoteSize?: number;
  /** No quote that could take `|inventory|` above this, base units, > 0. Default `10 * quoteSize`. */
  inventoryLimit?: number;
  /** At a re-quote with `|inventory| >= hedgeThreshold` the maker flattens with a market order. Default `inventoryLimit`. */
  hedgeThreshold?: number;
  /** Horizon `h` of the adverse selection part, seconds, > 0, rounded up to re-quote steps. Default 10. */
  markoutSeconds?: number;
  /** The quoting policy. Default Avellaneda-Stoikov with its defaults. */
  policy?: AvellanedaStoikovPolicy | SymmetricPolicy;
  /** A measured square-root law for the predicted hedge cost. Default none (predictions are null). */
  impactLaw?: HedgeImpactLaw;
  /** Points of the sampled path (inventory, mid, P&L), >= 2. Default 121. */
  pathPoints?: number;
}

/** The P&L split, quote currency. */
export interface MarketMakerPnl {
  /** `cash_T + q_T m_T`. */
  total: number;
  spreadCapture: number;
  adverseSelection: number;
  inventory: number;
  hedging: number;
}

/** One hedge: a market order in the book. */
export interface HedgeRecord {
  /** Seconds since the session started. */
  seconds: number;
  /** +1 bought, -1 sold. */
  side: number;
  /** Size filled, base units. */
  size: number;
  /** Mid before the order. */
  midBefore: number;
  /** Average fill price. */
  averagePrice: number;
  /** Cost `s (p - m) / m`, bps (> 0 paid). */
  costBps: number;
  /** The square-root law's `Y sigma_d (size / V_d)^delta`, bps; null without a law. */
  predictedBps: number | null;
}

/** Result of {@linkcode runMarketMaker}: plain JSON. */
export interface MarketMakerRun {
  /** `"simulated order book"`. */
  label: string;
  seed: number;
  policy: string;
  /** Sigma used by the policy, quote currency per sqrt(second) (NaN for the symmetric policy). */
  sigma: number;
  sessionSeconds: number;
  requoteSeconds: number;
  quoteSize: number;
  inventoryLimit: number;
  /** Maker fills, and base units bought and sold on them. */
  fills: number;
  boughtVolume: number;
  soldVolume: number;
  /** Largest and mean `|inventory|` at the re-quote times (before any hedge), base units. */
  maxAbsInventory: number;
  meanAbsInventory: number;
  /** Mean quoted spread of the maker when both quotes were up, ticks. */
  meanQuotedSpreadTicks: number;
  /** The P&L split, quote currency. */
  pnl: MarketMakerPnl;
  /** The P&L split per unit of maker volume, bps of the mid. */
  pnlBps: MarketMakerPnl;
  hedges: HedgeRecord[];
  /** Size-weighted mean hedge cost and prediction, bps (prediction null without a law). */
  hedgeCostBps: number;
  hedgePredictedBps: number | null;
  /** Sampled path: seconds, inventory (base units), mid, mark-to-market P&L (quote currency). */
  path: { seconds: number; inventory: number; mid: number; pnl: number }[];
}

/**
 * Runs one quoting session of a market maker in a fresh simulated book (seeded): warm-up, then every
 * `requoteSeconds` it hedges if `|q| >= hedgeThreshold`, computes its quotes (rounded outward to the tick,
 * kept off the opposite best so that they rest), keeps a resting order whose price did not change and
 * replaces the others, and lets the background flow run; at the end it cancels and flattens with a
 * market order. Cost: the book's events (about 12 per simulated second by default) plus O(steps).
 *
 * @param options session, policy and book settings.
 * @returns the run's numbers.
 * @throws {TypeError} / {RangeError} for a bad option, naming it.
 *
 * @example
 * ```ts
 * import { runMarketMaker } from "@lib/marketmaking/market_maker.ts";
 * import assert from "node:assert/strict";
 * const run = runMarketMaker({ sessionSeconds: 300, seed: 3 });
 * const { total, spreadCapture, adverseSelection, inventory, hedging } = run.pnl;
 * assert.ok(Math.abs(spreadCapture + adverseSelection + inventory + hedging - total) < 1e-6);
 * assert.equal(run.label, "simulated order book");
 * ```
 */
export function runMarketMaker(options: MarketMakerOptions = {}): MarketMakerRun {
  const action = "run market maker";
  assertObject(action, "options", options);
  const parameters = { ...DEFAULT_BOOK_PARAMETERS, ...(options.parameters ?? {}) };
  const seed = options.seed ?? DEFAULT_SEED;
  assertInteger(action, "seed", seed, -(2 ** 52));
  const sim = new BookSimulator(parameters, { seed, recordTape: false, recordQuotes: "none" });
  const p = sim.parameters;
  const tick = p.tickSize;
  const {
    warmupSeconds = Math.min(86_400, 20 / p.cancelRate),
    sessionSeconds = 3600,
    requoteSeconds = 1,
    quoteSize = p.orderSize,
    markoutSeconds = 10,
    pathPoints = 121,
  } = options;
  assertNonNegative(action, "warmupSeconds", warmupSeconds);
  assertEach(action, "positive", { sessionSeconds, requoteSeconds });
  if (requoteSeconds > sessionSeconds) {
    throw new RangeError(
      `Cannot ${action}: requoteSeconds must be <= sessionSeconds (${sessionSeconds}): current value is ${requoteSeconds}`,
    );
  }
  assertPositive(action, "quoteSize", quoteSize);
  const inventoryLimit = options.inventoryLimit ?? 10 * quoteSize;
  assertPositive(action, "inventoryLimit", inventoryLimit);
  if (inventoryLimit < quoteSize) {
    throw new RangeError(
      `Cannot ${action}: inventoryLimit must be >= quoteSize (${quoteSize}): current value is ${inventoryLimit}`,
    );
  }
  const hedgeThreshold = options.hedgeThreshold ?? inventoryLimit;
  assertEach(action, "positive", { hedgeThreshold, markoutSeconds });
  assertInteger(action, "pathPoints", pathPoints, 2);
  const policy = options.policy ?? { kind: "avellaneda-stoikov" };
  assertObject(action, "policy", policy);
  const law = options.impactLaw;
  if (law !== undefined) {
    assertObject(action, "impactLaw", law);
    assertImpactLaw(action, law);
    assertPositive(action, "impactLaw.dailyVolatility", law.dailyVolatility);
    assertPositive(action, "impactLaw.averageDailyVolume", law.averageDailyVolume);
  }
  let gamma = NaN, k = NaN, sigma = NaN, horizon = NaN, halfSpreadTicks = NaN, skew = NaN;
  let policyName: string;
  const steps = Math.max(1, Math.round(sessionSeconds / requoteSeconds));
  if (steps > 1e7) {
    throw new RangeError(
      `Cannot ${action}: sessionSeconds / requoteSeconds must be <= 1e7 re-quotes: current value is ${steps}`,
    );
  }
  if (warmupSeconds > 86_400) {
    throw new RangeError(
      `Cannot ${action}: warmupSeconds must be <= 86,400 (a day): current value is ${warmupSeconds}`,
    );
  }
  if (policy.kind === "avellaneda-stoikov") {
    gamma = policy.gamma ?? 0.01;
    k = policy.k ?? 1 / tick;
    assertPositive(action, "policy.gamma", gamma);
    assertPositive(action, "policy.k", k);
    if (policy.horizonSeconds !== undefined) {
      assertPositive(action, "policy.horizonSeconds", policy.horizonSeconds);
    }
    horizon = policy.horizonSeconds ?? NaN;
    if (policy.sigma !== undefined) {
      assertNonNegative(action, "policy.sigma", policy.sigma);
      sigma = policy.sigma;
    } else {
      const count = Math.floor(warmupSeconds / requoteSeconds);
      if (count < 10) {
        throw new RangeError(
          `Cannot ${action}: warmupSeconds must cover at least 10 re-quote intervals to measure sigma (or give ` +
            `policy.sigma): current value is ${warmupSeconds}`,
        );
      }
      sim.sampleMids(0, requoteSeconds, count + 1);
      sim.advance(warmupSeconds);
      const mids = sim.sampledMids;
      let ss = 0;
      for (let i = 1; i <= count; i++) ss += (mids[i]! - mids[i - 1]!) ** 2;
      sigma = Math.sqrt(ss / count / requoteSeconds);
    }
    policyName = `Avellaneda-Stoikov (gamma ${gamma}, k ${k}, sigma ${sigma.toPrecision(3)}, T - t ${
      Number.isNaN(horizon) ? "time left in session" : `${horizon} s`
    })`;
  } else if (policy.kind === "symmetric") {
    halfSpreadTicks = policy.halfSpreadTicks ?? 1;
    skew = policy.skewTicksPerUnit ?? 0.4 / quoteSize;
    assertNonNegative(action, "policy.halfSpreadTicks", halfSpreadTicks);
    assertNonNegative(action, "policy.skewTicksPerUnit", skew);
    policyName = `symmetric (half-spread ${halfSpreadTicks} ticks, skew ${skew} ticks per unit)`;
  } else {
    throw new RangeError(
      `Cannot ${action}: policy.kind must be "avellaneda-stoikov" or "symmetric": current value is ${
        describeValue((policy as { kind: unknown }).kind)
      }`,
    );
  }
  if (sim.time < warmupSeconds) sim.advance(warmupSeconds);
  const t0 = sim.time;
  const hSteps = Math.ceil(markoutSeconds / requoteSeconds - 1e-9);
  sim.sampleMids(t0, requoteSeconds, steps + 1);

  // State and ledgers.
  const dust = 1e-9 * quoteSize;
  let q = 0, cash = 0;
  let spreadCapture = 0, hedging = 0, mtm = 0, lastMid = NaN;
  let fills = 0, bought = 0, sold = 0, makerNotional = 0;
  const fillTime: number[] = [], fillSigned: number[] = [], fillMid: number[] = [];
  let bidSlot = NONE, askSlot = NONE, bidLeft = 0, askLeft = 0, bidTick = NONE, askTick = NONE;
  const inventoryChange = (dq: number, mid: number) => {
    if (!Number.isNaN(lastMid)) mtm += q * (mid - lastMid);
    lastMid = mid;
    q += dq;
    if (Math.abs(q) < dust) q = 0; // sums of sizes in floating point leave residues such as 1e-17
  };
  sim.onMakerFill = (tag, _slot, size, fillTick, seconds, midTicksBefore) => {
    const side = tag === BID_TAG ? 1 : -1, price = fillTick * tick, mid = midTicksBefore * tick;
    if (tag === BID_TAG) {
      bidLeft -= size;
      if (bidLeft <= 1e-12 * quoteSize) bidSlot = NONE;
    } else if (tag === ASK_TAG) {
      askLeft -= size;
      if (askLeft <= 1e-12 * quoteSize) askSlot = NONE;
    } else return;
    cash -= side * size * price;
    spreadCapture += side * size * (mid - price);
    inventoryChange(side * size, mid);
    fills++;
    if (side > 0) bought += size;
    else sold += size;
    makerNotional += size * mid;
    fillTime.push(seconds - t0);
    fillSigned.push(side * size);
    fillMid.push(mid);
  };
  const cancelAll = () => {
    if (bidSlot !== NONE) sim.cancel(bidSlot);
    if (askSlot !== NONE) sim.cancel(askSlot);
    bidSlot = askSlot = NONE;
    bidTick = askTick = NONE;
  };
  const hedges: HedgeRecord[] = [];
  const hedge = () => {
    cancelAll();
    const side = q > 0 ? -1 : 1, size = Math.abs(q);
    const mid = sim.mid;
    const sweep = sim.marketOrder(side, size);
    if (sweep.filled <= 0) return;
    let value = 0;
    for (let i = 0; i < sweep.levels; i++) value += sweep.ticks[i]! * tick * sweep.sizes[i]!;
    const filled = sweep.filled, average = value / filled;
    cash -= side * value;
    hedging += side * (mid * filled - value);
    inventoryChange(side * filled, mid);
    hedges.push({
      seconds: sim.time - t0,
      side,
      size: filled,
      midBefore: mid,
      averagePrice: average,
      costBps: (side * (average - mid) / mid) * 1e4,
      predictedBps: law === undefined
        ? null
        : squareRootImpact(law, law.dailyVolatility, filled / law.averageDailyVolume) * 1e4,
    });
  };

  const pathEvery = Math.max(1, Math.floor(steps / (pathPoints - 1)));
  const path: MarketMakerRun["path"] = [];
  let maxAbs = 0, sumAbs = 0, spreadSum = 0, spreadCount = 0;
  for (let step = 0; step < steps; step++) {
    const now = t0 + step * requoteSeconds;
    maxAbs = Math.max(maxAbs, Math.abs(q));
    sumAbs += Math.abs(q);
    if (Math.abs(q) >= hedgeThreshold - dust) hedge();
    const mid = sim.mid;
    if (step % pathEvery === 0) path.push({ seconds: now - t0, inventory: q, mid, pnl: cash + q * mid });
    let bidPrice: number, askPrice: number;
    if (policy.kind === "avellaneda-stoikov") {
      const left = Number.isNaN(horizon) ? t0 + sessionSeconds - now : horizon;
      const quotes = avellanedaStoikovQuotes({ mid, inventory: q, gamma, sigma, timeLeftSeconds: left, k });
      bidPrice = quotes.bid;
      askPrice = quotes.ask;
    } else {
      const center = mid - q * skew * tick;
      bidPrice = center - halfSpreadTicks * tick;
      askPrice = center + halfSpreadTicks * tick;
    }
    const book = sim.book;
    let wantBid = Math.floor(bidPrice / tick + 1e-9), wantAsk = Math.ceil(askPrice / tick - 1e-9);
    // Post only: keep off the opposite best (ignoring the maker's own order there).
    if (book.bestAsk !== NONE && wantBid >= book.bestAsk) wantBid = book.bestAsk - 1;
    if (book.bestBid !== NONE && wantAsk <= book.bestBid) wantAsk = book.bestBid + 1;
    if (wantBid < 1) wantBid = 1;
    if (wantAsk <= wantBid) wantAsk = wantBid + 1;
    const bidAllowed = q + quoteSize <= inventoryLimit + dust;
    const askAllowed = q - quoteSize >= -inventoryLimit - dust;
    if (bidSlot !== NONE && (!bidAllowed || bidTick !== wantBid)) {
      sim.cancel(bidSlot);
      bidSlot = NONE;
    }
    if (askSlot !== NONE && (!askAllowed || askTick !== wantAsk)) {
      sim.cancel(askSlot);
      askSlot = NONE;
    }
    if (bidAllowed && bidSlot === NONE) {
      const placed = sim.limitOrder(1, wantBid, quoteSize, BID_TAG);
      bidSlot = placed.slot;
      bidLeft = quoteSize;
      bidTick = wantBid;
    }
    if (askAllowed && askSlot === NONE) {
      const placed = sim.limitOrder(-1, wantAsk, quoteSize, ASK_TAG);
      askSlot = placed.slot;
      askLeft = quoteSize;
      askTick = wantAsk;
    }
    if (bidSlot !== NONE && askSlot !== NONE) {
      spreadSum += askTick - bidTick;
      spreadCount++;
    }
    sim.advance(now + requoteSeconds);
  }
  maxAbs = Math.max(maxAbs, Math.abs(q));
  cancelAll();
  if (q !== 0) hedge();
  const endMid = sim.mid;
  sim.onMakerFill = null;
  if (!Number.isNaN(lastMid)) mtm += q * (endMid - lastMid);
  path.push({ seconds: sim.time - t0, inventory: q, mid: endMid, pnl: cash + q * endMid });

  // Adverse selection: mid h after each fill, from the re-quote grid (the end mid past the session).
  const grid = sim.sampledMids;
  let adverse = 0;
  for (let i = 0; i < fillTime.length; i++) {
    const g = Math.ceil(fillTime[i]! / requoteSeconds - 1e-9) + hSteps;
    const later = g <= steps && Number.isFinite(grid[g]!) ? grid[g]! : endMid;
    adverse += fillSigned[i]! * (later - fillMid[i]!);
  }
  const total = cash + q * endMid;
  const pnl: MarketMakerPnl = {
    total,
    spreadCapture,
    adverseSelection: adverse,
    inventory: mtm - adverse,
    hedging,
  };
  const bps = (x: number) => makerNotional > 0 ? (x / makerNotional) * 1e4 : NaN;
  let hedgeSize = 0, hedgeCost = 0, hedgePred = 0;
  for (const h of hedges) {
    hedgeSize += h.size;
    hedgeCost += h.size * h.costBps;
    hedgePred += h.size * (h.predictedBps ?? 0);
  }
  return {
    label: SIMULATED_BOOK_LABEL,
    seed,
    policy: policyName,
    sigma,
    sessionSeconds: steps * requoteSeconds,
    requoteSeconds,
    quoteSize,
    inventoryLimit,
    fills,
    boughtVolume: bought,
    soldVolume: sold,
    maxAbsInventory: maxAbs,
    meanAbsInventory: sumAbs / steps,
    meanQuotedSpreadTicks: spreadCount > 0 ? spreadSum / spreadCount : NaN,
    pnl,
    pnlBps: {
      total: bps(pnl.total),
      spreadCapture: bps(pnl.spreadCapture),
      adverseSelection: bps(pnl.adverseSelection),
      inventory: bps(pnl.inventory),
      hedging: bps(pnl.hedging),
    },
    hedges,
    hedgeCostBps: hedgeSize > 0 ? hedgeCost / hedgeSize : NaN,
    hedgePredictedBps: law === undefined || hedgeSize === 0 ? null : hedgePred / hedgeSize,
    path,
  };
}
