"""numpy counterpart of the "frontier" group of tests/execution/almgren_chriss_bench.ts (same sizes).

The efficient frontier of Almgren & Chriss (2000) for the paper's parameters: 1,000 risk aversions (the
linear strategy and 999 values spaced evenly in log(kappa T) from 0.05 to 50, as efficientFrontier's
default grid) at N = 1,000 periods; for each, the optimal holdings x_j = X sinh(kappa tau (N - j)) /
sinh(kappa T) (in the expm1 form that cannot overflow), then E and V by summing trades and holdings:
1. a Python loop over lambdas, each trajectory vectorized;
2. fully vectorized: one 1,000 x 1,001 array.
Run: python3 tests/execution/frontier_bench.py   (needs numpy; prints the median of 7 runs of each)
"""
import time

import numpy as np

GAMMA, ETA, EPSILON, SIGMA = 2.5e-7, 2.5e-6, 0.0625, 0.95
X, N, POINTS, RUNS = 1e6, 1000, 1000, 7
TAU = 5 / N
ETA_TILDE = ETA - 0.5 * GAMMA * TAU
LO, HI = np.log(0.05 / N), np.log(50 / N)


def moments(x):
    n = x[..., :-1] - x[..., 1:]
    expected = 0.5 * GAMMA * X * X + EPSILON * np.abs(n).sum(-1) + ETA_TILDE / TAU * (n * n).sum(-1)
    return expected, SIGMA**2 * TAU * (x[..., 1:] ** 2).sum(-1)


def frontier_loop():
    rates = np.concatenate([[0.0], np.exp(LO + (HI - LO) * np.arange(POINTS - 1) / (POINTS - 2))])
    j = np.arange(1, N)
    out = []
    for a in rates:
        inner = X * (N - j) / N if a == 0 else X * np.exp(-a * j) * np.expm1(-2 * a * (N - j)) / np.expm1(-2 * a * N)
        out.append(moments(np.concatenate([[X], inner, [0.0]])))
    return out


def frontier_vectorized():
    a = np.concatenate([[1e-12], np.exp(LO + (HI - LO) * np.arange(POINTS - 1) / (POINTS - 2))])[:, None]
    j = np.arange(1, N)[None, :]
    inner = X * np.exp(-a * j) * np.expm1(-2 * a * (N - j)) / np.expm1(-2 * a * N)
    x = np.hstack([np.full((POINTS, 1), X), inner, np.zeros((POINTS, 1))])
    return moments(x)


for f in (frontier_loop, frontier_vectorized):
    times = []
    for _ in range(RUNS):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    print(f"numpy {np.__version__} {f.__name__}, {POINTS:,} lambdas x N = {N:,}: "
          f"median {sorted(times)[RUNS // 2] * 1000:.1f} ms")
