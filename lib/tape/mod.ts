/**
 * Measuring price impact on a trade tape: sign correlation and its exponent, the response function,
 * aggregate impact and Kyle's lambda, synthetic metaorders (Maitrier, Loeper & Bouchaud 2025) and the
 * square-root law, impact profile and decay measured on them, with block-bootstrap intervals.
 *
 * Every function reads the typed-array {@linkcode TradeTape} (`lib/data/trade_tape.ts`); no per-trade objects.
 * Every estimator is an accumulator (`TapeAccumulator`: `add(tape)` per tape, then `finish()`); its whole-tape
 * function is one `add` and `finish`. A range too long for memory (a month is 30-90 M trades) goes through
 * `measureTapeDays`, one UTC day at a time, with the same results as the whole-tape functions (given the same
 * tick size).
 *
 * @module
 */
export * from "./blocks.ts";
export * from "./tape_accumulator.ts";
export * from "./sign_correlation.ts";
export * from "./response_function.ts";
export * from "./aggregate_impact.ts";
export * from "./synthetic_metaorders.ts";
export * from "./metaorder_impact.ts";
export * from "./merge_fills.ts";
export * from "./load_tape.ts";
export * from "./conclusions.ts";
export * from "./tape_days.ts";
export * from "./placebo_tapes.ts";
export * from "./impact_conditioning.ts";
export * from "./method_spread.ts";
export * from "./impact_decay.ts";
export * from "./tape_placebos.ts";
export * from "./measured_law.ts";
export * from "./tape_law.ts";
