"""numpy counterpart of the "calibration 1M" group of tests/impact/square_root_bench.ts (same sizes).

1,000,000 observations of the square-root law (participation |Q|/V log-uniform on [1e-5, 0.2], eta = 0.8,
delta = 0.5, log-normal noise with sd 0.5), then the pointwise log-log least-squares fit with the smearing
correction, bootstrapped over 100 resamples of the observations with replacement, two ways:
1. numpy.polyfit on each resample drawn as indices (what one usually writes);
2. count resampling: multinomial weights over the precomputed logs, weighted sums per resample (the
   resampling calibrateSquareRoot uses; its smearing sum avoids the exp per resample, see
   lib/impact/_pointwise_fit.ts);
3. block count resampling: the observations fall in 100 UTC days of 10,000 each (the Deno script's
   timestamps), the 100 days are resampled with replacement, and each observation is weighted by its day's
   count, then the weighted sums of 2.
Run: /usr/bin/python3 tests/impact/square_root_bench.py   (needs numpy; prints the median of 3 runs of each)
     /usr/bin/python3 tests/impact/square_root_bench.py --cpu   (one run of each, wall and CPU seconds, for a
     loaded machine; the Deno counterpart is tests/impact/square_root_cpu_time.ts)
"""
import sys
import time

import numpy as np

M, RESAMPLES, RUNS = 1_000_000, 100, 3
rng = np.random.default_rng(1)
q = np.exp(rng.uniform(np.log(1e-5), np.log(0.2), M))
impact = 0.8 * np.sqrt(q) * np.exp(0.5 * rng.normal(size=M))  # impact / sigma
x, y = np.log(q), np.log(impact)


def polyfit_bootstrap():
    etas, deltas = [], []
    for _ in range(RESAMPLES):
        idx = rng.integers(0, M, M)
        xs, ys = x[idx], y[idx]
        slope, intercept = np.polyfit(xs, ys, 1)
        smear = np.mean(np.exp(ys - intercept - slope * xs))
        etas.append(np.exp(intercept) * smear)
        deltas.append(slope)
    return np.percentile(etas, [2.5, 97.5]), np.percentile(deltas, [2.5, 97.5])


def weighted_fit(w):
    """(eta, delta) of the log-log fit with weights w, and Duan's smearing: one exp per observation."""
    sw = w.sum()
    mx, my = (w @ x) / sw, (w @ y) / sw
    dx, dy = x - mx, y - my
    slope = (w @ (dx * dy)) / (w @ (dx * dx))
    intercept = my - slope * mx
    smear = (w @ np.exp(y - intercept - slope * x)) / sw
    return np.exp(intercept) * smear, slope


def weighted_bootstrap():
    fits = [weighted_fit(np.bincount(rng.integers(0, M, M), minlength=M).astype(float)) for _ in range(RESAMPLES)]
    etas, deltas = zip(*fits)
    return np.percentile(etas, [2.5, 97.5]), np.percentile(deltas, [2.5, 97.5])


DAYS = 100
day_of = np.arange(M) // (M // DAYS)  # observation i starts at i * 8,640 ms: 10,000 per UTC day


def block_weighted_bootstrap():
    fits = [
        weighted_fit(np.bincount(rng.integers(0, DAYS, DAYS), minlength=DAYS).astype(float)[day_of])
        for _ in range(RESAMPLES)
    ]
    etas, deltas = zip(*fits)
    return np.percentile(etas, [2.5, 97.5]), np.percentile(deltas, [2.5, 97.5])


if "--cpu" in sys.argv:
    for f in (polyfit_bootstrap, weighted_bootstrap, block_weighted_bootstrap):
        c, t = time.process_time(), time.perf_counter()
        f()
        print(f"numpy {np.__version__} {f.__name__}, {M:,} observations x {RESAMPLES} resamples: "
              f"wall {time.perf_counter() - t:.2f} s, cpu {time.process_time() - c:.2f} s")
    sys.exit(0)

for f in (polyfit_bootstrap, weighted_bootstrap, block_weighted_bootstrap):
    times = []
    for _ in range(RUNS):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    print(f"numpy {np.__version__} {f.__name__}, {M:,} observations x {RESAMPLES} resamples: "
          f"median {sorted(times)[RUNS // 2]:.2f} s (runs: {', '.join(f'{s:.2f}' for s in times)})")
