/**
 * CPU time per bench call and the numpy/pandas peer in the same run, for the tape benches.
 *
 * `deno bench` reports wall-clock time, which other jobs on a shared machine inflate; the process's CPU time
 * (`process.cpuUsage`, user + system, every thread) moves much less. `cpuTimed` wraps a bench function and
 * records its CPU time per call (`cpuStep` a step inside one); `comparePeerAtUnload` prints the median per bench when the benches are
 * done, runs `tests/tape/tape_bench.py` (the same computations in numpy/pandas, `/usr/bin/python3`) right
 * after them, reads its CPU seconds per run, and prints the ratio Deno / numpy with the load average. Set
 * `TAPE_BENCH_PEER=0` to skip the peer.
 *
 * @module
 */
import process from "node:process";

const cpuMs = new Map<string, number[]>();

/** `fn` with its CPU time per call recorded under `name`. */
export function cpuTimed(name: string, fn: () => void): () => void {
  return () => {
    const start = process.cpuUsage();
    fn();
    const used = process.cpuUsage(start);
    const list = cpuMs.get(name) ?? [];
    list.push((used.user + used.system) / 1000);
    cpuMs.set(name, list);
  };
}

/** Runs `fn` and records its CPU time under `name` (a step inside a bench); returns its value. */
export function cpuStep<T>(name: string, fn: () => T): T {
  const start = process.cpuUsage();
  const value = fn();
  const used = process.cpuUsage(start);
  const list = cpuMs.get(name) ?? [];
  list.push((used.user + used.system) / 1000);
  cpuMs.set(name, list);
  return value;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const loadAverage = () => {
  try {
    return Deno.readTextFileSync("/proc/loadavg").split(" ").slice(0, 3).join(" ");
  } catch {
    return "unknown";
  }
};

/** One comparison: a recorded Deno bench and the peer's step (`--only`), matched by a regex on its lines. */
export interface PeerComparison {
  bench: string;
  step: "correlation" | "metaorders";
  /** Reads the peer's CPU seconds of the step from one of its output lines. */
  cpuSeconds: RegExp;
}

/** At unload: the Deno CPU medians, then the peer's runs and the ratios (see the module notes). */
export function comparePeerAtUnload(comparisons: PeerComparison[], reps = 3): void {
  globalThis.addEventListener("unload", () => {
    console.log(`\nCPU time per call (process.cpuUsage), load average ${loadAverage()}:`);
    for (const [name, list] of cpuMs) {
      console.log(`  ${name}: median ${median(list).toFixed(0)} ms over ${list.length} calls`);
    }
    if (Deno.env.get("TAPE_BENCH_PEER") === "0") return;
    for (const step of new Set(comparisons.map((c) => c.step))) {
      const wanted = comparisons.filter((c) => c.step === step && cpuMs.has(c.bench));
      if (wanted.length === 0) continue;
      const script = new URL("./tape_bench.py", import.meta.url).pathname;
      const result = new Deno.Command("/usr/bin/python3", {
        args: [script, "--only", step, "--reps", String(reps)],
      }).outputSync();
      const text = new TextDecoder().decode(result.stdout);
      console.log(`\nnumpy/pandas peer (${script} --only ${step}), load average ${loadAverage()}:`);
      console.log(text.trimEnd().split("\n").map((l) => `  ${l}`).join("\n"));
      if (!result.success) {
        console.log(`  the peer failed: ${new TextDecoder().decode(result.stderr).trim().slice(-500)}`);
        continue;
      }
      for (const c of wanted) {
        const peer = [...text.matchAll(new RegExp(c.cpuSeconds, "g"))].map((m) => Number(m[1]) * 1000);
        if (peer.length === 0) continue;
        const deno = median(cpuMs.get(c.bench)!), numpy = median(peer);
        console.log(
          `  ratio, CPU time: ${c.bench}: Deno ${deno.toFixed(0)} ms / numpy ${numpy.toFixed(0)} ms = ` +
            (deno / numpy).toFixed(2),
        );
      }
    }
  });
}
