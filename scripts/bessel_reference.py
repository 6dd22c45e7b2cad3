#!/usr/bin/env python3
"""Reference values of log I_v(x) and log K_v(x) for the tests, computed offline with mpmath (Arb through
python-flint where mpmath's series do not converge).

Each value is computed at two working precisions (60 and 90 digits); a row is kept only where both
agree to the 40 digits written, so every committed digit is checked. Output: Tests/BesselTests/Data/
reference.tsv with columns v, x, log I_v(x), log K_v(x) (decimal strings, 40 significant digits).
    python3 scripts/bessel_reference.py
"""
import os
import mpmath as mp

VS = ["0", "0.25", "0.5", "1", "2.5", "10", "33.3", "100", "1000"]
XS = ["1e-300", "1e-30", "1e-3", "0.1", "1", "2.5", "10", "50", "100", "700", "1000", "1e8", "1e12"]
# Large orders and arguments together (Debye's expansion in the precision path): pairs, not a grid.
PAIRS = [("1e6", "1e6"), ("1e8", "1.2e8"), ("3e4", "2e4"), ("5e5", "1e3")]


def value(kind, v, x, dps):
    """mpmath's value, or Arb's (python-flint) midpoint where mpmath's series do not converge."""
    try:
        with mp.workdps(dps):
            f = mp.besseli if kind == "i" else mp.besselk
            return mp.log(f(mp.mpf(v), mp.mpf(x)))
    except mp.libmp.NoConvergence:
        import flint
        flint.ctx.prec = int(dps * 3.33)
        a, z = flint.arb(v), flint.arb(x)
        r = (z.bessel_i(a) if kind == "i" else z.bessel_k(a)).log()
        if r.rel_accuracy_bits() < 140:
            raise ValueError("Arb ball too wide")
        with mp.workdps(dps):
            return mp.mpf(r.mid().str(dps, radius=False))


def text(a):
    return mp.nstr(a, 40, min_fixed=1, max_fixed=0)


def main():
    out = os.path.join(os.path.dirname(__file__), "..", "Tests", "BesselTests", "Data", "reference.tsv")
    rows = []
    for v, x in [(v, x) for v in VS for x in XS] + PAIRS:
        cells = [v, x]
        for kind in ("i", "k"):
            try:
                a, b = value(kind, v, x, 60), value(kind, v, x, 90)
                sa, sb = text(a), text(b)
                cells.append(sa if sa == sb else "-")
            except Exception:  # mpmath: "converges too slowly" and similar
                cells.append("-")
        rows.append("\t".join(cells))
        print("\t".join(cells), flush=True)
    with open(out, "w") as f:
        f.write("# v\tx\tlog I_v(x)\tlog K_v(x)   (mpmath %s or Arb, 40 digits checked at 60 and 90; '-' = not available)\n" % mp.__version__)
        f.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
