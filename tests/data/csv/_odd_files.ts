/**
 * Odd files for the CSV readers' tests: UTF-16 text with and without a byte-order mark, NUL bytes, a saved
 * HTML error page, a FIFO (named pipe) with no writer, and a guard that keeps a reader that wrongly opens
 * the FIFO from hanging the test run.
 * @module
 */

/** `text` as UTF-16 little- or big-endian bytes, with the byte-order mark unless `bom` is false. */
export function utf16(text: string, endian: "le" | "be" = "le", bom = true): Uint8Array {
  const out = new Uint8Array((bom ? 2 : 0) + text.length * 2);
  let at = 0;
  if (bom) {
    out[0] = endian === "le" ? 0xff : 0xfe;
    out[1] = endian === "le" ? 0xfe : 0xff;
    at = 2;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[at + 2 * i] = endian === "le" ? c & 0xff : c >> 8;
    out[at + 2 * i + 1] = endian === "le" ? c >> 8 : c & 0xff;
  }
  return out;
}

/** A 502 page as a proxy or CDN serves it, saved under the data file's name. */
export const HTML_ERROR_PAGE = "<!DOCTYPE html>\n<html>\n<head><title>502 Bad Gateway</title></head>\n" +
  "<body>\n<center><h1>502 Bad Gateway</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n";

/** Makes a FIFO at `path` with `mkfifo` (coreutils); returns false where there is no mkfifo (Windows). */
export async function makeFifo(path: string): Promise<boolean> {
  try {
    const { success } = await new Deno.Command("mkfifo", { args: [path] }).output();
    return success;
  } catch {
    return false;
  }
}

/**
 * Settles `reading` (a reader called on the FIFO at `fifo`). A correct reader refuses the FIFO at once; a
 * reader that opens it blocks until a writer comes, so after `ms` this opens the FIFO for writing and closes
 * it (the reader then sees an empty file), turning a hang into a settled promise the test can check.
 */
export async function settleFifoRead<T>(fifo: string, reading: Promise<T>, ms = 3000): Promise<T> {
  let settled = false;
  const timer = setTimeout(async () => {
    if (settled) return;
    const writer = await Deno.open(fifo, { write: true });
    writer.close();
  }, ms);
  try {
    return await reading;
  } finally {
    settled = true;
    clearTimeout(timer);
  }
}
