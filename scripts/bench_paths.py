#!/usr/bin/env python3
"""The user paths of `eml` against mpmath, each side measured in this one run (scripts/bench_paths).

Every EMLKit number is a whole `eml` process reading a seeded stdin batch, start-up included; the same
process on empty input is timed too, so that the per-line rate beside it is (lines / (time − start-up)).
mpmath's numbers are per call in one Python process (its start-up and the parsing of the line
excluded): the rate the issue compares with. The three are timed in turn, round after round, and each
keeps its best: the machine's slow and fast spells (±30%) then fall on both sides alike.

  eml eval --digits 64              2000 lines sin(x), x a 4-decimal number in (0, 100]
  eml (REPL, stdin not a terminal)  the same lines
  eml eval --mode eml --digits 64   the 21 unary grids of the reference suite (2545 lines, f(x) with x
                                    written as a decimal, so EMLKit's tree also builds x from 1s); mpmath
                                    evaluates the tree `eml compile` prints for f(x), every node once as
                                    written, with x bound to the point (scripts/bench_mpmath.py's "tree text")
  eml bessel logi|logk --digits 60  2000 lines 'v x', v ∈ [0.01, 10], x ∈ [0.1, 10], two decimals

Usage: python3 scripts/bench_paths.py PATH/TO/eml      (needs: pip install mpmath)
Prints one Markdown table per path.
"""
import random, re, subprocess, sys, time
import mpmath as mp

EML = sys.argv[1] if len(sys.argv) > 1 else ".build/release/eml"
GRIDS = [("x/2", -4, 4, 1 / 8), ("-x", -4, 4, 1 / 8), ("exp(x)", -4, 4, 1 / 8), ("x^2", -4, 4, 1 / 8),
         ("cosh(x)", -4, 4, 1 / 8), ("sinh(x)", -4, 4, 1 / 8), ("tanh(x)", -4, 4, 1 / 8), ("ln(x)", 1 / 8, 8, 1 / 8),
         ("1/x", 1 / 8, 8, 1 / 8), ("sqrt(x)", 0, 8, 1 / 8), ("cos(x)", -20, 20, 1 / 8), ("sin(x)", -20, 20, 1 / 8),
         ("tan(x)", -1.25, 1.25, 1 / 32), ("asinh(x)", -8, 8, 1 / 8), ("atan(x)", -8, 8, 1 / 8),
         ("1/(1 + exp(-x))", -8, 8, 1 / 8), ("x", -8, 8, 1 / 8), ("atanh(x)", -0.95, 0.95, 0.01),
         ("asin(x)", -1, 1, 0.01), ("acos(x)", -1, 1, 0.01), ("acosh(x)", 1, 9, 1 / 8)]


def whole_process(args, data):
    """Wall time of one `eml args` process on stdin `data`, in seconds."""
    t = time.perf_counter()
    subprocess.run([EML] + args, input=data, stdout=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t


def one_pass(f, items):
    """Seconds for f over every item once."""
    t = time.perf_counter()
    for item in items:
        f(*item)
    return time.perf_counter() - t


def row(path, lines, text, args, peer, peer_name, rounds=10):
    """`peer()` times one pass of mpmath over the same inputs; its rate is lines / that time."""
    data = text.encode()
    start = total = best_peer = float("inf")
    for _ in range(rounds):
        start = min(start, whole_process(args, b""))
        total = min(total, whole_process(args, data))
        best_peer = min(best_peer, peer())
    rate, peer_rate = lines / total, lines / best_peer
    marginal = lines / max(total - start, 1e-9)
    print(f"| {path} | {lines} | {total * 1e3:.1f} ms | {start * 1e3:.1f} ms | {rate:,.0f} | {marginal:,.0f} | "
          f"{peer_name} {peer_rate:,.0f} | **{rate / peer_rate:.1f}×** | {marginal / peer_rate:.1f}× |")


def header(title, command):
    print(f"\n## {title}\n\n```\n{command}\n```\n")
    print("| path | lines | whole process | of which start-up | lines/s | lines/s after start-up | mpmath (calls/s) | ratio | ratio after start-up |")
    print("|---|---:|---:|---:|---:|---:|---|---:|---:|")


def decimal(x):
    return repr(round(x, 10)).rstrip("0").rstrip(".") if "." in repr(round(x, 10)) else repr(round(x, 10))


def eml_tree_rpn(text):
    """The tree `eml compile` prints, as an RPN list of '1' / 'E' (parsed here, outside the timing)."""
    out = subprocess.run([EML, "compile", "--format", "rpn", "--", text], capture_output=True, text=True, check=True).stdout
    return out.split()


def eval_rpn(rpn, x):
    """Every node of the printed tree once, as written: exp(a) − Log(b) with arg in [−π, π)."""
    stack = []
    for token in rpn:
        if token == "1":
            stack.append(mp.mpc(1))
        elif token == "x":
            stack.append(x)
        else:
            b = stack.pop(); a = stack.pop()
            if b.imag == 0 and b.real < 0:
                lb = mp.mpc(mp.log(-b.real), -mp.pi)
            else:
                lb = mp.log(b)
            stack.append(mp.exp(a) - lb)
    return stack[0]


def main():
    r = random.Random(19)
    mp.mp.dps = 64
    print(f"eml: {EML}; mpmath {mp.__version__} (backend {mp.libmp.BACKEND}); Python {sys.version.split()[0]}")

    # Direct mode and the REPL on stdin.
    xs = [f"{r.randint(1, 10**6) / 10**4}" for _ in range(2000)]
    text = "".join(f"sin({x})\n" for x in xs)
    sin_items = [(mp.mpf(x),) for x in xs]
    peer = lambda: one_pass(mp.sin, sin_items)
    header("CLI: eml eval, direct mode, 64 digits", "eml eval --digits 64 < sin.txt")
    row("eml eval --digits 64", 2000, text, ["eval", "--digits", "64"], peer, "mp.sin")
    row("eml eval --digits 64 --threads 1", 2000, text, ["eval", "--digits", "64", "--threads", "1"], peer, "mp.sin")
    header("REPL, stdin not a terminal, 64 digits", "(echo ':digits 64'; cat sin.txt) | eml")
    row("eml (REPL on stdin), :digits 64", 2000, ":digits 64\n" + text, [], peer, "mp.sin")

    # log-Bessel at 60 digits.
    pairs = [(f"{r.randint(1, 1000) / 100}", f"{r.randint(10, 1000) / 100}") for _ in range(2000)]
    btext = "".join(f"{v} {x}\n" for v, x in pairs)
    mp.mp.dps = 60
    header("CLI: eml bessel --digits 60", "eml bessel logi --digits 60 < pairs.txt     # and logk")
    for kind, f in (("logi", lambda v, x: mp.log(mp.besseli(v, x))), ("logk", lambda v, x: mp.log(mp.besselk(v, x)))):
        items = [(mp.mpf(v), mp.mpf(x)) for v, x in pairs]
        row(f"eml bessel {kind} --digits 60", 2000, btext, ["bessel", kind, "--digits", "60"],
            lambda: one_pass(f, items), f"log(bessel{kind[-1]})", rounds=10 if kind == "logi" else 8)

    # Eml mode on the unary grids.
    mp.mp.dps = 64
    lines = []
    for f, lo, hi, step in GRIDS:
        n = round((hi - lo) / step)
        for k in range(n + 1):
            x = decimal(lo + k * step)
            lines.append(re.sub(r"\bx\b", f"({x})" if x.startswith("-") else x, f))
    # mpmath: the printed tree of f(x), x bound to each grid point (the literal's own subtree would make
    # the printed tree of tan(-1.21875) 6.3 million symbols: a comparison no peer could run).
    trees = [(eml_tree_rpn(f), [mp.mpc(mp.mpf(lo) + k * mp.mpf(step)) for k in range(round((hi - lo) / step) + 1)])
             for f, lo, hi, step in GRIDS]

    def grid_pass():
        t = time.perf_counter()
        for rpn, xs in trees:
            for x in xs:
                try:
                    eval_rpn(rpn, x)
                except (ValueError, ZeroDivisionError, OverflowError):
                    pass
        return time.perf_counter() - t
    header("CLI: eml eval --mode eml, 64 digits, the unary grids", "eml eval --mode eml --digits 64 < grids.txt")
    row("eml eval --mode eml --digits 64", len(lines), "".join(l + "\n" for l in lines), ["eval", "--mode", "eml", "--digits", "64"],
        grid_pass, "printed tree", rounds=3)


if __name__ == "__main__":
    main()
