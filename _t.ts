import { simulateBookDay } from "./lib/book/mod.ts";
import { adverseSelectionStudy } from "./lib/marketmaking/adverse_selection.ts";
const m = simulateBookDay({});
const t0 = performance.now();
const s = adverseSelectionStudy(m.tape, {});
console.log(performance.now() - t0);
console.log(JSON.stringify(s.decomposition, null, 1));
console.log(s.bySize.filter(r=>r.horizon==="10 s").map(r=>[r.range, r.trades, r.markoutBps.toFixed(3), r.interval?.map(x=>x.toFixed(3))].join(" ")).join("\n"));
console.log(s.byImbalance.filter(r=>r.horizon==="10 s").map(r=>[r.range.map(x=>x.toFixed(2)), r.trades, r.markoutBps.toFixed(3), r.interval?.map(x=>x.toFixed(3))].join(" ")).join("\n"));
