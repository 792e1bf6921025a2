/**
 * Where the caches live and whether the network may be used, when the caller does not say (private to
 * lib/data): read from the environment by both loaders ({@linkcode loadKlines} and {@linkcode loadTrades}).
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { readEnv } from "../bybit/_bybit_request.ts";

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

/**
 * The cache root of a loader call: `cacheDir` when given, else {@linkcode defaultCacheDir}. It must be a
 * non-empty string, and when it exists, a directory.
 * @throws {RangeError} naming `cacheDir` for an empty or non-string value, or a path that is not a directory.
 */
export function resolveCacheDir(action: string, cacheDir: unknown): string {
  if (cacheDir === undefined) cacheDir = defaultCacheDir();
  if (typeof cacheDir !== "string" || cacheDir.trim() === "") {
    throw new RangeError(
      `Cannot ${action}: cacheDir must be a non-empty path (omit it for the default, BYBIT_CACHE_DIR or data/): current value is ${
        JSON.stringify(cacheDir)
      }`,
    );
  }
  let info: Deno.FileInfo | undefined;
  try {
    info = Deno.statSync(cacheDir);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) {
      throw new RangeError(
        `Cannot ${action}: cacheDir must be a directory this process can use: current value is ${cacheDir} (${
          (error as Error)?.name
        }: ${String((error as Error)?.message ?? error).split("\n")[0]})`,
        { cause: error },
      );
    }
  }
  if (info !== undefined && !info.isDirectory) {
    throw new RangeError(
      `Cannot ${action}: cacheDir must be a directory: current value is ${cacheDir}, which is a file`,
    );
  }
  return cacheDir;
}
