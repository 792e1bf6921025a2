/**
 * The paged kline fetch behind `fetchKlines` and the kline loader: the request windows of a spec, each
 * window fetched, validated and joined in ascending order, and the newest bar before a time.
 *
 * @module
 */
import { z } from "npm:zod@4.6.7";
import { type BybitClientOptions, BybitResponseError } from "./bybit_http.ts";
import { bybitGet, parseBybitDecimal, resolveClientOptions } from "./_bybit_request.ts";
import type { ResolvedKlineSpec } from "../kline_spec.ts";
import { barStartOf, firstBarAtOrAfter, nextBarStart } from "../_calendar.ts";
import type { KlineColumns } from "../kline_frame.ts";
import { emptyKlineColumns, klineProblem } from "../_kline_columns.ts";

const FIELD_NAMES = ["startTime", "open", "high", "low", "close", "volume", "turnover"] as const;

/** Bars per request: Bybit's maximum `limit`. */
export const KLINE_PAGE_BARS = 1000;

/** Options of `fetchKlines`: the transport options plus paging controls. */
export interface FetchKlinesOptions extends BybitClientOptions {
  /** Pages in flight at once, integer in [1, 16]. Default 4. */
  concurrency?: number;
  /** Called after each page with pages done and pages in total (for progress bars). */
  onProgress?: (done: number, total: number) => void;
}

const klineResultSchema = z.object({
  symbol: z.string(),
  category: z.string(),
  list: z.array(z.array(z.string())),
});

/** One planned request window: bar starts `[start, endInclusive]`, at most 1000 bars. */
interface Window {
  start: number;
  endInclusive: number;
}

/** Splits `[start, end)` into windows of at most {@linkcode KLINE_PAGE_BARS} bar starts. */
export function planKlineWindows(spec: ResolvedKlineSpec): Window[] {
  const windows: Window[] = [];
  let t = firstBarAtOrAfter(spec.start, spec.interval);
  while (t < spec.end) {
    const start = t;
    let last = t;
    for (let k = 1; k < KLINE_PAGE_BARS; k++) {
      const next = nextBarStart(last, spec.interval);
      if (next >= spec.end) break;
      last = next;
    }
    windows.push({ start, endInclusive: last });
    t = nextBarStart(last, spec.interval);
  }
  return windows;
}

/**
 * Candles as columns (the engine of {@linkcode fetchKlines}, also used by the cache): every bar whose
 * start is in `[start, end)` and that had closed by the server's clock, ascending and unique.
 */
export async function fetchKlineColumns(
  spec: ResolvedKlineSpec,
  options: FetchKlinesOptions = {},
  stats: KlineFetchStats = { estimatedTurnoverRows: 0 },
): Promise<KlineColumns> {
  const action = "fetch klines";
  resolveClientOptions(options, action);
  const { concurrency = 4, onProgress } = options;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1 || concurrency > 16) {
    throw new RangeError(
      `Cannot ${action}: concurrency must be an integer in [1, 16]: current value is ${concurrency}`,
    );
  }
  if (onProgress !== undefined && typeof onProgress !== "function") {
    throw new TypeError(
      `Cannot ${action}: onProgress must be a function: current value is ${String(onProgress)}`,
    );
  }
  const windows = planKlineWindows(spec);
  const pages: KlineColumns[] = new Array(windows.length);
  let next = 0, done = 0;
  // One failed page cancels the others: no new request starts and those in flight are aborted.
  const controller = new AbortController();
  const outer = options.signal;
  const onOuterAbort = () => controller.abort(outer!.reason);
  if (outer?.aborted) controller.abort(outer.reason);
  else outer?.addEventListener("abort", onOuterAbort, { once: true });
  const pageOptions: FetchKlinesOptions = { ...options, signal: controller.signal };
  let failure: { error: unknown } | undefined;
  onProgress?.(0, windows.length);
  const worker = async () => {
    while (next < windows.length && failure === undefined && !controller.signal.aborted) {
      const k = next++;
      try {
        pages[k] = await fetchWindow(spec, windows[k]!, pageOptions, stats);
      } catch (error) {
        if (failure === undefined) {
          failure = { error: outer?.aborted ? outer.reason : error };
          controller.abort(failure.error);
        }
        return;
      }
      onProgress?.(++done, windows.length);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, windows.length) }, worker));
  } finally {
    outer?.removeEventListener("abort", onOuterAbort);
  }
  if (failure !== undefined) throw failure.error;
  controller.signal.throwIfAborted();
  return joinPages(pages);
}

/**
 * Start of the newest closed bar in the {@linkcode KLINE_PAGE_BARS} bars before `before` (UTC ms), or
 * `undefined` when Bybit has none there: one request (`end = before - 1`, `limit = 5`, newest first).
 * Tells a listing (no bar just before) from a short answer (bars exist before, so the range should have
 * had some).
 */
export async function fetchNewestKlineBefore(
  spec: ResolvedKlineSpec,
  before: number,
  options: BybitClientOptions,
  stats: KlineFetchStats,
): Promise<number | undefined> {
  let from = before;
  for (let k = 0; k < KLINE_PAGE_BARS && from > 0; k++) from = barStartOf(from - 1, spec.interval);
  from = Math.max(0, from);
  if (from >= before) return undefined;
  const window = { start: from, endInclusive: before - 1 };
  const page = await fetchWindow({ ...spec, start: from, end: before }, window, options, stats, 5);
  return page.startTime[page.startTime.length - 1];
}

/** Counters a fetch fills in for its caller. */
export interface KlineFetchStats {
  /** Rows that came without turnover (6 fields): their turnover was estimated (see {@linkcode fetchKlines}). */
  estimatedTurnoverRows: number;
}

async function fetchWindow(
  spec: ResolvedKlineSpec,
  w: Window,
  options: BybitClientOptions,
  stats: KlineFetchStats,
  limit = KLINE_PAGE_BARS,
): Promise<KlineColumns> {
  const action = "fetch klines";
  const { result, serverTime } = await bybitGet({
    action,
    path: "/v5/market/kline",
    query: {
      category: spec.category,
      symbol: spec.symbol,
      interval: spec.interval,
      start: w.start,
      end: w.endInclusive,
      limit,
    },
    parse: (raw) => {
      const parsed = klineResultSchema.safeParse(raw);
      if (!parsed.success) throw new Error(`result: ${z.prettifyError(parsed.error)}`);
      return parsed.data;
    },
  }, options);
  const label = `GET /v5/market/kline ${spec.symbol} ${spec.interval} ${new Date(w.start).toISOString()}`;
  if (result.symbol !== spec.symbol) {
    throw new BybitResponseError(
      action,
      `result.symbol is ${result.symbol}, asked for ${spec.symbol}`,
      label,
    );
  }
  // Bybit sends the newest bar first; keep bars inside the window that had closed by the server's clock.
  const rows = result.list;
  const keep: number[][] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (row.length !== 6 && row.length !== 7) {
      throw new BybitResponseError(action, `list[${i}] has ${row.length} fields, expected 7 (or 6)`, label);
    }
    const values: number[] = new Array(7);
    for (let j = 0; j < row.length; j++) {
      const v = parseBybitDecimal(row[j]);
      if (v === undefined) {
        throw new BybitResponseError(
          action,
          `list[${i}][${j}] (${FIELD_NAMES[j]}) is not a decimal number: ${JSON.stringify(row[j])}`,
          label,
        );
      }
      values[j] = v;
    }
    if (!Number.isSafeInteger(values[0]) || values[0]! < 0) {
      throw new BybitResponseError(
        action,
        `list[${i}][0] (startTime) must be a non-negative integer of ms: current value is ${row[0]}`,
        label,
      );
    }
    if (row.length === 6) {
      // No turnover: estimate it as volume times the bar's mean price (O + H + L + C) / 4.
      values[6] = values[5]! * (values[1]! + values[2]! + values[3]! + values[4]!) / 4;
      stats.estimatedTurnoverRows++;
    }
    const t = values[0]!;
    if (t < w.start || t > w.endInclusive || t < spec.start || t >= spec.end) continue;
    if (nextBarStart(t, spec.interval) > serverTime) continue; // the still-open candle
    keep.push(values);
  }
  keep.sort((a, b) => a[0]! - b[0]!);
  const n = keep.length;
  const c = emptyKlineColumns();
  for (const name of ["startTime", "open", "high", "low", "close", "volume", "turnover"] as const) {
    c[name] = new Float64Array(n);
  }
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = keep[i]!;
    if (m > 0 && c.startTime[m - 1] === v[0]) m--; // duplicate bar inside one answer: keep the last
    c.startTime[m] = v[0]!;
    c.open[m] = v[1]!;
    c.high[m] = v[2]!;
    c.low[m] = v[3]!;
    c.close[m] = v[4]!;
    c.volume[m] = v[5]!;
    c.turnover[m] = v[6]!;
    m++;
  }
  const trimmed = m === n ? c : sliceRows(c, m);
  const problem = klineProblem(trimmed, spec.interval);
  if (problem !== undefined) throw new BybitResponseError(action, problem, label);
  return trimmed;
}

function sliceRows(c: KlineColumns, m: number): KlineColumns {
  return {
    startTime: c.startTime.slice(0, m),
    open: c.open.slice(0, m),
    high: c.high.slice(0, m),
    low: c.low.slice(0, m),
    close: c.close.slice(0, m),
    volume: c.volume.slice(0, m),
    turnover: c.turnover.slice(0, m),
  };
}

/** Concatenates pages in window order, dropping bars that overlap the previous page. */
function joinPages(pages: readonly KlineColumns[]): KlineColumns {
  let n = 0;
  for (const p of pages) n += p.startTime.length;
  const out = emptyKlineColumns();
  for (const name of ["startTime", "open", "high", "low", "close", "volume", "turnover"] as const) {
    out[name] = new Float64Array(n);
  }
  let m = 0;
  for (const p of pages) {
    for (let i = 0; i < p.startTime.length; i++) {
      const t = p.startTime[i]!;
      if (m > 0 && t <= out.startTime[m - 1]!) continue;
      out.startTime[m] = t;
      out.open[m] = p.open[i]!;
      out.high[m] = p.high[i]!;
      out.low[m] = p.low[i]!;
      out.close[m] = p.close[i]!;
      out.volume[m] = p.volume[i]!;
      out.turnover[m] = p.turnover[i]!;
      m++;
    }
  }
  return m === n ? out : sliceRows(out, m);
}
