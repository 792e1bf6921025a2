/**
 * Writes zip files (PKWARE APPNOTE 6.3.9: local header, deflated data, central directory,
 * end record; CRC-32 computed), so tests can check the zip reader without external tools or fixtures.
 * @module
 */

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) {
    crc ^= bytes[i]!;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

async function deflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Writes `text` as the one entry `name` of a zip file at `path`, deflated (method 8) or stored (0). */
export async function writeZip(path: string, name: string, text: string, method: 0 | 8 = 8): Promise<void> {
  await writeZipEntries(path, [{ name, text }], method);
}

/**
 * Writes a zip file with several entries, in the given order (a name ending in `/` is a directory entry
 * with no data), each deflated (method 8) or stored (0).
 */
export async function writeZipEntries(
  path: string,
  entries: readonly { name: string; text: string | Uint8Array }[],
  method: 0 | 8 = 8,
): Promise<void> {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const data = typeof entry.text === "string" ? new TextEncoder().encode(entry.text) : entry.text;
    const body = method === 8 ? await deflateRaw(data) : data;
    const nameBytes = new TextEncoder().encode(entry.name);
    const crc = crc32(data);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(8, method, true);
    local.setUint32(14, crc, true);
    local.setUint32(18, body.length, true);
    local.setUint32(22, data.length, true);
    local.setUint16(26, nameBytes.length, true);
    const central = new DataView(new ArrayBuffer(46));
    central.setUint32(0, 0x02014b50, true);
    central.setUint16(4, 20, true);
    central.setUint16(6, 20, true);
    central.setUint16(10, method, true);
    central.setUint32(16, crc, true);
    central.setUint32(20, body.length, true);
    central.setUint32(24, data.length, true);
    central.setUint16(28, nameBytes.length, true);
    central.setUint32(42, offset, true);
    locals.push(new Uint8Array(local.buffer), nameBytes, body);
    centrals.push(new Uint8Array(central.buffer), nameBytes);
    offset += 30 + nameBytes.length + body.length;
  }
  const centralSize = centrals.reduce((s, p) => s + p.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, centralSize, true);
  end.setUint32(16, offset, true);
  const parts = [...locals, ...centrals, new Uint8Array(end.buffer)];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  await Deno.writeFile(path, out);
}

/** Writes `text` gzip-compressed to `path`. */
export async function writeGzip(path: string, text: string): Promise<void> {
  const stream = new Blob([new TextEncoder().encode(text) as BlobPart]).stream().pipeThrough(
    new CompressionStream("gzip"),
  );
  await Deno.writeFile(path, new Uint8Array(await new Response(stream).arrayBuffer()));
}
