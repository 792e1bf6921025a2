/**
 * What the two fetch commands (`deno task fetch`, `deno task fetch-trades`) share (private to lib/data):
 * where they write, the flags both take, how a bad flag or `--help` ends the run, and whether to draw a
 * progress bar.
 *
 * @module
 */
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";

/** Where a CLI writes (injectable for tests). */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Whether to draw the progress bar. Default: stderr is a terminal. */
  progress?: boolean;
}

/** Writes `out` to stdout and `err` to stderr, one line a call. */
export function defaultIo(): CliIo {
  return { out: (l) => console.log(l), err: (l) => console.error(l) };
}

/** The flags both fetch commands take, with their defaults. */
export const COMMON_FETCH_FLAGS = {
  symbol: { type: "string", default: "BTCUSDT" },
  category: { type: "string", default: "linear" },
  start: { type: "string" },
  end: { type: "string" },
  "cache-dir": { type: "string" },
  quiet: { type: "boolean", default: false },
  help: { type: "boolean", default: false },
} as const satisfies ParseArgsOptionsConfig;

/** The parsed values of {@linkcode COMMON_FETCH_FLAGS} plus a command's own `flags`. */
export type FetchFlagValues<F extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<{ options: typeof COMMON_FETCH_FLAGS & F; strict: true; allowPositionals: false }>
>["values"];

/**
 * Parses `args` against {@linkcode COMMON_FETCH_FLAGS} and the command's own `flags` (strict: an unknown
 * flag or a positional argument is an error).
 *
 * @returns the values, or the exit status when the run ends here: 2 after writing the parser's message and
 *   `usage` to `io.err` (bad flags), 0 after writing `usage` to `io.out` (`--help`).
 */
export function parseFetchFlags<const F extends ParseArgsOptionsConfig>(
  args: string[],
  flags: F,
  usage: string,
  io: CliIo,
): FetchFlagValues<F> | number {
  let values: { help?: unknown };
  try {
    ({ values } = parseArgs({
      args,
      options: { ...COMMON_FETCH_FLAGS, ...flags },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (values.help) {
    io.out(usage);
    return 0;
  }
  return values as FetchFlagValues<F>;
}

/** Whether to draw a progress bar: not with `--quiet`; else as `io.progress` says, by default when stderr is a terminal. */
export function showProgressBar(quiet: boolean | undefined, io: CliIo): boolean {
  return !quiet && (io.progress ?? Deno.stderr.isTerminal());
}

/** `{ cacheDir }` when `--cache-dir` was given, else `{}` (so the loader's default applies). */
export function cacheDirOption(cacheDir: string | undefined): { cacheDir?: string } {
  return cacheDir !== undefined ? { cacheDir } : {};
}
