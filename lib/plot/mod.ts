/**
 * Figures: rendering Observable Plot without a browser, and plot builders for each part of the chapter.
 * @module
 */
export * from "./figure.ts";
export * from "./impact.ts";
export * from "./execution.ts";
export * from "./ml.ts";
export * from "./tca.ts";
export * from "./png.ts";
export * from "./tape.ts";
export * from "./marketmaking.ts";
export * from "./portfolio.ts";
export * from "./book.ts";
