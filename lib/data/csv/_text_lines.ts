/**
 * Streaming text lines from a plain, gzip or single-entry zip file (private to lib/data).
 *
 * Zip support reads the end-of-central-directory record and the first entry's local header (PKWARE
 * APPNOTE.TXT 6.3.9, sections 4.3.7, 4.3.12 and 4.3.16), then inflates the entry's data with the
 * platform's `DecompressionStream("deflate-raw")` (method 8) or passes it through (method 0). Zip64 and
 * encrypted entries are refused with a clear error. Lines are split on `\n` (a trailing `\r` is removed).
 *
 * @module
 */

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

/** The first entry of a zip file: its name, compression method and where its data lies. */
export interface ZipEntry {
  name: string;
  method: number;
  dataOffset: number;
  compressedSize: number;
  entries: number;
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

/** Locates the first entry of a zip file. */
export async function firstZipEntry(path: string, action: string): Promise<ZipEntry> {
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
  const centralOffset = view.getUint32(eocd + 16, true);
  if (centralOffset === 0xffffffff || entries === 0xffff) {
    throw new RangeError(
      `Cannot ${action}: ${path} is a Zip64 archive, which is not supported: unzip it first`,
    );
  }
  if (entries < 1) throw new RangeError(`Cannot ${action}: ${path} holds no file`);
  const central = await readAt(file, centralOffset, 46);
  const cv = new DataView(central.buffer, central.byteOffset, central.byteLength);
  if (central.length < 46 || cv.getUint32(0, true) !== CENTRAL_SIGNATURE) {
    throw new RangeError(`Cannot ${action}: ${path} has a damaged central directory`);
  }
  const flags = cv.getUint16(8, true);
  const method = cv.getUint16(10, true);
  const compressedSize = cv.getUint32(20, true);
  const nameLength = cv.getUint16(28, true);
  const localOffset = cv.getUint32(42, true);
  const name = new TextDecoder().decode(await readAt(file, centralOffset + 46, nameLength));
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
  return { name, method, dataOffset, compressedSize, entries };
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

/** The decompressed byte stream of a file: zip (first entry), gzip, or plain, chosen by magic bytes. */
export async function openDecompressed(
  path: string,
  action: string,
): Promise<{ stream: ReadableStream<Uint8Array>; innerName: string | undefined }> {
  const head = await (async () => {
    using file = await Deno.open(path, { read: true });
    return await readAt(file, 0, 4);
  })();
  const isZip = head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 3 && head[3] === 4;
  const isGzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  if (isZip) {
    const entry = await firstZipEntry(path, action);
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

/** Lines of a plain, gzip or single-entry zip file, streamed. */
export async function* fileLines(path: string, action: string): AsyncGenerator<string> {
  const { stream } = await openDecompressed(path, action);
  yield* linesOf(stream);
}
