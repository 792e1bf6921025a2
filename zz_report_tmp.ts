import { writeReport } from "./.ci/report.ts";
const names = ["01_theory", "02_calibration", "03_almgren_chriss", "04_ml_impact", "05_tca"];
const t = performance.now();
await writeReport(names.map((n) => ({ notebook: n + ".ipynb", seconds: 1, code_cells: 1, cells_with_output: 1, outputs: 1, late_outputs_rescued: 0, after_barrier: 0, failure: null })), { notebooksDir: "build/notebooks", htmlDir: "build/report" });
console.log("report ms", performance.now() - t);
