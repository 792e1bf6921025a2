/**
 * SVG snapshot testing for the plot builders, as Observable Plot tests its own marks: a figure is rendered,
 * normalised (numbers rounded to one decimal, Plot's generated class ids replaced, one tag per line) and
 * compared with the committed file `tests/plot/__snapshots__/<name>.svg`.
 *
 * To accept a deliberate change of a figure (new margins, ticks or marks), rewrite the snapshots and
 * review the diff before committing:
 *
 * ```sh
 * UPDATE_SNAPSHOTS=1 deno test --allow-all tests/plot/
 * ```
 * @module
 */
import assert from "node:assert/strict";

/** Rounds numbers to 0.1 and normalises Plot's generated class ids, one tag per line. */
export function normaliseSvg(svg: string): string {
  return svg
    .replace(/plot-[0-9a-f]{6}/g, "plot-id")
    .replace(/-?\d+\.\d+(e-?\d+)?/g, (m) => {
      const v = Number(m).toFixed(1);
      return v === "-0.0" ? "0.0" : v;
    })
    .replace(/></g, ">\n<");
}

/** Asserts the normalised `svg` equals the committed snapshot `name` (or writes it with UPDATE_SNAPSHOTS=1). */
export async function assertSvgSnapshot(name: string, svg: string): Promise<void> {
  const url = new URL(`./__snapshots__/${name}.svg`, import.meta.url);
  const actual = normaliseSvg(svg) + "\n";
  if (Deno.env.get("UPDATE_SNAPSHOTS") === "1") {
    await Deno.mkdir(new URL("./__snapshots__/", import.meta.url), { recursive: true });
    await Deno.writeTextFile(url, actual);
    return;
  }
  let expected: string;
  try {
    expected = await Deno.readTextFile(url);
  } catch {
    throw new Error(
      `No snapshot ${name}.svg: run UPDATE_SNAPSHOTS=1 deno test --allow-all tests/plot/ and review it`,
    );
  }
  assert.equal(actual, expected, `${name}.svg differs from its snapshot (UPDATE_SNAPSHOTS=1 rewrites it)`);
}
