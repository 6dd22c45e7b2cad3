#!/usr/bin/env python3
"""mpmath evaluating the same EML trees on the unary suite, two ways.

1. The DAG from `eml compile --format dot`, shared nodes once per point, variable-free nodes once:
   the same work the Swift evaluator does (like for like).
2. The tree text `eml compile` prints, evaluated as written by Python (every node of the tree).


Each node is exp(x) - log(y) with the engine's branch convention (the log inside eml takes
arg in [-pi, pi)); shared nodes are evaluated once per point, as in the Swift evaluator, and
nodes that do not depend on x are evaluated once for all points (the Swift evaluator does the same).
Prints one JSON object.
"""
import json, re, subprocess, sys, time
import mpmath as mp

GRIDS = [("x/2", -32, 32, 8), ("-x", -32, 32, 8), ("exp(x)", -32, 32, 8), ("x^2", -32, 32, 8),
         ("cosh(x)", -32, 32, 8), ("sinh(x)", -32, 32, 8), ("tanh(x)", -32, 32, 8), ("ln(x)", 1, 64, 8),
         ("1/x", 1, 64, 8), ("sqrt(x)", 0, 64, 8), ("cos(x)", -160, 160, 8), ("sin(x)", -160, 160, 8),
         ("tan(x)", -40, 40, 32), ("arcsinh(x)", -64, 64, 8), ("arctan(x)", -64, 64, 8),
         ("1/(1 + exp(-x))", -64, 64, 8), ("x", -64, 64, 8), ("arctanh(x)", -95, 95, 100),
         ("arcsin(x)", -100, 100, 100), ("arccos(x)", -100, 100, 100), ("arccosh(x)", 8, 72, 8)]


def dag(eml, text):
    """Nodes in topological order: ('1',), ('x',), or ('eml', a, b)."""
    dot = subprocess.run([eml, "compile", "--format", "dot", text], check=True, capture_output=True, text=True).stdout
    nodes, edges = {}, {}
    for line in dot.splitlines():
        m = re.match(r'\s*n(\d+) \[label="([^"]+)"', line)
        if m:
            nodes[int(m.group(1))] = m.group(2)
        m = re.match(r'\s*n(\d+) -> n(\d+) \[label="(x|y)"\]', line)
        if m:
            edges.setdefault(int(m.group(1)), {})[m.group(3)] = int(m.group(2))
    return [(nodes[k],) if nodes[k] != "eml" else ("eml", edges[k]["x"], edges[k]["y"]) for k in sorted(nodes)]


def tree_text(eml, text):
    return subprocess.run([eml, "compile", text], check=True, capture_output=True, text=True).stdout.strip()


def log_lower(y):
    # arg in [-pi, pi): on the negative real axis take -pi (mpmath has no signed zero).
    if y.imag == 0 and y.real < 0:
        return mp.log(-y.real) - mp.pi * 1j
    return mp.log(y)


def main():
    eml = sys.argv[1] if len(sys.argv) > 1 else ".build/release/eml"
    mp.mp.dps = 64
    points = failures = 0
    elapsed = 0.0
    for text, lo, hi, den in GRIDS:
        nodes = dag(eml, text)
        # Which nodes depend on x.
        varying = []
        for n in nodes:
            varying.append(n[0] == "x" if n[0] != "eml" else (varying[n[1]] or varying[n[2]]))
        xs = [mp.mpf(num) / den for num in range(lo, hi + 1)]
        start = time.perf_counter()
        values = [None] * len(nodes)
        for k, n in enumerate(nodes):
            if not varying[k]:
                values[k] = mp.mpc(1) if n[0] == "1" else mp.exp(values[n[1]]) - log_lower(values[n[2]])
        for x in xs:
            points += 1
            try:
                for k, n in enumerate(nodes):
                    if varying[k]:
                        values[k] = mp.mpc(x) if n[0] == "x" else mp.exp(values[n[1]]) - log_lower(values[n[2]])
                v = values[-1]
                if not (mp.isfinite(v.real) and mp.isfinite(v.imag)):
                    failures += 1
            except (ValueError, ZeroDivisionError, OverflowError):
                failures += 1
        elapsed += time.perf_counter() - start
    # The tree as `eml compile` prints it, evaluated as written: no sharing, no constant caching.
    def eml_op(a, b):
        return mp.exp(a) - log_lower(mp.mpc(b))
    tree_points = tree_failures = 0
    tree_elapsed = 0.0
    for text, lo, hi, den in GRIDS:
        code = compile(tree_text(eml, text), "<eml>", "eval")
        xs = [mp.mpf(num) / den for num in range(lo, hi + 1)]
        start = time.perf_counter()
        for x in xs:
            tree_points += 1
            try:
                v = mp.mpc(eval(code, {"eml": eml_op, "x": mp.mpc(x)}))
                if not (mp.isfinite(v.real) and mp.isfinite(v.imag)):
                    tree_failures += 1
            except (ValueError, ZeroDivisionError, OverflowError):
                tree_failures += 1
        tree_elapsed += time.perf_counter() - start
    print(json.dumps({"points": points, "dps": 64,
                      "mpmath_dag_points_per_second": round(points / elapsed, 1), "mpmath_dag_failures": failures,
                      "mpmath_tree_text_points_per_second": round(tree_points / tree_elapsed, 1),
                      "mpmath_tree_text_failures": tree_failures, "mpmath_version": mp.__version__}))


if __name__ == "__main__":
    main()
