/**
 * Streaming bytes and text lines from a plain, gzip or zip file (private to lib/data).
 *
 * Zip support reads the end-of-central-directory record, the central directory and the chosen entry's
 * local header (PKWARE APPNOTE.TXT 6.3.9, sections 4.3.7, 4.3.12 and 4.3.16), then inflates the entry's
 * data with the platform's `DecompressionStream("deflate-raw")` (method 8) or passes it through (method 0).
 * Directory entries, `__MACOSX/` resource forks and dot files are skipped; an archive with several data
 * files is refused unless the caller names one. Zip64 and encrypted entries are refused with a clear error.
 * Only regular files are opened (a FIFO with no writer would block forever). Lines are split on `\n` (a
 * trailing `\r` is removed).
 *
 * @module
 */

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

/** One data entry of a zip file: its name, compression method and where its data lies. */
export interface ZipEntry {
  name: string;
  method: number;
  dataOffset: number;
  compressedSize: number;
  /** Data entries in the archive (directories, `__MACOSX/` and dot files not counted). */
  entries: number;
}

/** Options of {@linkcode openDecompressed} and {@linkcode zipDataEntry}. */
export interface OpenOptions {
  /** The zip entry to read (its full name or its base name) when the archive holds several files. */
  entry?: string;
}

async function readAt(file: Deno.FsFile, offset: number, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  await file.seek(offset, Deno.SeekMode.Start);
  let got = 0;
  while (got < length) {
    const n = await file.read(out.subarray(got));
    if (n === null) break;
    got += n;
  }
  return out.subarray(0, got);
}

/**
 * Whether a zip entry name is metadata rather than data: a directory (`dir/`), anything under
 * `__MACOSX/` (the resource forks macOS's Archive Utility adds) or a file whose base name starts with a dot
 * (`.DS_Store`, `._name` AppleDouble files).
 */
export function isZipMetadataEntry(name: string): boolean {
  if (name.endsWith("/")) return true;
  const parts = name.split("/");
  if (parts.some((p) => p === "__MACOSX")) return true;
  return (parts.at(-1) ?? "").startsWith(".");
}

const baseName = (name: string) => name.split(/[\/\\]/).pop() ?? name;

/**
 * Checks that `path` names a regular file (following symbolic links) before it is opened: a FIFO with no
 * writer would block the read forever, and a directory or device is never a data file.
 */
export async function assertRegularFile(path: string, action: string): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Deno.errors.NotFound(`Cannot ${action}: ${path} does not exist`);
    }
    throw error;
  }
  if (info.isFile) return;
  const kind = info.isDirectory
    ? "a directory"
    : info.isFifo
    ? "a FIFO (named pipe)"
    : info.isSocket
    ? "a socket"
    : info.isCharDevice
    ? "a character device"
    : info.isBlockDevice
    ? "a block device"
    : "not a regular file";
  throw new TypeError(`Cannot ${action}: ${path} must be a regular file: current value is ${kind}`);
}

/**
 * Locates the one data entry of a zip file (or the entry named by `options.entry`). Directory entries,
 * `__MACOSX/` resource forks and dot files are skipped; an archive with several data entries is refused
 * with their names unless `options.entry` picks one.
 */
export async function zipDataEntry(
  path: string,
  action: string,
  options: OpenOptions = {},
): Promise<ZipEntry> {
  using file = await Deno.open(path, { read: true });
  const size = (await file.stat()).size;
  const tailLength = Math.min(size, 65_557);
  const tail = await readAt(file, size - tailLength, tailLength);
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (view.getUint32(i, true) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) {
    throw new RangeError(`Cannot ${action}: ${path} is not a zip file (no end of central directory)`);
  }
  const entries = view.getUint16(eocd + 10, true);
  const centralSize = view.getUint32(eocd + 12, true);
  const centralOffset = view.getUint32(eocd + 16, true);
  if (centralOffset === 0xffffffff || entries === 0xffff) {
    throw new RangeError(
      `Cannot ${action}: ${path} is a Zip64 archive, which is not supported: unzip it first`,
    );
  }
  if (entries < 1) throw new RangeError(`Cannot ${action}: ${path} holds no file`);
  const central = await readAt(file, centralOffset, centralSize);
  const cv = new DataView(central.buffer, central.byteOffset, central.byteLength);
  const all: { name: string; flags: number; method: number; compressedSize: number; localOffset: number }[] =
    [];
  let at = 0;
  for (let k = 0; k < entries; k++) {
    if (at + 46 > central.length || cv.getUint32(at, true) !== CENTRAL_SIGNATURE) {
      throw new RangeError(`Cannot ${action}: ${path} has a damaged central directory (entry ${k + 1})`);
    }
    const nameLength = cv.getUint16(at + 28, true);
    const extraLength = cv.getUint16(at + 30, true);
    const commentLength = cv.getUint16(at + 32, true);
    all.push({
      name: new TextDecoder().decode(central.subarray(at + 46, at + 46 + nameLength)),
      flags: cv.getUint16(at + 8, true),
      method: cv.getUint16(at + 10, true),
      compressedSize: cv.getUint32(at + 20, true),
      localOffset: cv.getUint32(at + 42, true),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  const data = all.filter((e) => !isZipMetadataEntry(e.name));
  const names = (list: typeof all) => list.map((e) => JSON.stringify(e.name)).join(", ");
  let chosen: (typeof all)[number] | undefined;
  if (options.entry !== undefined) {
    chosen = data.find((e) => e.name === options.entry) ??
      (data.filter((e) => baseName(e.name) === options.entry).length === 1
        ? data.find((e) => baseName(e.name) === options.entry)
        : undefined);
    if (chosen === undefined) {
      throw new RangeError(
        `Cannot ${action}: options.entry must name one file of ${path}: current value is ${
          JSON.stringify(options.entry)
        }; its files are ${names(data) || "none"}`,
      );
    }
  } else if (data.length === 1) {
    chosen = data[0];
  } else if (data.length === 0) {
    throw new RangeError(
      `Cannot ${action}: ${path} holds no data file: its entries are ${
        names(all)
      } (directories, __MACOSX/ and dot files are skipped)`,
    );
  } else {
    throw new RangeError(
      `Cannot ${action}: ${path} must hold one data file: current count is ${data.length} (${
        names(data)
      }); pass options.entry to pick one`,
    );
  }
  const { name, flags, method, compressedSize, localOffset } = chosen!;
  if (flags & 1) throw new RangeError(`Cannot ${action}: ${path} is encrypted`);
  if (method !== 0 && method !== 8) {
    throw new RangeError(
      `Cannot ${action}: ${path} uses compression method ${method}: only stored (0) and deflate (8) are supported`,
    );
  }
  const local = await readAt(file, localOffset, 30);
  const lv = new DataView(local.buffer, local.byteOffset, local.byteLength);
  if (local.length < 30 || lv.getUint32(0, true) !== LOCAL_SIGNATURE) {
    throw new RangeError(`Cannot ${action}: ${path} has a damaged local header`);
  }
  const dataOffset = localOffset + 30 + lv.getUint16(26, true) + lv.getUint16(28, true);
  return { name, method, dataOffset, compressedSize, entries: data.length };
}

async function* byteSlice(path: string, from: number, length: number): AsyncGenerator<Uint8Array> {
  using file = await Deno.open(path, { read: true });
  await file.seek(from, Deno.SeekMode.Start);
  let left = length;
  const buffer = new Uint8Array(1 << 16);
  while (left > 0) {
    const n = await file.read(buffer.subarray(0, Math.min(buffer.length, left)));
    if (n === null) break;
    left -= n;
    yield buffer.slice(0, n);
  }
}

/**
 * The decompressed byte stream of a regular file: zip (its one data entry, see {@linkcode zipDataEntry}),
 * gzip, or plain, chosen by magic bytes. A FIFO, directory or device is refused before it is opened.
 */
export async function openDecompressed(
  path: string,
  action: string,
  options: OpenOptions = {},
): Promise<{ stream: ReadableStream<Uint8Array>; innerName: string | undefined }> {
  await assertRegularFile(path, action);
  const head = await (async () => {
    using file = await Deno.open(path, { read: true });
    return await readAt(file, 0, 4);
  })();
  const isZip = head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 3 && head[3] === 4;
  const isGzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  if (isZip) {
    const entry = await zipDataEntry(path, action, options);
    const raw = ReadableStream.from(byteSlice(path, entry.dataOffset, entry.compressedSize));
    const stream = entry.method === 8
      ? raw.pipeThrough(
        new DecompressionStream("deflate-raw") as unknown as TransformStream<Uint8Array, Uint8Array>,
      )
      : raw;
    return { stream, innerName: entry.name };
  }
  const file = await Deno.open(path, { read: true });
  const stream = isGzip
    ? file.readable.pipeThrough(
      new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>,
    )
    : file.readable;
  return { stream, innerName: undefined };
}

/** Lines of a byte stream (UTF-8), without their line endings; a last line without `\n` is kept. */
export async function* linesOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  let rest = "";
  const decoder = new TextDecoder("utf-8", { fatal: false });
  for await (const bytes of stream) {
    rest += decoder.decode(bytes, { stream: true });
    let start = 0;
    for (let nl = rest.indexOf("\n"); nl >= 0; nl = rest.indexOf("\n", start)) {
      const end = nl > start && rest.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      yield rest.slice(start, end);
      start = nl + 1;
    }
    rest = rest.slice(start);
  }
  rest += decoder.decode();
  if (rest.length > 0) yield rest.endsWith("\r") ? rest.slice(0, -1) : rest;
}

/**
 * Lines of a byte stream in batches (one array per decoded chunk), so callers can process the lines of a
 * chunk synchronously instead of awaiting once per line.
 */
export async function* lineBatchesOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<string[]> {
  let rest = "";
  const decoder = new TextDecoder("utf-8", { fatal: false });
  for await (const bytes of stream) {
    const text = rest + decoder.decode(bytes, { stream: true });
    const cut = text.lastIndexOf("\n");
    if (cut < 0) {
      rest = text;
      continue;
    }
    rest = text.slice(cut + 1);
    const batch = text.slice(0, cut).split("\n");
    for (let i = 0; i < batch.length; i++) {
      const l = batch[i]!;
      if (l.endsWith("\r")) batch[i] = l.slice(0, -1);
    }
    yield batch;
  }
  rest += decoder.decode();
  if (rest.length > 0) yield [rest.endsWith("\r") ? rest.slice(0, -1) : rest];
}

/** Lines of a plain, gzip or zip file (one data file, or `options.entry`), streamed. */
export async function* fileLines(
  path: string,
  action: string,
  options: OpenOptions = {},
): AsyncGenerator<string> {
  const { stream } = await openDecompressed(path, action, options);
  yield* linesOf(stream);
}
