/**
 * The one CSV reading layer of lib/data (private to lib/data): a regular file (plain, gzip or a zip with one
 * data file) in, batches of parsed rows out, each with its line number, streamed so memory stays bounded by
 * a batch whatever the file's size.
 *
 * Parsing follows RFC 4180 through `csv-parse` (quoted fields holding separators, quotes `""` and line
 * breaks; CR, LF or CRLF line ends; empty lines skipped; spaces around fields trimmed). Around it, this
 * file checks what a parser cannot know:
 * - the path is a regular file (a FIFO with no writer would block forever; a directory is no data file);
 * - the encoding: a UTF-8 byte-order mark is dropped, UTF-16 with a byte-order mark (LE or BE) is decoded,
 *   and NUL bytes (binary data, UTF-16 without a byte-order mark, a file of zeros) are refused, naming the
 *   byte offset;
 * - the content: a saved HTML or XML page (an error page served instead of the file) or a JSON body (an
 *   API error) is refused with its first characters;
 * - every row has as many fields as the first row (the header), naming the line.
 *
 * Speed: about 2 s per million rows of seven fields (csv-parse 7.0.3, measured on this project's dev
 * machine with `deno run`), so whole-day trade tapes go through polars instead
 * (`../bybit/_trade_parse.ts`), after the checks of {@linkcode sniffCsvBytes}.
 *
 * @module
 */
import { parse as csvParse } from "npm:csv-parse@7.0.3";
import type { Transform } from "node:stream";
import { openDecompressed, type OpenOptions } from "./_text_lines.ts";

/** One parsed CSV row: its fields (trimmed, unquoted) and its 1-based line number in the decoded text. */
export interface CsvRow {
  fields: string[];
  /** Line on which the row ends (1-based, counting the header and skipped empty lines). */
  line: number;
}

/** Options of {@linkcode openCsv}. */
export interface OpenCsvOptions extends OpenOptions {
  /** Field separator, one character. Default `","`. */
  separator?: string;
  /** Check that every row has the first row's number of fields. Default `true`. */
  checkFieldCount?: boolean;
}

/** Text encodings {@linkcode openCsv} reads. */
export type CsvEncoding = "utf-8" | "utf-16le" | "utf-16be";

/** An opened CSV file: what was found about it, and its rows. */
export interface CsvFile {
  /** The path given. */
  path: string;
  /** The file's base name, with `:entry` for a zip (for messages and labels). */
  label: string;
  /** The zip entry read, if the file is a zip. */
  innerName: string | undefined;
  /** Encoding the text was read in. */
  encoding: CsvEncoding;
  /** Whether the text started with a byte-order mark (dropped). */
  bom: boolean;
  /** Rows in batches (one batch per chunk read), in file order. Iterate once. */
  batches(): AsyncGenerator<CsvRow[]>;
}

/** What {@linkcode sniffCsvBytes} found at the start of a file. */
export interface CsvSniff {
  encoding: CsvEncoding;
  /** Length of the byte-order mark (0, 2 or 3 bytes). */
  bomLength: number;
}

const HEAD_BYTES = 8192;

function describeText(text: string): string {
  const shown = text.trimStart().slice(0, 60);
  return JSON.stringify(shown) + (text.trimStart().length > 60 ? "..." : "");
}

/**
 * Checks the first bytes of a (decompressed) file before parsing: its encoding from the byte-order mark,
 * NUL bytes, and an HTML, XML or JSON body where CSV was expected.
 *
 * @param head the first bytes (a few KiB is enough; all of a small file).
 * @param label the file, for messages.
 * @param action the caller's action, for messages (`Cannot <action>: ...`).
 * @returns the encoding and the byte-order mark's length.
 * @throws {RangeError} for NUL bytes, UTF-32, or a page that is not CSV.
 */
export function sniffCsvBytes(head: Uint8Array, label: string, action: string): CsvSniff {
  const b0 = head[0], b1 = head[1], b2 = head[2], b3 = head[3];
  let encoding: CsvEncoding = "utf-8";
  let bomLength = 0;
  if (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) {
    throw new RangeError(
      `Cannot ${action}: ${label} must be UTF-8 or UTF-16 text: current encoding is UTF-32LE (byte-order mark FF FE 00 00); save it as UTF-8`,
    );
  } else if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) {
    bomLength = 3;
  } else if (b0 === 0xff && b1 === 0xfe) {
    encoding = "utf-16le";
    bomLength = 2;
  } else if (b0 === 0xfe && b1 === 0xff) {
    encoding = "utf-16be";
    bomLength = 2;
  }
  let text: string;
  if (encoding === "utf-8") {
    const nul = head.indexOf(0);
    if (nul >= 0) {
      let zeros = 0;
      for (let i = 0; i < head.length; i++) if (head[i] === 0) zeros++;
      const evenZeros = head.length >= 4 && head[1] === 0 && head[0] !== 0;
      const oddZeros = head.length >= 4 && head[0] === 0 && head[1] !== 0;
      const what = zeros === head.length
        ? `only NUL bytes (the first ${head.length} bytes are all 0)`
        : evenZeros || oddZeros
        ? `NUL bytes from byte ${nul}: it looks like UTF-16${
          evenZeros ? "LE" : "BE"
        } without a byte-order mark; save it as UTF-8 (or UTF-16 with a byte-order mark)`
        : `a NUL byte at byte ${nul}: binary data, not text`;
      throw new RangeError(`Cannot ${action}: ${label} must be CSV text: it holds ${what}`);
    }
    text = new TextDecoder("utf-8").decode(head.subarray(bomLength));
  } else {
    text = new TextDecoder(encoding).decode(head.subarray(bomLength));
    if (text.includes("\0")) {
      throw new RangeError(
        `Cannot ${action}: ${label} must be CSV text: it holds a NUL character after its ${encoding.toUpperCase()} byte-order mark`,
      );
    }
  }
  const start = text.trimStart();
  if (/^<(!doctype|html|head|body|\?xml|!--|[a-z][a-z0-9]*[\s>/])/i.test(start)) {
    throw new RangeError(
      `Cannot ${action}: ${label} must be CSV text: it starts like an HTML or XML page (${
        describeText(start)
      }), e.g. an error page saved in place of the data`,
    );
  }
  if (/^[\[{]\s*["{\[]/.test(start)) {
    throw new RangeError(
      `Cannot ${action}: ${label} must be CSV text: it starts like JSON (${
        describeText(start)
      }), e.g. an API error saved in place of the data`,
    );
  }
  return { encoding, bomLength };
}

/** Reads at least `want` bytes (or to the end) from a reader; returns them and whether the stream ended. */
async function readHead(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  want: number,
): Promise<{ head: Uint8Array; done: boolean }> {
  const parts: Uint8Array[] = [];
  let total = 0;
  while (total < want) {
    const { value, done } = await reader.read();
    if (done) return { head: concatBytes(parts, total), done: true };
    parts.push(value);
    total += value.length;
  }
  return { head: concatBytes(parts, total), done: false };
}

/** The chunks as one array of `total` bytes (the chunk itself when there is one). */
export function concatBytes(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * A file's decoded UTF-8 byte chunks: decompressed, checked by {@linkcode sniffCsvBytes}, without its
 * byte-order mark, UTF-16 re-encoded as UTF-8, and a NUL byte anywhere refused. Used by {@linkcode openCsv}
 * and by readers that hand the bytes to polars.
 */
export async function openCsvBytes(
  path: string,
  action: string,
  options: OpenOptions = {},
): Promise<
  { label: string; innerName: string | undefined; sniff: CsvSniff; chunks: AsyncGenerator<Uint8Array> }
> {
  const opened = await openDecompressed(path, action, options);
  const label = opened.innerName === undefined ? path : `${path}:${opened.innerName}`;
  const reader = opened.stream.getReader();
  let head: Uint8Array, done: boolean;
  try {
    ({ head, done } = await readHead(reader, HEAD_BYTES));
  } catch (error) {
    reader.releaseLock();
    throw new RangeError(
      `Cannot ${action}: ${label} could not be decompressed: ${(error as Error)?.message ?? error}`,
    );
  }
  let sniff: CsvSniff;
  try {
    sniff = sniffCsvBytes(head, label, action);
  } catch (error) {
    await reader.cancel().catch(() => {});
    throw error;
  }
  async function* raw(): AsyncGenerator<Uint8Array> {
    try {
      if (head.length > sniff.bomLength) yield head.subarray(sniff.bomLength);
      while (!done) {
        const r = await reader.read();
        if (r.done) break;
        yield r.value;
      }
    } finally {
      await reader.cancel().catch(() => {});
    }
  }
  async function* chunks(): AsyncGenerator<Uint8Array> {
    let offset = sniff.bomLength;
    if (sniff.encoding === "utf-8") {
      for await (const bytes of raw()) {
        const nul = bytes.indexOf(0);
        if (nul >= 0) {
          throw new RangeError(
            `Cannot ${action}: ${label} must be CSV text: it holds a NUL byte at byte ${offset + nul}`,
          );
        }
        offset += bytes.length;
        yield bytes;
      }
      return;
    }
    const decoder = new TextDecoder(sniff.encoding);
    const encoder = new TextEncoder();
    for await (const bytes of raw()) {
      const text = decoder.decode(bytes, { stream: true });
      if (text.includes("\0")) {
        throw new RangeError(`Cannot ${action}: ${label} must be CSV text: it holds a NUL character`);
      }
      if (text.length > 0) yield encoder.encode(text);
    }
    const rest = decoder.decode();
    if (rest.length > 0) yield encoder.encode(rest);
  }
  return { label, innerName: opened.innerName, sniff, chunks: chunks() };
}

/**
 * Opens a CSV file for streaming: checks the file and its first bytes (see the module doc), then parses
 * it with csv-parse in batches of rows.
 *
 * @param path the file: plain, gzip, or a zip with one data file (or `options.entry`).
 * @param action the caller's action, for messages (`Cannot <action>: <file> ...`).
 * @param options separator (default `","`), zip entry, field-count check (default on).
 * @returns the opened file; iterate `batches()` once.
 * @throws {TypeError} for a path that is not a regular file.
 * @throws {RangeError} for NUL bytes, HTML/XML/JSON, a zip with several data files; while iterating, for
 *   a row with the wrong number of fields or malformed quoting (naming the line).
 */
export async function openCsv(path: string, action: string, options: OpenCsvOptions = {}): Promise<CsvFile> {
  const { separator = ",", checkFieldCount = true, ...open } = options;
  if (
    typeof separator !== "string" || separator.length !== 1 || separator === '"' || /[\r\n]/.test(separator)
  ) {
    throw new RangeError(
      `Cannot ${action}: separator must be one character other than a quote or line break: current value is ${
        JSON.stringify(separator)
      }`,
    );
  }
  const bytes = await openCsvBytes(path, action, open);
  const { label } = bytes;
  async function* batches(): AsyncGenerator<CsvRow[]> {
    const parser = csvParse({
      delimiter: separator,
      relax_column_count: true,
      skip_empty_lines: true,
      record_delimiter: ["\r\n", "\n", "\r"],
      trim: true,
      info: true,
    }) as unknown as Transform; // csv-parse's Parser is a Node Transform stream

    let batch: CsvRow[] = [];
    let failure: unknown;
    let expected = -1, expectedLine = 0;
    parser.on("data", (r: { record: string[]; info: { lines: number } }) => {
      if (failure !== undefined) return;
      const fields = r.record, line = r.info.lines;
      if (checkFieldCount) {
        if (expected < 0) {
          expected = fields.length;
          expectedLine = line;
        } else if (fields.length !== expected) {
          const text = fields.join(separator);
          failure = new RangeError(
            `Cannot ${action}: ${label} line ${line} must have ${expected} fields like line ${expectedLine}: current count is ${fields.length} (${
              JSON.stringify(text.length > 100 ? text.slice(0, 100) + "..." : text)
            })`,
          );
          return;
        }
      }
      batch.push({ fields, line });
    });
    parser.on("error", (error: Error & { lines?: number }) => {
      if (failure !== undefined) return;
      failure = new RangeError(
        `Cannot ${action}: ${label} is not valid CSV${error.lines ? ` at line ${error.lines}` : ""}: ${
          error.message.replace(/^Invalid Record Length: |\s*$/, "")
        }`,
      );
    });
    const ended = new Promise<void>((resolve) => {
      parser.on("end", () => resolve());
      parser.on("error", () => resolve());
    });
    try {
      for await (const chunk of bytes.chunks) {
        parser.write(chunk);
        await Promise.resolve();
        if (failure !== undefined) throw failure;
        if (batch.length > 0) {
          const out = batch;
          batch = [];
          yield out;
        }
      }
      parser.end();
      await ended;
      if (failure !== undefined) throw failure;
      if (batch.length > 0) yield batch;
    } finally {
      if (!parser.destroyed) parser.destroy();
      await bytes.chunks.return(undefined);
    }
  }
  return {
    path,
    label,
    innerName: bytes.innerName,
    encoding: bytes.sniff.encoding,
    bom: bytes.sniff.bomLength > 0,
    batches,
  };
}

const GROUPED = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/;

/**
 * A CSV field as a number: a decimal or exponent number (`Number` rules, but never `""`, spaces, hex or
 * `Infinity`), or a number with comma thousands separators as spreadsheets write them inside quotes
 * (`"1,092.814"` is 1092.814). Anything else is `NaN`.
 *
 * @param text the field, already unquoted.
 * @returns the number, or `NaN`.
 */
export function csvNumber(text: string | undefined): number {
  if (text === undefined) return NaN;
  const t = text.trim();
  if (t === "" || !/^[+-]?(\d|\.\d)/.test(t)) return NaN;
  const x = Number(t);
  if (Number.isFinite(x)) return /^[+-]?0[xob]/i.test(t) ? NaN : x;
  return GROUPED.test(t) ? Number(t.replaceAll(",", "")) : NaN;
}
