"""Chebyshev interpolation at mpmath's working precision, shared by the table generators
(bessel_k_table.py, bessel_temme_table.py)."""
import mpmath as mp


def nodes(n):
    """The n Chebyshev points of the first kind on [−1, 1]."""
    return [mp.cos(mp.pi * (k + mp.mpf(1) / 2) / n) for k in range(n)]


def chebyshev(values, ts):
    """Coefficients c_j of Σ c_j T_j(t) through values at the Chebyshev points ts."""
    n = len(ts)
    return [(2 if j else 1) * mp.fsum(v * mp.chebyt(j, t) for v, t in zip(values, ts)) / n for j in range(n)]


def monomials(c, half=1):
    """Σ c_j T_j(t/half) as Σ m_k t^k."""
    polys = [[mp.mpf(1)], [mp.mpf(0), mp.mpf(1)]]
    while len(polys) < len(c):
        r = [mp.mpf(0)] + [2 * a for a in polys[-1]]
        for i, a in enumerate(polys[-2]):
            r[i] -= a
        polys.append(r)
    m = [mp.mpf(0)] * len(c)
    for j, cj in enumerate(c):
        for k, a in enumerate(polys[j]):
            m[k] += cj * a / mp.mpf(half) ** k
    return m
