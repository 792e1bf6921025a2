import assert from "node:assert/strict";
import { calibrationSensitivity } from "@lib/mod.ts";

Deno.test("sensitivity study: error shrinks with sample size, and noise-free fits cover the truth", () => {
  const rows = calibrationSensitivity({
    sampleSizes: [200, 3_200],
    marketNoiseLevels: [0],
    repetitions: 8,
    bootstrapSamples: 100,
    method: "pointwise",
  });
