#!/usr/bin/env python3
"""log I_v(x) for 10^6 pairs through Examples/python/emlkit.py (the C ABI, ctypes) against SciPy's
log(ive(v, x)) + x on the same arrays, in one Python process (scripts/bench_python).

Pairs: v log-uniform in [1e-2, 1e3], x log-uniform in [1e-3, 1e5], seeded. Best of 5 per side.
Also counts the pairs where SciPy's value is not finite (ive underflows to 0, so log gives −inf) and
checks that EMLKit's is finite there.

Usage: python3 scripts/bench_python.py         (needs: pip install numpy scipy; the library built)
"""
import os, sys, time
import numpy as np
import scipy
from scipy.special import ive

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Examples", "python"))
import emlkit  # noqa: E402

rng = np.random.default_rng(22)
n = 10 ** 6
v = np.exp(rng.uniform(np.log(1e-2), np.log(1e3), n))
x = np.exp(rng.uniform(np.log(1e-3), np.log(1e5), n))
out = np.empty(n)


def best(f, repeat=5):
    t = float("inf")
    for _ in range(repeat):
        s = time.perf_counter()
        f()
        t = min(t, time.perf_counter() - s)
    return t


with np.errstate(divide="ignore"):
    scipy_value = np.log(ive(v, x)) + x
    t_scipy = best(lambda: np.log(ive(v, x)) + x)
t_all = best(lambda: emlkit.log_bessel_i(v, x, out=out))
t_one = best(lambda: emlkit.log_bessel_i(v, x, out=out, threads=1))
bad = ~np.isfinite(scipy_value)
ours = emlkit.log_bessel_i(v, x)
finite = np.isfinite(ours)
both = ~bad
rel = np.abs(ours[both] - scipy_value[both]) / np.maximum(np.abs(scipy_value[both]), 1e-300)

print(f"emlkit {emlkit.VERSION} (ABI {emlkit.ABI_VERSION}), numpy {np.__version__}, SciPy {scipy.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} cores\n")
print("| call, 10^6 pairs in one Python process | time | values/s | vs SciPy |")
print("|---|---:|---:|---:|")
print(f"| SciPy `np.log(ive(v, x)) + x` | {t_scipy * 1e3:.1f} ms | {n / t_scipy / 1e6:.2f} M | 1.0× |")
print(f"| `emlkit.log_bessel_i(v, x, out=out)`, all cores | {t_all * 1e3:.1f} ms | {n / t_all / 1e6:.2f} M | **{t_scipy / t_all:.1f}×** |")
print(f"| `emlkit.log_bessel_i(v, x, out=out, threads=1)` | {t_one * 1e3:.1f} ms | {n / t_one / 1e6:.2f} M | {t_scipy / t_one:.1f}× |")
print(f"\nSciPy not finite at {bad.sum():,} pairs; EMLKit finite at {np.sum(finite[bad]):,} of them and at {finite.sum():,} of {n:,} in all."
      f" Where both are finite, the largest relative difference is {rel.max():.1e}.")
