"""pandas counterpart of the summarizeTca bench in tests/tca/tca_bench.ts (same sizes).

1,000,000 trades with 7 metric columns (6 cost columns ~ N(0, 1e-3) and a participation rate log-uniform
on [1e-5, 0.2]), a side (+1/-1) and a UTC hour (0-23); then describe(percentiles=[.05, .5, .95]) of every
metric (count, mean, std, min, 5%, 50%, 95%, max: a superset of summarizeTca's count, mean, std, median,
p5, p95) overall, by participation bucket (edges 0.01%, 0.1%, 1%, 10% of daily volume, closed on the
left), by side and by hour. Percentiles are type 7 in both.
Run: python3 tests/tca/tca_bench.py   (needs numpy and pandas; prints the median of 5 runs)
"""
import time

import numpy as np
import pandas as pd

N, RUNS = 1_000_000, 5
rng = np.random.default_rng(7)
costs = ["implementationShortfall", "vwapSlippage", "spreadCost", "estimatedImpact", "impactCost", "timingCost"]
df = pd.DataFrame({m: rng.normal(size=N) * 1e-3 for m in costs})
df["participation"] = np.exp(rng.uniform(np.log(1e-5), np.log(0.2), N))
df["side"] = rng.choice([-1, 1], N).astype(np.int8)
df["hour"] = rng.integers(0, 24, N).astype(np.int8)
metrics = costs + ["participation"]
edges = [0.0001, 0.001, 0.01, 0.1]
levels = [0.05, 0.5, 0.95]


def summarize():
    overall = df[metrics].describe(percentiles=levels)
    bucket = np.searchsorted(edges, df["participation"].to_numpy(), side="right")
    by_bucket = df[metrics].groupby(bucket).describe(percentiles=levels)
    by_side = df.groupby("side")[metrics].describe(percentiles=levels)
    by_hour = df.groupby("hour")[metrics].describe(percentiles=levels)
    return overall, by_bucket, by_side, by_hour


times = []
for _ in range(RUNS):
    t = time.perf_counter()
    summarize()
    times.append(time.perf_counter() - t)
print(f"pandas {pd.__version__} summary of {N:,} trades (overall, participation, side, hour; 7 metrics): "
      f"median {sorted(times)[RUNS // 2] * 1000:.0f} ms (runs: {', '.join(f'{s * 1000:.0f}' for s in times)})")
