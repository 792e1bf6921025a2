import { executeOnBook, scheduleShortfalls } from "../lib/book/mod.ts";
const r = executeOnBook({ side: 1, times: [0, 30, 60], sizes: [0.5, 0.5, 0.5] }, { seed: 4 });
console.log(r.arrivalMid, r.fills, r.shortfall * 1e4, r.mids.slice(0, 10), r.mids.length);
const rl = executeOnBook({ side: 1, times: [0, 30, 60], sizes: [0.5, 0.5, 0.5], limit: { timeLimitSeconds: 20 } }, { seed: 4 });
console.log(rl.fills, rl.shortfall * 1e4, rl.unfilledSize);
// 5 schedules x 100 seeds, 20 min
const N = 20, T = 1200;
const times = Array.from({ length: N }, (_, i) => i * T / N);
const scheds = [0.5, 1, 2, 4, 8].map((q) => ({ side: 1 as const, times, sizes: times.map(() => q / N * 10) }));
const t0 = performance.now();
const res = scheduleShortfalls(scheds, { seeds: 100, afterSeconds: 0 });
console.log("ms", performance.now() - t0);
const mean = (a: Float64Array) => a.reduce((s, x) => s + x, 0) / a.length;
console.log(res.shortfalls.map((a) => (mean(a) * 1e4).toFixed(3)), res.midChanges.map((a) => (mean(a) * 1e4).toFixed(2)), mean(res.baselineMidChanges) * 1e4);
