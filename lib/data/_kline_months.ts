/**
 * One UTC month of a candle request (private to lib/data): what its cache file holds, what is missing in
 * it, and the filling of those gaps from Bybit (fetch, retry once, confirm an empty head with two rounds,
 * write under the month's rules). `loadKlines` orchestrates the months.
 *
 * @module
 */
import {
  fetchKlineColumns,
  type FetchKlinesOptions,
  fetchNewestKlineBefore,
  type KlineFetchStats,
} from "./bybit/_kline_pages.ts";
import type { ResolvedKlineSpec } from "./kline_spec.ts";
import { nextMonthStart } from "./_calendar.ts";
import type { KlineColumns } from "./kline_frame.ts";
import { mergeKlineColumns } from "./_kline_columns.ts";
import { findGaps, type TimeRange, writeMonth } from "./cache/_kline_cache.ts";

/** Gaps of a month as cached: everything when there is no file, none in a confirmed empty month. */
export function cachedGaps(
  columns: KlineColumns | undefined,
  s: ResolvedKlineSpec,
  monthStart: number,
  need: number,
): TimeRange[] {
  if (columns === undefined) return findGaps(new Float64Array(0), s.interval, monthStart, need);
  if (columns.startTime.length === 0) return []; // written only for an ended month confirmed empty
  return findGaps(columns.startTime, s.interval, monthStart, need, false);
}

/**
 * Fetches a month's gaps, retries once what is still missing, trusts the time before the first bar (or a
 * whole ended month) as "no bars" only when two rounds of fetch and probe agree that Bybit has no bar
 * before it (a listing), and writes what was fetched. Leaves in `m.gaps` what is still missing.
 */
export async function fillMonth(
  s: ResolvedKlineSpec,
  m: KlineMonth,
  options: FetchKlinesOptions,
  stats: KlineFetchStats,
): Promise<void> {
  const hadFile = m.columns !== undefined;
  let columns = m.columns ?? emptyColumns;
  let fetchedAny = false;
  let headConfirmed = hadFile && columns.startTime.length > 0;
  let emptyVotes = 0; // rounds in which Bybit said "no bar before the first one": two are needed
  for (let round = 0; round < 2; round++) {
    const wanted = round === 0
      ? m.gaps
      : findGaps(columns.startTime, s.interval, m.start, m.need, !headConfirmed);
    if (wanted.length === 0) break;
    for (const g of wanted) {
      const fetched = await fetchKlineColumns({ ...s, start: g.start, end: g.end }, options, stats);
      if (fetched.startTime.length > 0) {
        columns = mergeKlineColumns(columns, fetched);
        fetchedAny = true;
      }
    }
    const first = columns.startTime[0];
    if (!headConfirmed && (first === undefined || first > m.start)) {
      // Is the time before the first bar (or the whole month) really empty on Bybit, or was the answer short?
      const newest = await fetchNewestKlineBefore(s, first ?? m.need, options, stats);
      if (newest === undefined) emptyVotes++;
      headConfirmed = emptyVotes >= 2;
    } else headConfirmed = true;
  }
  const monthEnd = nextMonthStart(m.start);
  const empty = columns.startTime.length === 0;
  if (headConfirmed && fetchedAny) {
    m.columns = await writeMonth(m.path, s, m.start, columns);
  } else if (headConfirmed && empty && m.need === monthEnd && !hadFile) {
    m.columns = await writeMonth(m.path, s, m.start, columns); // an ended month with no bars, confirmed
  } else if (fetchedAny) {
    m.columns = columns; // served, but not written: the head is unconfirmed (a short answer)
  }
  m.gaps = empty && headConfirmed
    ? []
    : findGaps((m.columns ?? emptyColumns).startTime, s.interval, m.start, m.need, !headConfirmed);
}

/** A month of the request: its file, its bars, and what is missing in it. */
export type KlineMonth = {
  start: number;
  path: string;
  columns: KlineColumns | undefined;
  /** Up to where the request needs the month (its end, or the last closed bar), UTC ms. */
  need: number;
  /** Ranges of bar starts in [start, need) that should hold bars and do not. */
  gaps: TimeRange[];
};

/** Candle columns with no bars. */
export const emptyColumns: KlineColumns = {
  startTime: new Float64Array(0),
  open: new Float64Array(0),
  high: new Float64Array(0),
  low: new Float64Array(0),
  close: new Float64Array(0),
  volume: new Float64Array(0),
  turnover: new Float64Array(0),
};
