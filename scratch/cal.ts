import { bookStatistics, calibrateBook, simulateBookDay } from "../lib/book/mod.ts";
const truth = { limitRate: 2, cancelRate: 0.4, marketRate: 8, orderSize: 0.02, limitWindowTicks: 15, signMemory: { metaorders: 5, lengthExponent: 1.5, maxLength: 100000 } };
const m = simulateBookDay({ seed: 99, trades: 100_000, parameters: truth, recordQuotes: "none" });
const st = bookStatistics(m.tape, { tickSize: 0.1 });
console.log(st);
const t0 = performance.now();
const fit = calibrateBook(st, { limitWindowTicks: 15 });
console.log(performance.now() - t0, fit.parameters, fit.spreadError, fit.depthError, fit.converged, fit.achieved);
