/**
 * The streamed download of one day of Bybit's order-book archive behind `loadQuotes` (the URLs, depths and
 * errors are in `orderbook_archive_download.ts`).
 *
 * @module
 */
import { BybitUnavailableError } from "./bybit_http.ts";
import { RetryableFailure, retryAfterMs, withRetries, withTimeLimit } from "./_retry.ts";
import {
  BYBIT_ORDERBOOK_DEPTHS,
  bybitOrderbookArchiveUrl,
  BybitOrderbookMissingDayError,
  type OrderbookArchiveOptions,
  type OrderbookDaySpec,
} from "./orderbook_archive_download.ts";

/**
 * Downloads one day of the order-book archive to `path` (streamed), trying each depth in turn until one
 * exists; retries network errors, timeouts, HTTP 429/5xx and bodies shorter than their `Content-Length`.
 * The file at `path` is complete when this resolves; on failure it may hold a part, which the caller
 * removes.
 *
 * @returns the URL downloaded and the bytes written.
 * @throws {BybitOrderbookMissingDayError} when every depth answers 404.
 * @throws {BybitUnavailableError} when the attempts run out.
 */
export async function downloadOrderbookDay(
  spec: Omit<OrderbookDaySpec, "depth"> & { depth?: number },
  path: string,
  options: OrderbookArchiveOptions = {},
): Promise<{ url: string; bytes: number }> {
  const action = `download the Bybit order book for ${spec.date}`;
  const { signal, timeoutMs = 1_800_000, retry = {} } = options;
  const { maxAttempts = 5, baseDelayMs = 1_000, maxDelayMs = 30_000, seed = Deno.pid } = retry;
  const depths = spec.depth !== undefined ? [spec.depth] : BYBIT_ORDERBOOK_DEPTHS;
  const missing: string[] = [];
  for (const depth of depths) {
    const url = bybitOrderbookArchiveUrl({ ...spec, depth }, options);
    const label = `GET ${url}`;
    const bytes = await withRetries(
      () =>
        withTimeLimit(timeoutMs, signal, async (s) => {
          const response = await fetch(url, { signal: s });
          if (response.status === 404) {
            await response.body?.cancel();
            return -1;
          }
          if (response.status === 429 || response.status >= 500) {
            await response.body?.cancel();
            throw new RetryableFailure(
              `HTTP ${response.status}`,
              retryAfterMs(response.headers.get("retry-after")),
            );
          }
          if (response.status !== 200 || response.body === null) {
            await response.body?.cancel();
            throw new Error(`Cannot ${action}: HTTP ${response.status} [${url}]`);
          }
          const total = Number(response.headers.get("content-length") ?? NaN);
          let written = 0;
          using file = await Deno.open(path, { write: true, create: true, truncate: true });
          for await (const chunk of response.body) {
            let offset = 0;
            while (offset < chunk.length) offset += await file.write(chunk.subarray(offset));
            written += chunk.length;
          }
          if (Number.isFinite(total) && written !== total) {
            throw new RetryableFailure(`body cut short: ${written} of ${total} bytes`);
          }
          await file.sync();
          return written;
        }, {
          keep: (e) => e instanceof Error && e.message.startsWith("Cannot "),
          describe: (e) => new RetryableFailure(`network error: ${String((e as Error)?.message ?? e)}`),
        }),
      { maxAttempts, baseDelayMs, maxDelayMs, seed },
      signal,
      (lastError) => new BybitUnavailableError(action, { attempts: maxAttempts, lastError, request: label }),
    );
    if (bytes >= 0) return { url, bytes };
    missing.push(url);
  }
  throw new BybitOrderbookMissingDayError(spec.date, missing);
}
