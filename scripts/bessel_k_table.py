#!/usr/bin/env python3
"""Coefficients of the double kernel's table of K_μ(x), |μ| ≤ ½, 1 ≤ x ≤ 24 (`BesselKTable`).

On each quarter-octave patch [2^e(1 + q/4), 2^e(1 + (q+1)/4)] two functions of t = (x − centre)/halfwidth
and s = 8μ² − 1 (both in [−1, 1]) are fitted:
    B = e^x·√(2/π)·K_μ(x)                   (≈ 1/√x)
    E = (K_{μ+1} + K_{μ−1})/(2K_μ) − 1      (= −K'_μ/K_μ − 1 ≈ 1/(2x), DLMF 10.29.2)
both even in μ, so polynomials in μ²: K_{μ+1}/K_μ = 1 + μ/x + E (DLMF 10.29.1). Each is interpolated at
20 × 13 Chebyshev nodes (mpmath's besselk at 40 digits, checked against 50), truncated to degree 13 in
t and 7 in s, converted to monomials at 40 digits and rounded to double once, except the constant term,
written as a pair of doubles: the kernel adds it last, so that only the variation over the patch (a
tenth of the value) rounds in double. The script prints, per patch, the bound on what the truncation
dropped (Σ|c_ij| of the dropped Chebyshev coefficients) and the largest error of the double
polynomials, evaluated as the Swift kernel does, at 400 random points against mpmath, both relative to
the constant term.
    python3 scripts/bessel_k_table.py      # writes Sources/Bessel/BesselK+TableData.swift (~2 minutes)
"""
import os
import random
import mpmath as mp

NX, NW = 20, 13  # interpolation nodes in t and s
DX, DW = 14, 8   # coefficients kept in t and s
OUT = os.path.join(os.path.dirname(__file__), "..", "Sources", "Bessel", "BesselK+TableData.swift")


def patches():
    for e in range(0, 5):
        for q in range(4):
            a = mp.mpf(2) ** e * (1 + mp.mpf(q) / 4)
            if a >= 21.2:
                return
            yield e, q, a, a + mp.mpf(2) ** e / 4


def b_and_e(w, x):
    mu = mp.sqrt(w)
    k0, kp = mp.besselk(mu, x), mp.besselk(mu + 1, x)
    km = kp - 2 * mu / x * k0  # DLMF 10.29.1
    return mp.exp(x) * mp.sqrt(2 / mp.pi) * k0, (kp + km) / (2 * k0) - 1


def checked(w, x):
    with mp.workdps(50):
        hi = b_and_e(w, x)
    lo = b_and_e(w, x)
    for u, v in zip(hi, lo):
        assert abs(u - v) < mp.mpf(10) ** -32, (w, x)
    return lo


def nodes(n):
    return [mp.cos(mp.pi * (k + mp.mpf(1) / 2) / n) for k in range(n)]


def chebyshev(values, ts, n):
    return [(2 if j else 1) * mp.fsum(v * mp.chebyt(j, t) for v, t in zip(values, ts)) / len(ts) for j in range(n)]


def monomials(c):
    """Σ c_j T_j(t) as Σ m_k t^k."""
    polys = [[mp.mpf(1)], [mp.mpf(0), mp.mpf(1)]]
    while len(polys) < len(c):
        r = [mp.mpf(0)] + [2 * a for a in polys[-1]]
        for i, a in enumerate(polys[-2]):
            r[i] -= a
        polys.append(r)
    m = [mp.mpf(0)] * len(c)
    for j, cj in enumerate(c):
        for k, a in enumerate(polys[j]):
            m[k] += cj * a
    return m


def evaluate(block, constants, t, s):
    """The Swift kernel's order of operations: Horner in t on 8 lanes of s-powers, then a dot product."""
    powers = [1.0, s, s * s, s * (s * s), (s * s) * (s * s)]
    powers += [s * powers[4], (s * s) * powers[4], (s * (s * s)) * powers[4]]
    out = []
    for f in range(2):
        acc = block[DX - 1][f]
        for i in range(DX - 2, -1, -1):
            acc = [a * t + c for a, c in zip(acc, block[i][f])]
        p = [a * b for a, b in zip(acc, powers)]
        rest = ((p[0] + p[1]) + (p[2] + p[3])) + ((p[4] + p[5]) + (p[6] + p[7]))
        out.append(mp.mpf(constants[f][0]) + (mp.mpf(constants[f][1]) + mp.mpf(rest)))
    return out


def main():
    mp.mp.dps = 40
    tx, tw = nodes(NX), nodes(NW)
    rng = random.Random(2026)
    table = []
    for e, q, a, b in patches():
        centre, half = (a + b) / 2, (b - a) / 2
        grid = [[checked((s + 1) / 8, centre + half * t) for t in tx] for s in tw]
        block = [[None, None] for _ in range(DX)]
        constants = []
        dropped = []
        for f in range(2):
            rows = [chebyshev([grid[j][i][f] for i in range(NX)], tx, NX) for j in range(NW)]
            c = [chebyshev([rows[j][i] for j in range(NW)], tw, NW) for i in range(NX)]  # c[i][j]: T_i(t)·T_j(s)
            dropped.append(mp.fsum(abs(c[i][j]) for i in range(NX) for j in range(NW) if i >= DX or j >= DW))
            in_s = [monomials(c[i][:DW]) for i in range(DX)]
            m = [monomials([in_s[i][k] for i in range(DX)]) for k in range(DW)]  # m[k][i]: t^i·s^k
            hi = float(m[0][0])
            constants.append((hi, float(m[0][0] - hi)))
            m[0][0] = mp.mpf(0)
            for i in range(DX):
                block[i][f] = [float(m[k][i]) for k in range(DW)]
            dropped[-1] /= abs(constants[-1][0])
        worst = [0.0, 0.0]
        for _ in range(400 // 20):
            t, s = rng.uniform(-1, 1), rng.uniform(-1, 1)
            x, w = centre + half * mp.mpf(t), (mp.mpf(s) + 1) / 8
            truth = b_and_e(w, x)
            got = evaluate(block, constants, t, s)
            for f in range(2):
                worst[f] = max(worst[f], float(abs(got[f] - truth[f]) / abs(constants[f][0])) * 2.0 ** 53)
        print(f"[{float(a):g}, {float(b):g}]: dropped B {float(dropped[0]):.1e}, E {float(dropped[1]):.1e}; "
              f"double error B {worst[0]:.3f}, E {worst[1]:.3f} × 2^-53", flush=True)
        table.append((e, q, block, constants))
    with open(OUT, "w") as out:
        out.write("// Generated by scripts/bessel_k_table.py; do not edit.\n\n")
        out.write("extension BesselKTable {\n")
        out.write(f"    /// {len(table)} patches from x = 1 up; per patch {DX} powers of t (t^0 first), per power the {DW}\n")
        out.write(f"    /// coefficients of B (s^0 … s^{DW - 1}), then the {DW} of E; the constant terms are 0 here.\n")
        out.write("    static let coefficients: [Double] = [\n")
        for e, q, block, _ in table:
            out.write(f"        // [{float(2.0 ** e * (1 + q / 4)):g}, {float(2.0 ** e * (1 + (q + 1) / 4)):g}]\n")
            for i in range(DX):
                for f in range(2):
                    out.write("        " + ", ".join(v.hex() for v in block[i][f]) + ",\n")
        out.write("    ]\n\n")
        out.write("    /// Per patch, B's constant term as a pair (head, tail), then E's.\n")
        out.write("    static let constantTerms: [Double] = [\n")
        for e, q, _, constants in table:
            out.write("        " + ", ".join(v.hex() for pair in constants for v in pair) + ",\n")
        out.write("    ]\n}\n")


if __name__ == "__main__":
    main()
