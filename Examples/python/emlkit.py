"""EMLKit from Python through its C ABI (include/emlkit.h) with ctypes: no compiled extension.

    swift build -c release --product EMLKitC          # builds .build/release/libEMLKitC.so
    python3 -c "import emlkit; print(emlkit.evaluate('ln(-2)', digits=20))"

The library is looked up in $EMLKIT_LIBRARY, then .build/release and .build/debug of this repository.
log_bessel_i/k take numpy arrays and read and write them in place (float64, C-contiguous arrays are
passed without a copy); everything else takes and returns Python values.
"""
import ctypes
import json
import os

_here = os.path.dirname(os.path.abspath(__file__))
_candidates = [os.environ.get("EMLKIT_LIBRARY", "")] + [
    os.path.join(_here, "..", "..", ".build", c, "libEMLKitC.so") for c in ("release", "debug")]


def _load():
    for path in _candidates:
        if path and os.path.exists(path):
            return ctypes.CDLL(path)
    raise OSError("libEMLKitC.so not found: run `swift build -c release --product EMLKitC` or set EMLKIT_LIBRARY")


_lib = _load()
_result = ctypes.c_void_p
_double_p = ctypes.POINTER(ctypes.c_double)
for name, restype, argtypes in [
    ("emlkit_abi_version", ctypes.c_int, []),
    ("emlkit_version", ctypes.c_char_p, []),
    ("emlkit_status_name", ctypes.c_char_p, [ctypes.c_int]),
    ("emlkit_evaluate", _result, [ctypes.c_char_p, ctypes.c_int, ctypes.c_int, ctypes.c_int]),
    ("emlkit_compile", _result, [ctypes.c_char_p, ctypes.c_char_p]),
    ("emlkit_log_bessel_certified", _result, [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int]),
    ("emlkit_log_bessel_i", ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]),
    ("emlkit_log_bessel_k", ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]),
    ("emlkit_format_round", ctypes.c_int, [ctypes.c_char_p, ctypes.c_double, _double_p]),
    ("emlkit_format_ulp", ctypes.c_int, [ctypes.c_char_p, ctypes.c_double, _double_p]),
    ("emlkit_format_next", ctypes.c_int, [ctypes.c_char_p, ctypes.c_double, _double_p]),
    ("emlkit_format_prev", ctypes.c_int, [ctypes.c_char_p, ctypes.c_double, _double_p]),
    ("emlkit_rope", _result, [ctypes.c_char_p]),
    ("emlkit_result_status", ctypes.c_int, [_result]),
    ("emlkit_result_value", ctypes.c_char_p, [_result]),
    ("emlkit_result_real", ctypes.c_char_p, [_result]),
    ("emlkit_result_imaginary", ctypes.c_char_p, [_result]),
    ("emlkit_result_working_precision", ctypes.c_long, [_result]),
    ("emlkit_result_error_kind", ctypes.c_char_p, [_result]),
    ("emlkit_result_error_message", ctypes.c_char_p, [_result]),
    ("emlkit_result_error_offset", ctypes.c_long, [_result]),
    ("emlkit_result_number", ctypes.c_double, [_result, ctypes.c_char_p]),
    ("emlkit_result_free", None, [_result]),
]:
    f = getattr(_lib, name)
    f.restype, f.argtypes = restype, argtypes

ABI_VERSION = _lib.emlkit_abi_version()
VERSION = _lib.emlkit_version().decode()


class EMLKitError(Exception):
    """An engine error: kind ("syntax", "evaluation", …), message, and the byte offset in the input (or None)."""

    def __init__(self, kind, message, offset=None):
        super().__init__(f"{kind} error" + (f" at byte {offset}" if offset is not None else "") + f": {message}")
        self.kind, self.message, self.offset = kind, message, offset


def _take(r):
    """The value of a result handle, freeing it; raises EMLKitError for an error."""
    try:
        if _lib.emlkit_result_status(r) != 0:
            offset = _lib.emlkit_result_error_offset(r)
            raise EMLKitError(_lib.emlkit_result_error_kind(r).decode(), _lib.emlkit_result_error_message(r).decode(),
                              None if offset < 0 else offset)
        def text(p):
            return None if p is None else p.decode()
        return {"value": text(_lib.emlkit_result_value(r)), "real": text(_lib.emlkit_result_real(r)),
                "imaginary": text(_lib.emlkit_result_imaginary(r)),
                "working_precision": _lib.emlkit_result_working_precision(r),
                **{k: _lib.emlkit_result_number(r, k.encode()) for k in ("k", "eml_nodes", "leaves", "distinct_nodes", "depth", "exit_status")}}
    finally:
        _lib.emlkit_result_free(r)


def evaluate(expression, digits=30, bits=None, mode="direct"):
    """The value of `expression`, every digit certified: a dict with value, real, imaginary, working_precision."""
    r = _take(_lib.emlkit_evaluate(expression.encode(), 0 if bits else digits, bits or 0, {"direct": 0, "eml": 1}[mode]))
    return {k: r[k] for k in ("value", "real", "imaginary", "working_precision")}


def compile(expression, format="eml"):
    """The pure EML form and its statistics: (text, {"k", "eml_nodes", "leaves", "distinct_nodes", "depth"})."""
    r = _take(_lib.emlkit_compile(expression.encode(), format.encode()))
    return r["value"], {k: int(r[k]) for k in ("k", "eml_nodes", "leaves", "distinct_nodes", "depth")}


def _batch(function, v, x, out, threads):
    import numpy as np
    v = np.ascontiguousarray(v, dtype=np.float64)
    x = np.ascontiguousarray(x, dtype=np.float64)
    if v.shape != x.shape:
        raise ValueError(f"v and x differ in shape: {v.shape} and {x.shape}")
    if out is None:
        out = np.empty_like(v)
    elif out.dtype != np.float64 or not out.flags["C_CONTIGUOUS"] or out.shape != v.shape:
        raise ValueError("out must be a C-contiguous float64 array of the inputs' shape")
    if v.size == 0:
        return out
    status = function(v.ctypes.data, x.ctypes.data, out.ctypes.data, v.size, threads)
    if status != 0:
        raise EMLKitError(_lib.emlkit_status_name(status).decode(), "log-Bessel batch rejected its arguments")
    return out


def log_bessel_i(v, x, out=None, threads=0):
    """log I_v(x) in double, elementwise on numpy arrays (no copy for C-contiguous float64); all cores by default."""
    return _batch(_lib.emlkit_log_bessel_i, v, x, out, threads)


def log_bessel_k(v, x, out=None, threads=0):
    """log K_v(x) in double, elementwise on numpy arrays."""
    return _batch(_lib.emlkit_log_bessel_k, v, x, out, threads)


def log_bessel_certified(kind, v, x, digits=30):
    """log I_v(x) (kind "logi") or log K_v(x) ("logk") to `digits` certified digits, as a string."""
    return _take(_lib.emlkit_log_bessel_certified(kind.encode(), str(v).encode(), str(x).encode(), digits))["value"]


def _format_call(function, format, x):
    out = ctypes.c_double()
    status = function(format.encode(), float(x), ctypes.byref(out))
    if status != 0:
        raise EMLKitError(_lib.emlkit_status_name(status).decode(), f"float format '{format}'")
    return out.value


def round_to(format, x):
    """x rounded to nearest in a float format (bf16, fp8e4m3, p=…,emin=…,emax=…)."""
    return _format_call(_lib.emlkit_format_round, format, x)


def ulp(format, x):
    return _format_call(_lib.emlkit_format_ulp, format, x)


def next_up(format, x):
    return _format_call(_lib.emlkit_format_next, format, x)


def next_down(format, x):
    return _format_call(_lib.emlkit_format_prev, format, x)


def rope(config):
    """RoPE precision walls of a Hugging Face config (a dict or JSON text): the report of `eml rope --json`."""
    text = config if isinstance(config, str) else json.dumps(config)
    r = _take(_lib.emlkit_rope(text.encode()))
    report = json.loads(r["value"])
    report["exit_status"] = int(r["exit_status"])
    return report
