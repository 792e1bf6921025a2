/**
 * DuckDB for the two tests that read the trade cache with it (tests/data/load_trades_test.ts,
 * tests/tape/duckdb_metaorders_test.ts), loaded on first use. When it cannot be loaded (its native build
 * missing or not installable on this platform), the caller skips its test and prints why, instead of the
 * whole test file failing to load; set `REQUIRE_DUCKDB=1` (CI should) to make that an error.
 *
 * `@duckdb/node-api` stays pinned in deno.json and deno.lock: `deno install` installs every npm package the
 * lock lists, and Deno writes a package resolved at run time into the lock, so leaving it out of the
 * import map would not keep it out of a fresh install (its native builds are ~140 MB of node_modules).
 *
 * @module
 */

/** The import-map name of the package (pinned in deno.json). */
export const DUCKDB_SPECIFIER = "@duckdb/node-api";

/** The part of `@duckdb/node-api` the tests use. */
export interface DuckDbConnection {
  runAndReadAll(sql: string): Promise<{ getRowObjectsJson(): Record<string, unknown>[] }>;
  closeSync(): void;
}
/** A DuckDB database. */
export interface DuckDbInstance {
  connect(): Promise<DuckDbConnection>;
  closeSync(): void;
}
/** The module's entry point. */
export interface DuckDbModule {
  DuckDBInstance: { create(path: string): Promise<DuckDbInstance> };
}

let loaded: Promise<DuckDbModule | string> | undefined;

/** The DuckDB module, or the reason it could not be loaded (printed by the caller when it skips). */
export function loadDuckDb(): Promise<DuckDbModule | string> {
  // A specifier in a variable: a package that cannot load fails here, not the test file's module graph.
  const specifier: string = DUCKDB_SPECIFIER;
  loaded ??= (import(specifier) as Promise<DuckDbModule>).catch((error) => {
    const why = `${specifier} could not be loaded: ${
      String((error as Error)?.message ?? error).split("\n")[0]
    }`;
    if (Deno.env.get("REQUIRE_DUCKDB") === "1") throw new Error(why);
    return why;
  });
  return loaded;
}
