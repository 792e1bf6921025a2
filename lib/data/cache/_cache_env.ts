/**
 * Where the caches live and whether the network may be used, when the caller does not say (private to
 * lib/data): read from the environment by both loaders ({@linkcode loadKlines} and {@linkcode loadTrades}).
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { readEnv } from "../bybit/bybit_http.ts";

/** Root of the caches: `BYBIT_CACHE_DIR`, else the project's `data/` folder (`./data` when not loaded from a file). */
export function defaultCacheDir(): string {
  const fromEnv = readEnv("BYBIT_CACHE_DIR");
  if (fromEnv) return fromEnv;
  const url = new URL("../../../data", import.meta.url);
  return url.protocol === "file:" ? fileURLToPath(url) : "data";
}

/** Whether `BYBIT_OFFLINE` asks for no network: `1`, `true` or `yes` (any case, blanks around ignored). */
export function offlineFromEnv(): boolean {
  const v = readEnv("BYBIT_OFFLINE")?.trim().toLowerCase();
  return v === "1" || v === "true" || v === "yes";
}
