/**
 * Training progress as ONE display that updates every epoch, not a wall of lines.
 *
 * The library does not know where it runs, so the caller passes the function that shows a MIME bundle:
 * in the Deno Jupyter kernel, `Deno.jupyter.display(bundle, { raw: true, display_id, update })`; in a
 * terminal, a function that rewrites one line with `\r`.
 *
 * @module
 */
import type { EpochReport } from "./network.ts";

/** A MIME bundle: `text/plain` always, `text/html` with a small learning-curve chart. */
export type ProgressBundle = { "text/plain": string; "text/html": string };

/**
 * Shows a bundle: `update` is false for the first call (create the display) and true afterwards
 * (replace it). May return a promise, which `ImpactNetwork.fitAsync` awaits.
 */
export type ProgressDisplay = (bundle: ProgressBundle, update: boolean) => unknown;

/** Options of {@linkcode createTrainingProgress}. */
export interface TrainingProgressOptions {
  /** Title shown above the numbers. Default `"training"`. */
  label?: string;
  /** Update every this many epochs (the first and the last requested epoch are always shown). Default 1. */
  every?: number;
  /** Unit of the loss, for the text. Default `"target units^2"`. */
  lossUnit?: string;
  /** Chart width, px. Default 320. */
  width?: number;
  /** Chart height, px. Default 90. */
  height?: number;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function fmt(v: number | undefined): string {
  return v === undefined ? "-" : Number(v.toPrecision(5)).toString();
}

/** A tiny SVG of train and validation loss against epoch (log scale), drawn by hand so each update is cheap. */
function sparkline(
  train: readonly number[],
  valid: readonly number[],
  best: number,
  width: number,
  height: number,
) {
  const all = [...train, ...valid].filter((v) => v > 0);
  if (all.length === 0) return "";
  const lo = Math.log(Math.min(...all)), hi = Math.log(Math.max(...all));
  const span = hi - lo || 1;
  const epochs = Math.max(train.length, 2);
  const x = (i: number) => (4 + (i / (epochs - 1)) * (width - 8)).toFixed(1);
  const y = (v: number) => (4 + (1 - (Math.log(v) - lo) / span) * (height - 8)).toFixed(1);
  const line = (values: readonly number[], color: string) =>
    values.length
      ? `<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${
        values.map((v, i) => `${x(i)},${y(Math.max(v, Math.exp(lo)))}`).join(" ")
      }"/>`
      : "";
  const marker = valid.length && best > 0
    ? `<line x1="${x(best - 1)}" x2="${
      x(best - 1)
    }" y1="0" y2="${height}" stroke="#999" stroke-dasharray="3,3"/>`
    : "";
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" style="background:white;border:1px solid #ddd">${marker}${
    line(train, "steelblue")
  }${line(valid, "darkorange")}</svg>`;
}

/**
 * An `onEpoch` callback that keeps one display up to date: epoch, train and validation mean squared
 * error, best epoch so far, and a small learning-curve chart (train blue, validation orange, log scale,
 * dashed line at the best epoch).
 *
 * @param display shows a bundle; see {@linkcode ProgressDisplay}.
 * @param options label, update interval, loss unit and chart size.
 * @returns a callback for `fit`/`fitAsync`'s `onEpoch` that returns whatever `display` returns; its
 *   optional second argument (e.g. `"fold 2/5"`) is shown after the label.
 * @throws {RangeError} if `every` is not an integer >= 1.
 *
 * @example
 * ```ts
 * import { createTrainingProgress, ImpactNetwork } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const shown: { text: string; update: boolean }[] = [];
 * const onEpoch = createTrainingProgress((bundle, update) => shown.push({ text: bundle["text/plain"], update }));
 * const net = new ImpactNetwork({ inputs: 1, hidden: [4, 4], seed: 1 });
 * net.fit([[0], [1], [2], [3]], [0, 1, 2, 3], { epochs: 3, batchSize: 2, onEpoch });
 * assert.deepEqual(shown.map((s) => s.update), [false, true, true]);
 * assert.match(shown[2]!.text, /epoch 3\/3/);
 * ```
 */
export function createTrainingProgress(
  display: ProgressDisplay,
  options: TrainingProgressOptions = {},
): (report: EpochReport, context?: string) => unknown {
  const { label = "training", every = 1, lossUnit = "target units^2", width = 320, height = 90 } = options;
  if (typeof display !== "function") {
    throw new TypeError(
      `Cannot create training progress: display must be a function: current value is ${display}`,
    );
  }
  if (!Number.isSafeInteger(every) || every < 1) {
    throw new RangeError(
      `Cannot create training progress: every must be an integer >= 1: current value is ${every}`,
    );
  }
  let shown = false;
  return (report: EpochReport, context?: string) => {
    const { epoch, epochs, trainLoss, validationLoss, bestEpoch, history } = report;
    if (shown && epoch % every !== 0 && epoch !== epochs) return undefined;
    const title = context ? `${label} (${context})` : label;
    const text = `${title}: epoch ${epoch}/${epochs}  train MSE ${fmt(trainLoss)}  validation MSE ${
      fmt(validationLoss)
    } (${lossUnit})  best epoch ${bestEpoch}`;
    const html = `<div style="font-family:system-ui,sans-serif;font-size:12px"><div><b>${
      escapeHtml(title)
    }</b>: epoch ${epoch}/${epochs}
 &middot; train MSE ${fmt(trainLoss)} &middot; <span style="color:darkorange">validation MSE ${
      fmt(validationLoss)
    }</span> (${lossUnit}) &middot; best epoch ${bestEpoch}</div>${
      sparkline(history.trainLoss, history.validationLoss, bestEpoch, width, height)
    }</div>`;
    const update = shown;
    shown = true;
    return display({ "text/plain": text, "text/html": html }, update);
  };
}
