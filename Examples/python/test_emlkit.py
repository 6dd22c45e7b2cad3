"""Checks Examples/python/emlkit.py against known values (run by the Swift tests; python3 and numpy needed)."""
import math
import sys

import numpy as np

import emlkit

assert emlkit.ABI_VERSION == 1, emlkit.ABI_VERSION
v = emlkit.evaluate("ln(-2)", digits=20)
assert v["value"] == "6.9314718055994530942e-1 + 3.1415926535897932385i", v
assert v["real"] == "6.9314718055994530942e-1" and v["imaginary"] == "3.1415926535897932385", v
assert emlkit.evaluate("exp(1)", bits=100, mode="eml")["value"].startswith("2.71828182845904523536028747"), "eml mode"
try:
    emlkit.evaluate("2 * (3 +")
    raise AssertionError("no syntax error")
except emlkit.EMLKitError as e:
    assert e.kind == "syntax" and e.offset == 8, (e.kind, e.offset)
text, stats = emlkit.compile("ln(x)")
assert text == "eml(1, eml(eml(1, x), 1))" and stats["k"] == 7 and stats["depth"] == 3, (text, stats)

vs = np.array([0.0, 0.5, 10.0, 100.0, 5.0])
xs = np.array([1e-300, 1.0, 1e4, 1e5, 2000.0])
out = np.empty_like(vs)
got = emlkit.log_bessel_i(vs, xs, out=out)
assert got is out, "the result array is the caller's"
assert abs(out[1] - -0.064351991073531803) < 1e-16, out[1]
assert np.all(np.isfinite(out)), out
assert abs(emlkit.log_bessel_k(np.array([1.0]), np.array([1.0]))[0] - math.log(0.6019072301972346)) < 1e-15
assert emlkit.log_bessel_certified("logk", "10000", "1e-300", 40) == "6.996785775136998322475486226133246598933e6"
try:
    emlkit.log_bessel_i(np.zeros(3), np.zeros(4))
    raise AssertionError("shape mismatch accepted")
except ValueError:
    pass

assert emlkit.round_to("bf16", 257) == 256.0
assert emlkit.next_up("bf16", 1.0) == 1.0078125 and emlkit.ulp("fp16", 1.0) == 2 ** -10
try:
    emlkit.round_to("fp7", 1)
    raise AssertionError("unknown format accepted")
except emlkit.EMLKitError as e:
    assert e.kind == "format"

report = emlkit.rope({"rope_theta": 10000, "hidden_size": 4096, "num_attention_heads": 32, "num_hidden_layers": 32,
                      "max_position_embeddings": 4096, "torch_dtype": "float32"})
assert report["exit_status"] in (0, 2) and isinstance(report, dict), report
print("emlkit.py: all checks passed")
