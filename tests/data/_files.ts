/**
 * The files below a folder, for tests that check what a cache wrote: paths relative to `dir`, sorted; a
 * folder that does not exist holds none.
 *
 * @module
 */
import { join } from "node:path";

/** Every file below `dir` (recursively), relative to it, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for await (const e of Deno.readDir(d)) {
      const p = join(d, e.name);
      if (e.isDirectory) await walk(p);
      else out.push(p.slice(dir.length + 1));
    }
  };
  await walk(dir).catch((e) => {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  });
  return out.sort();
}
