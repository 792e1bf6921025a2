"""numpy/pandas version of tests/tape/tape_bench.ts, for comparison (same computations, same sizes).

A 10 M-trade tape over 10 days (signs with long memory from Pareto-length runs, a random-walk
price on a 0.5 tick grid, log-normal sizes), then:
1. sign autocorrelation C(l) and response function R(l) (ticks and bps) for l = 1..1000, per day, by FFT,
   plus the power-law fit of C on lags 10-1000 with 500 day-block bootstrap resamples;
2. synthetic metaorders (N = 100 traders, runs of equal sign per trader and day, >= 2 children) with pandas,
   and the binned square-root fit with 500 day-block bootstrap resamples.
Run: python3 tests/tape/tape_bench.py [--only correlation|metaorders] [--reps 3]   (needs numpy and
pandas; prints wall-clock and CPU seconds per step; tests/tape/tape_bench.ts runs it after its benches)
"""
import argparse
import time

import numpy as np
import pandas as pd

DAYS, PER_DAY, LAGS, TRADERS = 10, 1_000_000, 1000, 100
rng = np.random.default_rng(1)
n = DAYS * PER_DAY


def make_tape():
    # Signs: consecutive runs with Pareto(1.5) lengths and random signs (Lillo-Mike-Farmer with one live
    # metaorder; the Deno generator interleaves 20, which numpy cannot vectorise; only sizes matter for timing).
    lengths = np.minimum(np.floor((1 - rng.random(n)) ** (-1 / 1.5)), 1e6).astype(np.int64)
    cum = np.cumsum(lengths)
    k = np.searchsorted(cum, n) + 1
    run_signs = np.where(rng.random(k) < 0.5, 1, -1).astype(np.int8)
    signs = np.repeat(run_signs, lengths[:k])[:n]
    ticks = np.cumsum(np.round(rng.normal(0, 1.5, n)) + 0.2 * signs)
    prices = 60_000 + 0.5 * ticks
    sizes = 0.01 * np.exp(1.2 * rng.normal(size=n))
    days = np.repeat(np.arange(DAYS), PER_DAY)
    return signs.astype(np.float64), prices, sizes, days


def lagged(x, y, lags):
    """sum_t x_t y_{t+l} for l = 0..lags by FFT (zero padded)."""
    size = 1 << int(np.ceil(np.log2(len(x) + lags + 1)))
    fx, fy = np.fft.rfft(x, size), np.fft.rfft(y, size)
    return np.fft.irfft(np.conj(fx) * fy, size)[: lags + 1]


def correlation_and_response(signs, prices, days):
    tick = 0.5
    num = np.zeros((DAYS, LAGS + 1))
    cnt = np.zeros((DAYS, LAGS + 1))
    ssum = np.zeros(DAYS)
    rt = np.zeros(LAGS + 1)
    rb = np.zeros(LAGS + 1)
    pairs = np.zeros(LAGS + 1)
    for d in range(DAYS):
        sl = slice(d * PER_DAY, (d + 1) * PER_DAY)
        e, m = signs[sl], (prices[sl] - prices[sl][0]) / tick
        lm = (np.log(prices[sl]) - np.log(prices[sl][0])) * 1e4
        num[d] = lagged(e, e, LAGS)
        cnt[d] = PER_DAY - np.arange(LAGS + 1)
        ssum[d] = e.sum()
        em, elm = e * m, e * lm
        tail = np.concatenate([[0], np.cumsum(em[::-1])[:LAGS]])
        tail_l = np.concatenate([[0], np.cumsum(elm[::-1])[:LAGS]])
        rt += lagged(e, m, LAGS) - (em.sum() - tail)
        rb += lagged(e, lm, LAGS) - (elm.sum() - tail_l)
        pairs += cnt[d]
    mean = ssum.sum() / n
    c = num.sum(0)[1:] / cnt.sum(0)[1:] - mean**2
    lags = np.arange(1, LAGS + 1)

    def gamma(cc):
        use = (lags >= 10) & (cc > 0)
        return -np.polyfit(np.log(lags[use]), np.log(cc[use]), 1)[0]

    g = gamma(c)
    draws = []
    for _ in range(500):
        w = np.bincount(rng.integers(0, DAYS, DAYS), minlength=DAYS)
        mm = (w @ ssum) / (w @ cnt[:, 0])
        draws.append(gamma((w @ num)[1:] / (w @ cnt)[1:] - mm**2))
    return c, g, np.percentile(draws, [2.5, 97.5]), rt[1:] / pairs[1:], rb[1:] / pairs[1:]


def metaorders_and_law(signs, prices, sizes, days):
    trader = rng.integers(0, TRADERS, n)
    df = pd.DataFrame({"day": days, "trader": trader, "sign": signs.astype(np.int8), "size": sizes,
                       "i": np.arange(n)})
    df = df.sort_values(["day", "trader", "i"], kind="stable")
    new_run = (df["day"].diff().ne(0) | df["trader"].diff().ne(0) | df["sign"].diff().ne(0)).to_numpy()
    df["run"] = np.cumsum(new_run)
    g = df.groupby("run", sort=False).agg(day=("day", "first"), sign=("sign", "first"), first=("i", "first"),
                                          last=("i", "last"), children=("i", "size"), volume=("size", "sum"))
    g = g[g["children"] >= 2]
    logp = np.log(prices)
    daily_volume = np.bincount(days, weights=sizes)
    # Realised daily volatility from 5-minute samples: here every PER_DAY / 288 trades.
    step = PER_DAY // 288
    sampled = logp.reshape(DAYS, PER_DAY)[:, step - 1 :: step]
    sigma = np.sqrt((np.diff(sampled, axis=1) ** 2).sum(1))
    before = np.where(g["first"].to_numpy() % PER_DAY > 0, g["first"].to_numpy() - 1, g["first"].to_numpy())
    q = g["volume"].to_numpy() / daily_volume[g["day"].to_numpy()]
    imp = g["sign"].to_numpy() * (logp[g["last"].to_numpy()] - logp[before]) / sigma[g["day"].to_numpy()]
    bins = pd.qcut(q, 20, labels=False, duplicates="drop")
    d = g["day"].to_numpy()
    cnt = np.zeros((DAYS, 20))
    sq = np.zeros((DAYS, 20))
    si = np.zeros((DAYS, 20))
    np.add.at(cnt, (d, bins), 1)
    np.add.at(sq, (d, bins), q)
    np.add.at(si, (d, bins), imp)

    def fit(w):
        c, x, y = w @ cnt, w @ sq, w @ si
        x, y = x / c, y / c
        ok = (x > 0) & (y > 0)
        return np.polyfit(np.log(x[ok]), np.log(y[ok]), 1)[0]

    delta = fit(np.ones(DAYS))
    draws = [fit(np.bincount(rng.integers(0, DAYS, DAYS), minlength=DAYS)) for _ in range(500)]
    return len(g), delta, np.percentile(draws, [2.5, 97.5])


parser = argparse.ArgumentParser(description="numpy/pandas peer of tests/tape/tape_bench.ts")
parser.add_argument("--only", choices=["correlation", "metaorders"], help="run one step only")
parser.add_argument("--reps", type=int, default=3, help="runs of each step (default 3)")
args = parser.parse_args()

t = time.perf_counter()
signs, prices, sizes, days = make_tape()
print(f"tape of {n:,} trades built in {time.perf_counter() - t:.2f} s (not part of the comparison)")
for rep in range(args.reps):
    line = [f"run {rep + 1}:"]
    if args.only in (None, "correlation"):
        t, c0 = time.perf_counter(), time.process_time()
        c, g, gi, rt, rb = correlation_and_response(signs, prices, days)
        t1, c1 = time.perf_counter() - t, time.process_time() - c0
        line.append(f"sign correlation + gamma fit + response (lags 1..{LAGS}): {t1:.2f} s (CPU {c1:.2f} s) "
                    f"(gamma {g:.3f} [{gi[0]:.3f}, {gi[1]:.3f}]);")
    if args.only in (None, "metaorders"):
        t, c0 = time.perf_counter(), time.process_time()
        count, delta, di = metaorders_and_law(signs, prices, sizes, days)
        t2, c2 = time.perf_counter() - t, time.process_time() - c0
        line.append(f"metaorders (N = {TRADERS}) + square-root fit: {t2:.2f} s (CPU {c2:.2f} s) "
                    f"({count:,} metaorders, delta {delta:.3f} [{di[0]:.3f}, {di[1]:.3f}])")
    print(" ".join(line), flush=True)
