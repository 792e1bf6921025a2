/**
 * The closing takeaways of a transaction cost analysis, written from its numbers (the last cell of
 * notebook 05): what the trades cost and how it splits, by size, side and hour, how the pre-trade models
 * tracked the realized cost, what the markouts say, and data hygiene and scale.
 *
 * @module
 */
import { toBps } from "../core/units.ts";
import type { TcaMetricStats, TcaSummary } from "../tca/summary.ts";
import type { TcaEstimateQuality } from "../tca/estimate_quality.ts";

/** Inputs of {@linkcode tcaTakeaways}. */
export interface TcaTakeawaysInput {
  /**
   * `summarizeTca` of the analysed trades, with the metrics `implementationShortfall`, `spreadCost`,
   * `impactCost`, `timingCost`, `estimatedImpact`, `predictedImpact`, `markout1m` and `markout60m`, and
   * breakdowns by participation, side and hour.
   */
  summary: TcaSummary;
  /** `tcaEstimateQuality` of the law's estimate (`estimatedImpact`), net of the spread cost. */
  lawQuality: TcaEstimateQuality;
  /** `tcaEstimateQuality` of the learned model's prediction (`predictedImpact`), net of the spread cost. */
  modelQuality: TcaEstimateQuality;
  /** Label of the learned model, e.g. `"network 6-16-8-1"`. */
  modelLabel: string;
  /** Exponent `delta` of the calibrated law, for the concave-path share `1 / (1 + delta)`. */
  lawDelta: number;
  /** Bad input rows reported by `analyzeTrades`. */
  badRowCount: number;
  /** The scale check: trades analysed in one call and its median time, milliseconds. Absent: not said. */
  scale?: { trades: number; medianMilliseconds: number };
  /**
   * When the markouts add each order's own decaying impact to the candle price (`markoutsFromCandles` with
   * `ownImpact`): where the impact came from, the kernel, and `kernelChange`, the mean over the trades of the
   * side-adjusted change of that impact between the 1- and 60-minute markouts, `I * (G(60/T) - G(1/T))`
   * (fraction, <= 0). Absent: the markouts are the candles' alone, and the prose says what they cannot show.
   */
  markoutOwnImpact?: { source: string; kernel: string; kernelChange: number };
  /**
   * When the markouts are read on the market's own price path after orders that traded in that market
   * (`executedOrderRecords`: the mid after each order's last fill): what the price path is, e.g.
   * `"the simulated book's mid"`. The change from 1 to 60 minutes is then a measurement of how the price
   * behaves after the orders (reversion when negative). Not together with `markoutOwnImpact`.
   */
  markoutsMeasured?: { pricePath: string };
  /** `tcaEstimateQuality` of a second law's estimate (e.g. Almgren et al. 2005), net of the spread cost. */
  secondLawQuality?: TcaEstimateQuality;
  /** Label of the second law. Default `"Almgren et al. 2005"`. */
  secondLawLabel?: string;
  /** Where the spread came from (e.g. `chooseSpread(...).label`): printed with the spread part. */
  spreadSource?: string;
}

const count = (n: number) => n.toLocaleString("en-US");
const bp = (fraction: number, digits = 2) => toBps(fraction).toFixed(digits);

function metric(stats: Record<string, TcaMetricStats>, name: string): TcaMetricStats {
  const s = stats[name];
  if (s === undefined) {
    throw new TypeError(
      `Cannot write the TCA takeaways: the summary must have the metric ${name}: current metrics are ${
        Object.keys(stats).join(", ")
      }`,
    );
  }
  return s;
}

/** Standard deviation of a metric, which the takeaways need (a group of one trade has none). */
function sd(s: TcaMetricStats, name: string): number {
  if (s.std === null) {
    throw new RangeError(
      `Cannot write the TCA takeaways: ${name} must have a standard deviation (at least two trades): current value is null`,
    );
  }
  return s.std;
}

/**
 * The takeaways of a transaction cost analysis as Markdown, every number computed from the inputs (costs
 * in basis points, `fraction * 10,000`, to 2 decimals):
 *
 * - the mean, median and 5th-95th percentiles of the implementation shortfall and its split into spread,
 *   impact and timing parts;
 * - the smallest and largest participation buckets;
 * - the buy-sell gap in mean shortfall in standard errors `sqrt(sd_b^2/n_b + sd_s^2/n_s)`, called an
 *   asymmetry beyond 2 (a two-sided z-test at about 5 %);
 * - the costliest and cheapest UTC start hours, and whether the model or the law follows the realized
 *   gap between them more closely;
 * - the share of each estimate realized, and which tracks trades better: a higher correlation, named only
 *   when the two correlations' Fisher z differ by more than 2 standard errors of independent correlations
 *   (`sqrt(1/(n1-3) + 1/(n2-3))`, conservative for two estimates of the same trades);
 * - the markouts after 1 and 60 minutes and what they can show: without `markoutOwnImpact` the candles do
 *   not contain the orders, so the 1-minute markout is compared with minus the mean impact and spread parts
 *   (what the fill paid) and the 1-to-60-minute change is called the market's own move; with it, the change
 *   is split into the part the stated decay kernel puts in by construction and the rest (the market's move),
 *   with its 2-standard-error band;
 * - with `secondLawQuality`, the second law's realized share and correlation next to the first's;
 * - the bad rows and the time of the scale check.
 *
 * @param input the summary, the two estimates' quality, and the labels and counts the prose names.
 * @returns Markdown (show it with `markdown(...)`).
 * @throws {TypeError} if the summary lacks a metric, a side or a breakdown the prose needs.
 * @throws {RangeError} if a needed standard deviation is missing.
 *
 * @example
 * ```ts
 * import { tcaTakeaways } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const s = (mean: number) => ({ count: 100, mean, std: 0.001, median: mean, p5: mean - 0.001, p95: mean + 0.001 });
 * const metrics = {
 *   implementationShortfall: s(0.0005), spreadCost: s(0.00001), impactCost: s(0.0002), timingCost: s(0.00029),
 *   estimatedImpact: s(0.0003), predictedImpact: s(0.00031), markout1m: s(0.0001), markout60m: s(0.0002),
 * };
 * const group = (name: string, key: number) => ({ group: name, key, count: 100, metrics });
 * const summary = {
 *   count: 200, badRowCount: 0, metrics, participationEdges: [0.001],
 *   byParticipation: [group("< 0.1%", 0), group(">= 0.1%", 1)],
 *   bySide: [group("buy", 1), group("sell", -1)], byHour: [group("13 UTC", 13), group("3 UTC", 3)],
 *   percentileMethod: "linear interpolation between order statistics (type 7)" as const,
 * };
 * const q = { estimate: "estimatedImpact", realized: "x", count: 200, meanEstimate: 0.0003, meanRealized: 0.0002,
 *   realizedShare: 0.67, correlation: 0.1, slope: 0.5, intercept: 0 };
 * const text = tcaTakeaways({
 *   summary, lawQuality: q, modelQuality: { ...q, correlation: 0.2 }, modelLabel: "network", lawDelta: 0.5,
 *   badRowCount: 3, scale: { trades: 1_000_000, medianMilliseconds: 65 },
 * });
 * assert.match(text, /mean implementation shortfall is 5\.00 bps/);
 * assert.match(text, /neither tracks the realized cost measurably better/); // 0.1 and 0.2 over 200 trades: 1.4 se
 * assert.match(text, /cannot show whether, or how fast, the price comes back/);
 * ```
 */
export function tcaTakeaways(input: TcaTakeawaysInput): string {
  const { summary, lawQuality: lawQ, modelQuality: netQ, modelLabel, lawDelta, badRowCount, scale } = input;
  const { markoutOwnImpact, markoutsMeasured, secondLawQuality, secondLawLabel = "Almgren et al. 2005" } =
    input;
  const { spreadSource } = input;
  if (markoutOwnImpact !== undefined && markoutsMeasured !== undefined) {
    throw new TypeError(
      "Cannot write the TCA takeaways: markoutOwnImpact and markoutsMeasured must not both be given: current input has both",
    );
  }
  const m = summary.metrics;
  const is = metric(m, "implementationShortfall"), spread = metric(m, "spreadCost");
  const impactPart = metric(m, "impactCost"), timingPart = metric(m, "timingCost");
  const buckets = summary.byParticipation;
  const hoursSeen = summary.byHour;
  if (buckets.length === 0 || hoursSeen.length === 0) {
    throw new TypeError(
      `Cannot write the TCA takeaways: the summary must have participation and hour breakdowns: current lengths are ${buckets.length} and ${hoursSeen.length}`,
    );
  }
  const [smallest, largest] = [buckets[0]!, buckets.at(-1)!];
  const shortfallOf = (g: { metrics: Record<string, TcaMetricStats> }) =>
    metric(g.metrics, "implementationShortfall");
  const hours = [...hoursSeen].sort((a, b) => shortfallOf(b).mean - shortfallOf(a).mean);
  const [costliest, cheapest] = [hours[0]!, hours.at(-1)!];
  const gap = (name: string) => metric(costliest.metrics, name).mean - metric(cheapest.metrics, name).mean;
  const hourGap = {
    realized: gap("implementationShortfall"),
    network: gap("predictedImpact"),
    law: gap("estimatedImpact"),
  };
  const buys = summary.bySide.find((g) => g.key === 1), sells = summary.bySide.find((g) => g.key === -1);
  if (buys === undefined || sells === undefined) {
    throw new TypeError(
      `Cannot write the TCA takeaways: the summary must have buys and sells: current sides are ${
        summary.bySide.map((g) => g.group).join(", ")
      }`,
    );
  }
  const sideGap = Math.abs(shortfallOf(buys).mean - shortfallOf(sells).mean);
  const sideSe = Math.hypot(
    ...[buys, sells].map((g) => sd(shortfallOf(g), "implementationShortfall") / Math.sqrt(g.count)),
  );
  const markout60 = metric(m, "markout60m"), markout1 = metric(m, "markout1m");
  const markoutSe = (s: TcaMetricStats, name: string) => sd(s, name) / Math.sqrt(s.count);
  const change = markout60.mean - markout1.mean;
  const changeBand = 2 * Math.hypot(markoutSe(markout60, "markout60m"), markoutSe(markout1, "markout1m"));
  const paid = impactPart.mean + spread.mean;
  let markoutVerdict: string;
  if (markoutsMeasured !== undefined) {
    const significant = Math.abs(change) > changeBand;
    markoutVerdict =
      `These markouts are read on ${markoutsMeasured.pricePath} after each order's last fill, relative to the ` +
      `price at that moment, and the orders traded in that market, so they measure what the price did after ` +
      `them: from 1 to 60 minutes the mean markout changes by ${bp(change)} ± ${bp(changeBand)} bps, ${
        !significant
          ? "within 2 standard errors of 0: no measurable reversion or continuation"
          : change < 0
          ? `a measured reversion of ${bp(-change)} bps, against a mean end-of-order impact of ${
            bp(metric(m, "estimatedImpact").mean)
          } bps (the law's estimate)`
          : "a measured continuation in the orders' direction"
      }. Later orders that overlap the horizon move the same price, so part of the change is theirs.`;
  } else if (markoutOwnImpact === undefined) {
    const gap = markout1.mean + paid;
    markoutVerdict =
      `The candles do not contain these orders, so an order's impact leaves the price the moment ` +
      `it ends: minus the mean impact and spread parts (what the fill paid) is ${bp(-paid)} bps, ` +
      `${
        Math.abs(gap) <= 2 * markoutSe(markout1, "markout1m")
          ? "within 2 standard errors of the 1-minute markout"
          : `${
            bp(gap)
          } bps from the 1-minute markout (the market's mean move from the fills to 1 minute after)`
      }, and the change from 1 to 60 minutes (${bp(change)} ± ${bp(changeBand)} bps) is the market's own ` +
      `move. These markouts cannot show whether, or how fast, the price comes back after an order.`;
  } else {
    const rest = change - markoutOwnImpact.kernelChange;
    markoutVerdict =
      `The markouts add each order's own impact at completion (${markoutOwnImpact.source}) to ` +
      `the candle price, decaying with ${markoutOwnImpact.kernel}. From 1 to 60 minutes the mean markout ` +
      `changes by ${bp(change)} ± ${bp(changeBand)} bps: the decaying impact puts in ${
        bp(markoutOwnImpact.kernelChange)
      } bps by construction, the remaining ${bp(rest)} bps is the market's own move${
        Math.abs(rest) <= changeBand ? " (within 2 standard errors of 0)" : ""
      }. The decay these markouts show is the stated kernel's, not a measurement: measuring it needs the ` +
      `price path around real orders.`;
  }
  const better = netQ.correlation > lawQ.correlation ? netQ : lawQ;
  const worse = better === netQ ? lawQ : netQ;
  const nameOf = (q: TcaEstimateQuality) => (q === netQ ? modelLabel : "square-root law");
  // Fisher z of each correlation; the standard error of a difference of two INDEPENDENT correlations,
  // sqrt(1/(n1-3) + 1/(n2-3)), overstates that of two estimates of the same trades (which are positively
  // correlated), so calling a difference beyond 2 of them real is conservative.
  const fisher = (r: number) => Math.atanh(Math.max(-0.999999, Math.min(0.999999, r)));
  const correlationSe = Math.sqrt(1 / Math.max(lawQ.count - 3, 1) + 1 / Math.max(netQ.count - 3, 1));
  const correlationGap = Math.abs(fisher(netQ.correlation) - fisher(lawQ.correlation)) / correlationSe;
  const tracking = correlationGap > 2
    ? `Across trades the ${nameOf(better)} tracks the realized cost better (correlation ${
      better.correlation.toFixed(3)
    } against ${worse.correlation.toFixed(3)}, ${correlationGap.toFixed(1)} standard errors apart)`
    : `Across trades neither tracks the realized cost measurably better (correlation ${
      lawQ.correlation.toFixed(3)
    } for the square-root law, ${netQ.correlation.toFixed(3)} for the ${modelLabel}: ${
      correlationGap.toFixed(1)
    } standard errors apart, a conservative comparison)`;
  const at = (g: { metrics: Record<string, TcaMetricStats> }, name: string) =>
    bp(metric(g.metrics, name).mean);
  const medianMs = scale?.medianMilliseconds.toFixed(0);
  return `## Takeaways\n\n` +
    `- **What the trades cost.** Over ${count(summary.count)} orders the mean implementation shortfall is ` +
    `${bp(is.mean)} bps (median ${bp(is.median)}, 5th to 95th percentile ${bp(is.p5)} to ${
      bp(is.p95)
    } bps). ` +
    `The spread accounts for ${bp(spread.mean)} bps of it${
      spreadSource === undefined ? "" : ` (spread: ${spreadSource})`
    }, the law's impact part for ${bp(impactPart.mean)} bps and timing for ` +
    `${bp(timingPart.mean)} bps on average; the timing part's standard deviation (${
      bp(sd(timingPart, "timingCost"))
    } bps) dwarfs its mean, ` +
    `so one order's shortfall says little about execution quality and only averages over many orders do.\n` +
    `- **Size.** Mean shortfall rises from ${
      at(smallest, "implementationShortfall")
    } bps for orders ${smallest.group} of daily volume ` +
    `to ${
      at(largest, "implementationShortfall")
    } bps for ${largest.group}; the law's estimate over the same buckets goes from ` +
    `${at(smallest, "estimatedImpact")} to ${at(largest, "estimatedImpact")} bps.\n` +
    `- **Side.** Buys and sells differ by ${bp(sideGap)} bps in mean shortfall, ${
      (sideGap / sideSe).toFixed(1)
    } standard errors: ` +
    `${
      sideGap > 2 * sideSe
        ? "a real asymmetry over this period (the market's drift favours one side)"
        : "no evidence of an asymmetry, as the side-adjusted definitions intend"
    }.\n` +
    `- **Hour.** The costliest start hour is ${costliest.group} (${
      at(costliest, "implementationShortfall")
    } bps, predicted ` +
    `${at(costliest, "predictedImpact")} bps, law ${
      at(costliest, "estimatedImpact")
    } bps), the cheapest ${cheapest.group} ` +
    `(${at(cheapest, "implementationShortfall")} bps, predicted ${
      at(cheapest, "predictedImpact")
    } bps, law ` +
    `${at(cheapest, "estimatedImpact")} bps). Between the two the realized mean differs by ${
      bp(hourGap.realized)
    } bps, ` +
    `the network's predictions by ${bp(hourGap.network)} bps and the law's estimates by ${
      bp(hourGap.law)
    } bps` +
    `${
      Math.abs(hourGap.network - hourGap.realized) < Math.abs(hourGap.law - hourGap.realized)
        ? ": the network's predictions follow the hour-of-day pattern more closely than the law's estimates"
        : ": the law's estimates follow the hour-of-day pattern at least as closely as the network's predictions"
    }.\n` +
    `- **Pre-trade models against the realized cost.** Net of the spread, trades realized ${
      lawQ.realizedShare.toFixed(2)
    } of the law's ` +
    `estimated peak impact and ${
      netQ.realizedShare.toFixed(2)
    } of the network's prediction on average (the concave-path share 1/(1+delta) is ` +
    `${(1 / (1 + lawDelta)).toFixed(2)}). ${tracking}; both correlations are small because ` +
    `the market's move during execution is most of each order's shortfall.${
      secondLawQuality === undefined
        ? ""
        : ` The ${secondLawLabel} law calibrated on the same orders: ${
          secondLawQuality.realizedShare.toFixed(2)
        } of its estimate realized, correlation ${secondLawQuality.correlation.toFixed(3)} (square-root law ${
          lawQ.correlation.toFixed(3)
        }).`
    }\n` +
    `- **After the trade.** The mean fill markout is ${bp(markout1.mean)} bps after 1 minute and ${
      bp(markout60.mean)
    } bps after 60 minutes ` +
    `(±${bp(2 * sd(markout60, "markout60m") / Math.sqrt(markout60.count))} bps at 2 standard errors, ${
      count(markout60.count)
    } trades with a 60-minute price). ${markoutVerdict}\n` +
    `- **Data hygiene${
      scale === undefined ? "" : " and scale"
    }.** ${badRowCount} bad rows were reported by index and kept out of every average${
      scale === undefined
        ? ""
        : `; the same analysis runs over ${
          count(scale.trades)
        } trades in about ${medianMs} ms on this machine`
    }.\n\n` +
    `This closes the chapter: the square-root law (01) calibrated on data (02) schedules an execution (03), a learned model (04) offers a second ` +
    `pre-trade estimate, and post-trade TCA (05) checks both against what the trades actually cost.`;
}
