#!/usr/bin/env python3
# Reference values for EqNet's special functions, computed with mpmath at 60 digits for the exact float64 inputs.
# Usage: python3 bench/special/references.py bench/special/references.csv (needs mpmath; the output is committed).
import mpmath as mp, random, sys
mp.mp.dps = 60
random.seed(29)
rows = []
def add(name, f, args):
    for a in args:
        a = tuple(float(v) for v in a)
        v = f(*[mp.mpf(x) for x in a])
        if isinstance(v, mp.mpc):
            assert abs(v.imag) < 1e-40 * max(1, abs(v.real)); v = v.real
        s = abs(v)
        if name in ('besselj', 'bessely'):
            s = mp.sqrt(mp.besselj(a[0], a[1])**2 + mp.bessely(a[0], a[1])**2)
        if name == 'polygamma' and a[0] == 0:
            s = max(s, 1)
        rows.append((name, a, v, s))
def lin(lo, hi, n): return [lo + (hi - lo) * i / (n - 1) for i in range(n)]
def logs(lo, hi, n): return [10 ** (lo + (hi - lo) * i / (n - 1)) for i in range(n)]
def rnd(lo, hi, n): return [random.uniform(lo, hi) for _ in range(n)]
one = lambda xs: [(x,) for x in xs]
add('erf', mp.erf, one(lin(-6, 6, 49) + [1e-300, 1e-20, 1e-8, -3e-5, 0.4769, 2.5e-3] + rnd(-4, 4, 20)))
add('erfc', mp.erfc, one(lin(-6, 27, 67) + [1e-300, 1e-10, 0.5, 26.5, 1e-3] + rnd(-3, 20, 20)))
ys = lin(-0.99, 0.99, 45) + [1e-300, 1e-12, -1e-5, 0.999, 0.9999, 0.99999, 1 - 1e-10, 1 - 2**-52, -(1 - 2**-53), 0.5, -0.25] + rnd(-1, 1, 20)
add('erfinv', mp.erfinv, one(ys))
gx = lin(0.05, 170.5, 50) + [1e-300, 1e-10, 0.5, 1, 2, 3, 4.5, 10, 1.5, -0.5, -1.5, -2.5, -10.3, -20.7, -100.5, -170.25, -3.9999] + rnd(0.01, 30, 20) + rnd(-30, 0, 10)
gx = [x for x in gx if not (x <= 0 and x == int(x))]
add('gamma', mp.gamma, one(gx))
lx = logs(-300, 300, 40) + lin(0.1, 40, 40) + [0.9, 0.99, 1.01, 1.1, 1.9, 1.99, 2.01, 2.1, 1 - 1e-9, 2 + 1e-9, 0.5, 3, -0.5, -1.5, -2.5, -10.3, -150.1] + rnd(0.01, 50, 20)
add('lgamma', lambda x: mp.log(abs(mp.gamma(x))), one(lx))
ba = [(random.choice([0.1, 0.5, 1, 2, 3.3, 10, 25.5, 60]), random.uniform(0.05, 80)) for _ in range(50)] + [(1, 1), (0.5, 0.5), (2, 3), (100, 100), (150, 0.5), (1e-5, 1)]
add('beta', mp.beta, ba)
orders = [0, 1, 2, 5, 0.5, 2.5, 10, 1.3]
def bes(f, xs_for):
    out = []
    for n in orders:
        for x in xs_for(n): out.append((n, x))
    return out
sx = lambda n: lin(0.05, 30, 8) + [45.5, 100.25, 700.5, 1e3 + 0.7, 1e-3] + rnd(0.01, 60, 4)
add('besselj', mp.besselj, bes(mp.besselj, sx))
add('bessely', mp.bessely, bes(mp.bessely, sx))
ix = lambda n: lin(0.05, 30, 8) + [45.5, 100.25, 700.5, 1e-3] + rnd(0.01, 60, 4)
add('besseli', mp.besseli, bes(mp.besseli, ix))
add('besselk', mp.besselk, bes(mp.besselk, ix))
import math
em = float(-mp.exp(-1))
if mp.mpf(em) < -mp.exp(-1): em = math.nextafter(em, 0)
wx = [em, em + 1e-17, em + 1e-15, em + 1e-12, em + 1e-8, em + 1e-4, -0.3, -0.2, -0.1, -1e-5, -1e-300, 0, 1e-300, 1e-10, 1e-3, 0.5, 1, 2, mp.e, 10, 100, 1e4, 1e10, 1e100, 1e300] + lin(-0.35, 5, 20) + logs(-5, 200, 15) + rnd(-0.36, 10, 10)
add('lambertw', lambda x: mp.lambertw(x, 0), one(wx))
wm = [em, em + 1e-17, em + 1e-15, em + 1e-12, em + 1e-8, em + 1e-4, -0.3, -0.2, -0.1, -1e-3, -1e-5, -1e-10, -1e-100, -1e-300] + lin(-0.367, -0.001, 25) + [-x for x in logs(-300, -1, 15)]
add('lambertwm1', lambda x: mp.lambertw(x, -1), one(wm))
ex = logs(-300, 2.85, 30) + [-x for x in logs(-300, 2.85, 30)] + [1e-17, -1e-17, 0.5, -0.5, 1e-5, -1e-5, 0.693, -0.693] + rnd(-5, 5, 10)
add('expm1', mp.expm1, one(ex))
px = logs(-300, 300, 30) + [-x for x in logs(-300, -0.001, 25)] + [-0.5, -0.9, -0.999999, 1e-17, 0.5, 1, 1.718] + rnd(-0.9, 5, 10)
add('log1p', mp.log1p, one(px))
hx = [(random.uniform(-100, 100), random.uniform(-100, 100)) for _ in range(30)] + [(1e-300, 1e-300), (1e300, 1e300), (3, 4), (1e-200, 1), (1, 1e-10), (5e-324, 0), (-7, 24)] + [(10 ** random.uniform(-150, 150), 10 ** random.uniform(-150, 150)) for _ in range(15)]
add('hypot', lambda a, b: mp.sqrt(a * a + b * b), hx)
ax = [(random.uniform(-10, 10), random.uniform(-10, 10)) for _ in range(40)] + [(1, 0), (0, 1), (0, -1), (-1, 0), (1, 1), (-1, -1), (1e-300, 1), (1, 1e-300), (1e-10, -1), (-1e-10, -1), (3, -4), (1e300, 1e-300)]
add('atan2', mp.atan2, ax)
cx = logs(-300, 300, 30) + [-x for x in logs(-300, 300, 20)] + [8, 27, -64, 0.001, 2, 3] + rnd(-100, 100, 5)
add('cbrt', lambda x: mp.sign(x) * mp.cbrt(abs(x)), one(cx))
sx2 = lin(-10, 10, 41) + [1e-300, 1e-10, 1e-5, 0.5, 0.25, 1.5, 100.5, 1e5 + 0.25, 2.5e-3, 999.999] + rnd(-20, 20, 10)
add('sinc', lambda x: mp.mpf(1) if x == 0 else mp.sinpi(x) / (mp.pi * x), one(sx2))
pg = [(0, x) for x in lin(0.1, 30, 30) + [1.4616321449683622, 1e-5, -0.5, -2.7, 100.5, 1e5]] + [(n, x) for n in (1, 2, 3) for x in lin(0.2, 25, 8) + [-1.5, 60.5]]
add('polygamma', lambda n, x: mp.polygamma(int(n), x), pg)
with open(sys.argv[1], 'w') as f:
    f.write('# function,x1,x2,value,scale: mpmath %s at 60 digits for the exact float64 inputs; scale is |value|, or for besselj/bessely the envelope sqrt(J^2 + Y^2) that errors near their zeros are measured against, and for digamma max(|value|, 1) (x2 empty for one-argument functions; for Bessel functions x1 is the order); generated by bench/special/references.py\n' % mp.__version__)
    for name, a, v, s in rows:
        args = [repr(x) for x in a]
        if len(args) == 1: args.append('')
        fmt = lambda u: mp.nstr(u, 20, strip_zeros=False) if u != 0 else '0'
        f.write('%s,%s,%s,%s\n' % (name, ','.join(args), fmt(v), fmt(s)))
from collections import Counter
print(Counter(r[0] for r in rows))
