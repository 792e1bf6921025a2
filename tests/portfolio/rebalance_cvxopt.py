#!/usr/bin/python3
"""Independent solution of the impact-aware rebalance with cvxopt (not run in CI).

Reads tests/fixtures/portfolio/rebalance_cases.json (written by rebalance_cases.ts), solves each case

    minimise  (lambda/2) w' Sigma w - mu' w + sum_i a_i |w_i - w0_i| + b_i |w_i - w0_i|^(3/2)
    subject to w >= 0 (longOnly), sum w = budget (budget not null)

as a second-order cone programme with cvxopt.solvers.coneqp, and writes the weights to
tests/fixtures/portfolio/rebalance_cvxopt.json. The 3/2 power is cone-representable: with s >= |u|,
s^2 <= t r and r^2 <= s (two rotated cones) give s^(3/2) <= t, tight at the optimum because b_i t_i is
minimised (Lobo, Vandenberghe, Boyd & Lebret 1998, "Applications of second-order cone programming",
Section 2.3). Variables x = [w, s, t, r], 4n of them.

Run with the system Python (python3-cvxopt from apt):  /usr/bin/python3 tests/portfolio/rebalance_cvxopt.py
"""
import json
import pathlib
import sys

import numpy as np
from cvxopt import matrix, solvers

HERE = pathlib.Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures" / "portfolio"


def solve(case, tolerance=1e-11):
    assert case["exponent"] == 1.5, "the SOCP form is written for delta = 1/2"
    mu = np.array(case["mu"])
    sigma = np.array(case["sigma"])
    w0 = np.array(case["current"])
    lam = case["lambda"]
    a = np.array(case["linear"])
    b = np.array(case["power"])
    n = len(mu)
    N = 4 * n
    W, S, T, R = 0, n, 2 * n, 3 * n  # offsets of w, s, t, r
    P = np.zeros((N, N))
    P[:n, :n] = lam * sigma
    q = np.concatenate([-mu, a, b, np.zeros(n)])
    # linear inequalities G x <= h:  u - s <= 0,  -u - s <= 0,  (-w <= 0)
    rows, h = [], []
    for i in range(n):
        g = np.zeros(N); g[W + i] = 1; g[S + i] = -1; rows.append(g); h.append(w0[i])
        g = np.zeros(N); g[W + i] = -1; g[S + i] = -1; rows.append(g); h.append(-w0[i])
    if case["longOnly"]:
        for i in range(n):
            g = np.zeros(N); g[W + i] = -1; rows.append(g); h.append(0.0)
    Gl = np.array(rows)
    hl = np.array(h)
    # cones h - G x in Q3:  [t + r, 2 s, t - r]  and  [s + 1, 2 r, s - 1]
    cones = []
    for i in range(n):
        g = np.zeros((3, N))
        g[0, T + i] = -1; g[0, R + i] = -1
        g[1, S + i] = -2
        g[2, T + i] = -1; g[2, R + i] = 1
        cones.append((g, np.zeros(3)))
        g = np.zeros((3, N))
        g[0, S + i] = -1
        g[1, R + i] = -2
        g[2, S + i] = -1
        cones.append((g, np.array([1.0, 0.0, -1.0])))
    G = np.vstack([Gl] + [c[0] for c in cones])
    hh = np.concatenate([hl] + [c[1] for c in cones])
    dims = {"l": len(hl), "q": [3] * len(cones), "s": []}
    kwargs = {}
    if case["budget"] is not None:
        A = np.zeros((1, N)); A[0, :n] = 1
        kwargs = {"A": matrix(A), "b": matrix([float(case["budget"])])}
    solvers.options.update(
        {"show_progress": False, "abstol": tolerance, "reltol": tolerance, "feastol": tolerance, "maxiters": 200})
    sol = solvers.coneqp(matrix(P), matrix(q), matrix(G), matrix(hh), dims, **kwargs)
    x = np.array(sol["x"]).ravel()
    w = x[:n]
    u = w - w0
    objective = 0.5 * lam * w @ sigma @ w - mu @ w + a @ np.abs(u) + b @ np.abs(u) ** 1.5
    return {"name": case["name"], "status": sol["status"], "iterations": sol["iterations"],
            "weights": w.tolist(), "objective": float(objective)}


def main():
    """Solves at tolerance 1e-11 (cvxopt reports "optimal") and writes those weights; with --tight, also
    solves at 1e-13 (cvxopt stops with status "unknown" when it can make no more progress, its iterate then
    being more accurate) and prints the largest weight difference between the two."""
    cases = json.loads((FIXTURES / "rebalance_cases.json").read_text())
    out = [solve(c) for c in cases]
    if "--tight" in sys.argv:
        for c, r in zip(cases, out):
            t = solve(c, 1e-13)
            diff = max(abs(x - y) for x, y in zip(r["weights"], t["weights"]))
            print(f'{c["name"]}: tight run {t["status"]}, objective {t["objective"]:.12e}, max |dw| vs 1e-11 run {diff:.2e}')
    for r in out:
        print(f'{r["name"]}: {r["status"]} in {r["iterations"]} iterations, objective {r["objective"]:.12e}')
    (FIXTURES / "rebalance_cvxopt.json").write_text(json.dumps(out) + "\n")


if __name__ == "__main__":
    main()
