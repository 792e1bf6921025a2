import { scheduleShortfalls } from "../lib/book/mod.ts";
const mean = (a: Float64Array) => a.reduce((s, x) => s + x, 0) / a.length;
// single market orders of increasing size
const sizes = [0.1, 0.4, 1.6, 6.4];
let r = scheduleShortfalls(sizes.map((q) => ({ side: 1 as const, times: [0], sizes: [q] })), { seeds: 60, afterSeconds: 0 });
console.log("single", sizes.map((q, k) => (mean(r.shortfalls[k]!) * 1e4).toFixed(3)), sizes.map((q, k) => ((mean(r.midChanges[k]!) - mean(r.baselineMidChanges)) * 1e4).toFixed(3)));
// metaorders over 5 minutes, 30 children
const times = Array.from({ length: 30 }, (_, i) => i * 10);
const qs = [1, 4, 16, 64];
const t0 = performance.now();
r = scheduleShortfalls(qs.map((q) => ({ side: 1 as const, times, sizes: times.map(() => q / 30) })), { seeds: 60, afterSeconds: 0 });
console.log("meta", qs.map((q, k) => (mean(r.shortfalls[k]!) * 1e4).toFixed(3)), qs.map((q, k) => ((mean(r.midChanges[k]!) - mean(r.baselineMidChanges)) * 1e4).toFixed(3)), performance.now() - t0);
