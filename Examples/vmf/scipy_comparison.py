#!/usr/bin/env python3
"""What SciPy gives for the same fits (run beside `swift run -c release vmf-example`)."""
import numpy as np
from scipy.special import ive

for d, kappa in [(2048, 500.0), (8192, 8000.0), (32768, 100000.0)]:
    with np.errstate(all="ignore"):
        log_i = np.log(ive(d / 2 - 1, kappa)) + kappa
        ratio = ive(d / 2, kappa) / ive(d / 2 - 1, kappa)
    print(f"d = {d:5d}, kappa = {kappa:9.1f}: log I_(d/2-1) = {log_i}, A_d = I_(d/2)/I_(d/2-1) = {ratio}")
