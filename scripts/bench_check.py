#!/usr/bin/env python3
"""`eml check` on the FPBench suite against mpmath computing the same truths (scripts/bench_check).

EMLKit: one whole `eml check` process over the 115 loop-free benchmarks at 8000 points each in binary64
(sampling, rejection, certified truth, the program in libm, the metric), both cores: valid points/s.
mpmath: the truths alone, at the same points (read from `eml check --per-point --json` at 200 points
per benchmark), each FPCore evaluated by the small reader below, on one core, two ways: once at 128 bits
(no error bound, no rounding test: a floor on any mpmath truth's cost), and as a script would settle a
correctly rounded double without intervals: precision doubled from 64 bits until two successive
precisions round to the same double (Herbie's old rule; still no proof). The suite's 8000 points per
benchmark are extrapolated from each rate.

Usage: python3 scripts/bench_check.py PATH/TO/eml CORPUS/benchmarks      (needs: pip install mpmath)
"""
import glob, json, re, subprocess, sys, time
import mpmath as mp

EML, CORPUS = sys.argv[1], sys.argv[2]
FILES = sorted(glob.glob(CORPUS + "/*.fpcore"))


def tokens(text):
    text = re.sub(r";[^\n]*", "", text)
    return re.findall(r'"(?:\\.|[^"])*"|[()\[\]]|[^\s()\[\]"]+', text)


def read(ts, i=0):
    if ts[i] in "([":
        out, i = [], i + 1
        while ts[i] not in ")]":
            x, i = read(ts, i)
            out.append(x)
        return out, i + 1
    return ts[i], i + 1


def forms(text):
    ts, i, out = tokens(text), 0, []
    while i < len(ts):
        f, i = read(ts, i)
        out.append(f)
    return out


def number(s):
    s = s.lower()
    if s.startswith(("0x", "-0x", "+0x")):
        return mp.mpf(float.fromhex(s))
    if "/" in s:
        p, q = s.split("/")
        return mp.mpf(p) / mp.mpf(q)
    return mp.mpf(s)


CONST = {"PI": lambda: mp.pi, "E": lambda: mp.e, "LN2": lambda: mp.ln2, "LN10": lambda: mp.ln10, "SQRT2": lambda: mp.sqrt(2),
         "PI_2": lambda: mp.pi / 2, "PI_4": lambda: mp.pi / 4, "M_1_PI": lambda: 1 / mp.pi, "M_2_PI": lambda: 2 / mp.pi,
         "LOG2E": lambda: 1 / mp.ln2, "LOG10E": lambda: 1 / mp.ln10, "SQRT1_2": lambda: mp.sqrt(2) / 2, "TRUE": lambda: True, "FALSE": lambda: False}
OPS = {"+": lambda a, b: a + b, "*": lambda a, b: a * b, "/": lambda a, b: a / b, "sqrt": mp.sqrt, "exp": mp.exp, "log": mp.log,
       "sin": mp.sin, "cos": mp.cos, "tan": mp.tan, "atan": mp.atan, "pow": mp.power, "exp2": lambda x: mp.power(2, x),
       "fabs": abs, "cbrt": mp.cbrt, "fmax": max, "fmin": min, "asin": mp.asin, "acos": mp.acos, "sinh": mp.sinh, "cosh": mp.cosh,
       "tanh": mp.tanh, "log1p": mp.log1p, "expm1": mp.expm1, "hypot": mp.hypot, "atan2": mp.atan2, "fma": lambda a, b, c: a * b + c}
CMP = {"<": lambda a, b: a < b, ">": lambda a, b: a > b, "<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b, "==": lambda a, b: a == b}


def ev(e, env):
    if isinstance(e, str):
        if e in env:
            return env[e]
        if e in CONST:
            return CONST[e]()
        return number(e)
    h, args = e[0], e[1:]
    if h == "if":
        return ev(args[1], env) if ev(args[0], env) else ev(args[2], env)
    if h in ("let", "let*"):
        inner = dict(env)
        for name, value in args[0]:
            inner[name] = ev(value, inner if h == "let*" else env)
        return ev(args[1], inner)
    if h in ("cast",):
        return ev(args[0], env)
    if h == "!":
        return ev(args[-1], env)
    if h == "-":
        v = [ev(a, env) for a in args]
        return -v[0] if len(v) == 1 else v[0] - v[1]
    if h in CMP:
        v = [ev(a, env) for a in args]
        return all(CMP[h](a, b) for a, b in zip(v, v[1:]))
    if h == "and":
        return all(ev(a, env) for a in args)
    if h == "or":
        return any(ev(a, env) for a in args)
    if h == "not":
        return not ev(args[0], env)
    return OPS[h](*[ev(a, env) for a in args])


def cores():
    out = {}
    for f in FILES:
        for form in forms(open(f).read()):
            rest = form[1:]
            if isinstance(rest[0], str):
                rest = rest[1:]
            args, props, body = rest[0], rest[1:-1], rest[-1]
            if len(props) % 2:
                continue  # not one eml check reads (it reports those itself)
            p = {k: v for k, v in zip(props[::2], props[1::2]) if isinstance(k, str)}
            name = p.get(":name", "").strip('"')
            out[(f, name)] = ([a if isinstance(a, str) else a[-1] for a in args], p.get(":spec", body))
    return out


def main():
    mp.mp.prec = 128
    # EMLKit, whole process, the suite at 8000 points each (best of 3).
    best, points = float("inf"), 0
    for _ in range(3):
        t = time.perf_counter()
        out = subprocess.run([EML, "check", "--json"] + FILES, capture_output=True, text=True).stdout
        best = min(best, time.perf_counter() - t)
    reports = [json.loads(l) for l in out.splitlines()]
    points = sum(r.get("points", 0) for r in reports)
    checked = sum(1 for r in reports if "points" in r)
    # mpmath: the truths at the points eml check sampled (200 per benchmark).
    sample = subprocess.run([EML, "check", "--json", "--per-point", "--samples", "200"] + FILES, capture_output=True, text=True).stdout
    table = cores()

    def once(spec, env):
        mp.mp.prec = 128
        return ev(spec, env)

    def settled(spec, env):
        prec, last = 64, None
        while prec <= 10000:
            mp.mp.prec = prec
            v = float(ev(spec, env))
            if v == last:
                return v
            last, prec = v, prec * 2
        return None

    def rate_of(f):
        n, elapsed, failed = 0, 0.0, 0
        for line in sample.splitlines():
            r = json.loads(line)
            if "per_point" not in r:
                continue
            args, spec = table[(r["file"], r["name"])]
            envs = [{a: mp.mpf(p["inputs"][a]) for a in args} for p in r["per_point"]]
            t = time.perf_counter()
            for env in envs:
                try:
                    f(spec, env)
                except (ValueError, ZeroDivisionError, KeyError, TypeError, OverflowError):
                    failed += 1
            elapsed += time.perf_counter() - t
            n += len(envs)
        return n / elapsed, n, failed

    rate, n, failed = rate_of(once)
    zrate, _, zfailed = rate_of(settled)
    print(f"eml: {EML}; mpmath {mp.__version__} (backend {mp.libmp.BACKEND}); Python {sys.version.split()[0]}\n")
    print("| side | benchmarks | valid points | time | points/s |")
    print("|---|---:|---:|---:|---:|")
    print(f"| `eml check` whole process, 2 threads (sampling, certified truth, program, metric) | {checked} | {points:,} | {best:.1f} s | **{points / best:,.0f}** |")
    print(f"| mpmath truths alone, once at 128 bits, 1 thread, no bound ({n:,} points; {failed} raised) | {checked} | {points:,} (extrapolated) | {points / rate:.1f} s | {rate:,.0f} |")
    print(f"| mpmath truths alone, doubled from 64 bits until two agree, 1 thread ({zfailed} raised) | {checked} | {points:,} (extrapolated) | {points / zrate:.1f} s | {zrate:,.0f} |")
    print(f"\nRatios: **{points / best / rate:.0f}×** mpmath's single-evaluation rate, **{points / best / zrate:.0f}×** its two-precision rate"
          f" (per core: {points / best / rate / 2:.0f}× and {points / best / zrate / 2:.0f}×).")


if __name__ == "__main__":
    main()
