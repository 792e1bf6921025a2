import { executeOnBook, scheduleShortfalls } from "../lib/book/mod.ts";
const times = Array.from({ length: 30 }, (_, i) => i * 10);
for (const off of [0, 1]) {
  const r = executeOnBook({ side: 1, times, sizes: times.map(() => 4 / 30), limit: { offsetTicks: off, timeLimitSeconds: 9 } }, { seed: 3 });
  let passive = 0; for (let i = 0; i < r.fills.levels.length; i++) if (r.fills.levels[i] === 0) passive += r.fills.sizes[i]!;
  console.log(off, r.filledSize, passive, r.shortfall * 1e4);
}
const mean = (a: Float64Array) => a.reduce((s, x) => s + x, 0) / a.length;
const r = scheduleShortfalls([{ side: 1, times, sizes: times.map(() => 16 / 30) }], { seeds: 40, afterSeconds: 0 });
console.log(r.unfilled[0], mean(r.midChanges[0]!) * 1e4, mean(r.baselineMidChanges) * 1e4);
const s2 = [0, 1].map((off) => ({ side: 1 as const, times, sizes: times.map(() => 4 / 30), limit: { offsetTicks: off, timeLimitSeconds: 9 } }));
const r2 = scheduleShortfalls([{ side: 1, times, sizes: times.map(() => 4 / 30) }, ...s2], { seeds: 30, afterSeconds: 0 });
console.log(r2.shortfalls.map((a) => mean(a) * 1e4));
