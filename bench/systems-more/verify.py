#!/usr/bin/python3
"""Check that every problem file here has exactly one root inside its output bounds at every input point.

For each *.yaml in this folder (or the files given): draw --points points of the input domain the way EqNet
does (inputs in file order, bounds may use earlier inputs; uniform, log or integer sampling), plus the corners
of the domain (every input at its min or max given the inputs before it; at most 256 corners), and solve the
equations from --starts starts per point spread over the output box. The solver is a damped Newton /
Levenberg-Marquardt iteration on the scale-relative residuals (lhs - rhs)/S, S = sum of the absolute values of
the top-level additive terms of both sides (EqNet's default scale), in box coordinates
y = lo + (hi - lo)*sigmoid(z), so no iterate leaves the bounds. A start has converged when every scale-relative
residual is <= 1e-12.

Per problem it prints: points with a root, points with more than one distinct root (relative distance > 1e-6
in the output box), the largest residual, the smallest distance of a root to a bound (relative to the bound
interval; a root at a lower bound of 0 is shown as its smallest value instead), the output ranges, and the
share of starts that converged. Exit status 1 if a problem has a point without a root, with two roots, or a
root on a bound.

Needs numpy, sympy and PyYAML (Debian's /usr/bin/python3 with python3-numpy, python3-sympy, python3-yaml).
Usage: /usr/bin/python3 verify.py [--points 200] [--starts 24] [--seed 1] [FILE ...]
"""
import argparse
import glob
import itertools
import os
import sys
import time

import numpy as np
import sympy as sp
import yaml

TOL = 1e-12
FUNCS = {
    "exp": sp.exp, "log": sp.log, "ln": sp.log, "log10": lambda v: sp.log(v, 10), "log2": lambda v: sp.log(v, 2),
    "sqrt": sp.sqrt, "abs": sp.Abs, "sign": sp.sign, "sin": sp.sin, "cos": sp.cos, "tan": sp.tan,
    "asin": sp.asin, "acos": sp.acos, "atan": sp.atan, "sinh": sp.sinh, "cosh": sp.cosh, "tanh": sp.tanh,
    "asinh": sp.asinh, "acosh": sp.acosh, "atanh": sp.atanh, "pow": lambda u, v: u ** v,
    "min": sp.Min, "max": sp.Max, "pi": sp.pi, "e": sp.E,
}


def expr(text, syms):
    loc = dict(FUNCS)
    loc.update(syms)
    return sp.parse_expr(str(text).replace("^", "**"), local_dict=loc, evaluate=True)


def terms(e):
    return sp.Add.make_args(e)


class Problem:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            d = yaml.safe_load(f)
        self.path = path
        self.name = d.get("name", os.path.splitext(os.path.basename(path))[0])
        ins = list(d["inputs"].items())
        outs = d["outputs"]
        outs = [(o, {}) for o in outs] if isinstance(outs, list) else [(k, v or {}) for k, v in outs.items()]
        self.in_names = [k for k, _ in ins]
        self.out_names = [k for k, _ in outs]
        syms = {n: sp.Symbol(n, real=True) for n in self.in_names + self.out_names}
        xs = [syms[n] for n in self.in_names]
        ys = [syms[n] for n in self.out_names]
        self.inputs = []
        for i, (n, spec) in enumerate(ins):
            lo = sp.lambdify(xs[:i], expr(spec["min"], syms), "numpy")
            hi = sp.lambdify(xs[:i], expr(spec["max"], syms), "numpy")
            self.inputs.append((n, lo, hi, spec.get("sampling", "uniform")))
        self.lo = np.array([float(s["min"]) for _, s in outs])
        self.hi = np.array([float(s["max"]) for _, s in outs])
        res, scl = [], []
        for item in d["equations"]:
            text = item["equation"] if isinstance(item, dict) else item
            lhs, rhs = (expr(t, syms) for t in text.split("="))
            res.append(lhs - rhs)
            scl.append(sum(sp.Abs(t) for t in terms(lhs) + terms(rhs)))
        args = xs + ys
        self.f_res = sp.lambdify(args, res, "numpy")
        self.f_scl = sp.lambdify(args, scl, "numpy")
        self.f_jac = sp.lambdify(args, sp.Matrix(res).jacobian(ys).tolist(), "numpy")
        self.n_eq, self.n_out = len(res), len(ys)

    def sample(self, u):
        """Points for fractions u (points x inputs, in [0, 1]) of each input's range given the earlier inputs."""
        cols = []
        for c, (n, flo, fhi, how) in enumerate(self.inputs):
            lo = np.broadcast_to(np.asarray(flo(*cols), float), u.shape[:1])
            hi = np.broadcast_to(np.asarray(fhi(*cols), float), u.shape[:1])
            if np.any(lo > hi):
                raise SystemExit(f"{self.path}: inputs.{n}: empty range at some points")
            if how == "log":
                v = np.exp(np.log(lo) + u[:, c] * (np.log(hi) - np.log(lo)))
            elif how == "integer":
                a, b = np.ceil(lo), np.floor(hi)
                v = np.minimum(np.floor(a + u[:, c] * (b - a + 1)), b)
            else:
                v = lo + u[:, c] * (hi - lo)
            cols.append(v)
        return np.column_stack(cols)

    def _stack(self, f, X, Y, shape):
        vals = f(*X.T, *Y.T)
        n = X.shape[0]
        return np.array([[np.broadcast_to(np.asarray(v, float), (n,)) for v in row] for row in vals]).transpose(
            2, 0, 1) if shape == 3 else np.array([np.broadcast_to(np.asarray(v, float), (n,)) for v in vals]).T

    def scaled(self, X, Y):
        """(lhs - rhs)/S per equation, and S."""
        r = self._stack(self.f_res, X, Y, 2)
        s = self._stack(self.f_scl, X, Y, 2)
        return r / s, s

    def jac(self, X, Y):
        return self._stack(self.f_jac, X, Y, 3)


def sig(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def solve(p, X, Z, iters=400):
    """Levenberg-Marquardt on r/S in box coordinates; returns Y, the largest |r/S| of each row."""
    span = p.hi - p.lo
    Y = p.lo + span * sig(Z)
    rs, s = p.scaled(X, Y)
    cost = np.where(np.all(np.isfinite(rs), 1), np.sum(rs * rs, 1), np.inf)
    mu = np.full(len(X), 1e-4)
    live = np.max(np.abs(np.nan_to_num(rs, nan=1.0)), 1) > TOL
    eye = np.eye(p.n_out)
    for _ in range(iters):
        i = np.nonzero(live)[0]
        if i.size == 0:
            break
        g = sig(Z[i])
        J = p.jac(X[i], Y[i]) / s[i][:, :, None] * (span * g * (1 - g))[:, None, :]
        J = np.nan_to_num(J, nan=0.0, posinf=0.0, neginf=0.0)
        r = np.nan_to_num(rs[i], nan=0.0)
        A = np.einsum("nij,nik->njk", J, J)
        A = A + mu[i, None, None] * (eye * (np.einsum("njj->nj", A)[:, :, None] + 1e-30))
        b = np.einsum("nij,ni->nj", J, r)
        try:
            dz = -np.linalg.solve(A, b[:, :, None])[:, :, 0]
        except np.linalg.LinAlgError:
            dz = -np.array([np.linalg.lstsq(a, v, rcond=None)[0] for a, v in zip(A, b)])
        dz = np.clip(np.nan_to_num(dz), -10, 10)
        Zt = Z[i] + dz
        Yt = p.lo + span * sig(Zt)
        with np.errstate(all="ignore"):
            rt, st = p.scaled(X[i], Yt)
        ct = np.where(np.all(np.isfinite(rt), 1), np.sum(rt * rt, 1), np.inf)
        ok = ct < cost[i]
        a = i[ok]
        Z[a], Y[a], rs[a], s[a], cost[a] = Zt[ok], Yt[ok], rt[ok], st[ok], ct[ok]
        mu[a] = np.maximum(mu[a] * 0.2, 1e-12)
        mu[i[~ok]] *= 5.0
        done = np.max(np.abs(np.nan_to_num(rs[i], nan=1.0)), 1) <= TOL
        live[i[done | (mu[i] > 1e10)]] = False
    # polish: plain Newton steps in y (no transform, whose resolution near a bound or in a wide box can be
    # coarser than the root needs), kept only where they lower the residual and stay inside the box
    for _ in range(10):
        i = np.nonzero(np.max(np.abs(np.nan_to_num(rs, nan=1.0)), 1) > TOL)[0]
        if i.size == 0:
            break
        J = np.nan_to_num(p.jac(X[i], Y[i]) / s[i][:, :, None])
        r = np.nan_to_num(rs[i])
        dy = -np.array([np.linalg.lstsq(a, v, rcond=None)[0] for a, v in zip(J, r)])
        Yt = Y[i] + dy
        with np.errstate(all="ignore"):
            rt, st = p.scaled(X[i], Yt)
        ct = np.where(np.all(np.isfinite(rt), 1), np.sum(rt * rt, 1), np.inf)
        ok = (ct < cost[i]) & np.all(Yt > p.lo, 1) & np.all(Yt < p.hi, 1)
        a = i[ok]
        Y[a], rs[a], s[a], cost[a] = Yt[ok], rt[ok], st[ok], ct[ok]
        if not ok.any():
            break
    return Y, np.max(np.abs(np.nan_to_num(rs, nan=np.inf)), 1)


def check(path, n_points, n_starts, seed):
    t0 = time.time()
    p = Problem(path)
    rng = np.random.default_rng(seed)
    d = len(p.in_names)
    corners = np.array(list(itertools.product([0.0, 1.0], repeat=d)))
    if len(corners) > 256:
        corners = corners[rng.choice(len(corners), 256, replace=False)]
    U = np.vstack([rng.random((n_points, d)), corners])
    X = p.sample(U)
    n = len(X)
    # starts: the box centre, then half uniform in the box, half uniform in z over [-12, 12] (close to the bounds)
    Z = np.where(rng.random((n, n_starts, p.n_out)) < 0.5,
                 np.log(1 / rng.uniform(0.01, 0.99, (n, n_starts, p.n_out)) - 1) * -1,
                 rng.uniform(-12, 12, (n, n_starts, p.n_out)))
    Z[:, 0, :] = 0.0
    Xr = np.repeat(X, n_starts, 0)
    with np.errstate(all="ignore"):
        Y, res = solve(p, Xr, Z.reshape(-1, p.n_out))
    Y, res = Y.reshape(n, n_starts, -1), res.reshape(n, n_starts)
    conv = res <= TOL
    span = p.hi - p.lo
    found = conv.any(1)
    multi, best, ex_multi = 0, np.full((n, p.n_out), np.nan), None
    for k in np.nonzero(found)[0]:
        roots = Y[k, conv[k]]
        ref = roots[np.argmin(res[k, conv[k]])]
        dist = np.max(np.abs(roots - ref) / span, 1)
        rel = np.max(np.abs(roots - ref) / np.maximum(np.abs(ref), 1e-300), 1)
        if np.any((dist > 1e-6) & (rel > 1e-6)):
            multi += 1
            ex_multi = ex_multi or (X[k], ref, roots[np.argmax(dist)])
        best[k] = ref
    good = best[found]
    lower = np.where(p.lo == 0, np.inf, (good - p.lo) / span)
    margin = np.min(np.minimum(lower, (p.hi - good) / span)) if good.size else np.nan
    zero_lo = p.lo == 0
    return dict(p=p, n=n, found=int(found.sum()), multi=multi, max_res=float(np.max(res[conv])) if conv.any() else np.nan,
                margin=float(margin), min_pos=float(np.min(good[:, zero_lo])) if zero_lo.any() and good.size else np.nan,
                inside=bool(good.size and np.all(good > p.lo) and np.all(good < p.hi)),
                share=float(conv.mean()), ranges=[(float(np.min(good[:, j])), float(np.max(good[:, j])))
                                                  for j in range(p.n_out)] if good.size else [],
                unsolved=X[np.nonzero(~found)[0][0]] if (~found).any() else None, ex_multi=ex_multi,
                secs=time.time() - t0)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*")
    ap.add_argument("--points", type=int, default=200)
    ap.add_argument("--starts", type=int, default=24)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    files = a.files or sorted(glob.glob(os.path.join(os.path.dirname(os.path.abspath(__file__)), "*.yaml")))
    print(f"verify.py: {a.points} random points + up to 256 domain corners per problem, {a.starts} starts each, "
          f"seed {a.seed}; a root: every |lhs - rhs|/S <= {TOL:g}\n")
    head = f"{'problem':<28} {'unk':>3} {'points':>7} {'rooted':>7} {'multi':>5} {'max_res':>8} {'margin':>8} {'min_pos':>8} {'starts':>7} {'s':>5}"
    print(head + "\n" + "-" * len(head))
    failed, out = [], []
    for i, f in enumerate(files):
        r = check(f, a.points, a.starts, a.seed + i)
        p = r["p"]
        out.append(r)
        print(f"{p.name:<28} {p.n_out:>3} {r['n']:>7} {r['found']:>7} {r['multi']:>5} {r['max_res']:>8.1e} "
              f"{r['margin']:>8.1e} {r['min_pos']:>8.1e} {100 * r['share']:>6.1f}% {r['secs']:>5.1f}", flush=True)
        if r["found"] < r["n"] or r["multi"] or not r["inside"]:
            failed.append(p.name)
    print("\nroot ranges (min .. max):")
    for r in out:
        p = r["p"]
        print(f"  {p.name}: " + ", ".join(f"{n} {lo:.4g}..{hi:.4g}" for n, (lo, hi) in zip(p.out_names, r["ranges"])))
        if r["unsolved"] is not None:
            print("    no root found at " + ", ".join(f"{n}={v:.6g}" for n, v in zip(p.in_names, r["unsolved"])))
        if r["ex_multi"] is not None:
            x, y1, y2 = r["ex_multi"]
            print("    two roots at " + ", ".join(f"{n}={v:.6g}" for n, v in zip(p.in_names, x)) + f": {y1} and {y2}")
    if failed:
        print("\nFAILED: " + ", ".join(failed))
        return 1
    print(f"\nall {len(out)} problems pass: a root at every point, one root per point, strictly inside the bounds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
