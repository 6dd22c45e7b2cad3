/*
 * emlkit.h: the C ABI of EMLKit (libEMLKitC.so), for C, C++ and Python (ctypes).
 *
 * Build:  swift build -c release --product EMLKitC        -> .build/release/libEMLKitC.so
 * Use:    cc app.c -I include -L .build/release -lEMLKitC -Wl,-rpath,$PWD/.build/release
 *
 * Contract (ABI version 1):
 *  - Every emlkit_result * the library returns is owned by the caller and freed by emlkit_result_free
 *    (NULL is accepted). Strings it hands out are UTF-8, owned by their result, valid until it is freed.
 *  - No call aborts the process: NULL pointers, invalid UTF-8, absurd digits, n = 0 or an unknown format
 *    return an error status (EMLKIT_ERROR_ARGUMENT …) and, where a result is returned, a message.
 *  - Every call may run on many threads at once: the library keeps no global mutable state. MPFR and
 *    FLINT keep per-thread caches; a thread that is about to end may free its own with
 *    emlkit_thread_cleanup().
 */
#ifndef EMLKIT_H
#define EMLKIT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EMLKIT_ABI_VERSION 1

typedef enum {
    EMLKIT_OK = 0,
    EMLKIT_ERROR_ARGUMENT = 1,   /* NULL pointer, invalid UTF-8, n = 0, digits or bits out of range */
    EMLKIT_ERROR_SYNTAX = 2,     /* the expression does not parse (offset: byte position) */
    EMLKIT_ERROR_LOWERING = 3,   /* no pure EML form (a function outside the catalog) */
    EMLKIT_ERROR_EVALUATION = 4, /* domain error, overflow, a value that could not be certified */
    EMLKIT_ERROR_FORMAT = 5,     /* unknown or malformed float format */
    EMLKIT_ERROR_CONFIG = 6      /* RoPE configuration that does not parse or validate */
} emlkit_status;

typedef enum { EMLKIT_MODE_DIRECT = 0, EMLKIT_MODE_EML = 1 } emlkit_mode;

/* An opaque result: a value (with its parts) or an error (kind, message, byte offset). */
typedef struct emlkit_result emlkit_result;

int emlkit_abi_version(void);                 /* EMLKIT_ABI_VERSION of the library loaded */
const char *emlkit_version(void);             /* "1.0.0"; static, never freed */
const char *emlkit_status_name(int status);   /* "ok", "argument", …; static, never freed */

/* Evaluates an expression to `digits` certified significant digits, or to what `bits` bits carry when
 * digits is 0 (212 bits = 64 digits). Mode EMLKIT_MODE_EML evaluates the pure EML tree. */
emlkit_result *emlkit_evaluate(const char *expression, int digits, int bits, int mode);

/* The pure EML form: format "eml", "wolfram", "rpn" or "dot". Numbers "k", "eml_nodes", "leaves",
 * "distinct_nodes", "depth" hold the tree's statistics. */
emlkit_result *emlkit_compile(const char *expression, const char *format);

/* log I_v(x) (kind "logi") or log K_v(x) ("logk"), v and x as decimal strings, to `digits` certified digits. */
emlkit_result *emlkit_log_bessel_certified(const char *kind, const char *v, const char *x, int digits);

/* log I_v(x), log K_v(x) in double on caller-owned arrays of n values; threads 0 = all cores.
 * Returns an emlkit_status. out may not alias v or x. */
int emlkit_log_bessel_i(const double *v, const double *x, double *out, size_t n, int threads);
int emlkit_log_bessel_k(const double *v, const double *x, double *out, size_t n, int threads);

/* Float formats by name (binary64, fp32, tf32, fp16, bf16, fp8e4m3, fp8e5m2 …) or "p=8,emin=-132,emax=128":
 * x rounded to nearest (ties to even, the format's overflow rule), its ulp, the next value up or down. */
int emlkit_format_round(const char *format, double x, double *out);
int emlkit_format_ulp(const char *format, double x, double *out);
int emlkit_format_next(const char *format, double x, double *out);
int emlkit_format_prev(const char *format, double x, double *out);

/* RoPE precision walls: a Hugging Face config.json text in, the JSON report of `eml rope --json` out
 * (value); number "exit_status" is 0 when every pipeline passes, 2 otherwise. */
emlkit_result *emlkit_rope(const char *config_json);

int emlkit_result_status(const emlkit_result *result);
const char *emlkit_result_value(const emlkit_result *result);      /* printed value, form or report; NULL on error */
const char *emlkit_result_real(const emlkit_result *result);       /* real part as digits; NULL if none */
const char *emlkit_result_imaginary(const emlkit_result *result);  /* imaginary part; NULL for a real value */
long emlkit_result_working_precision(const emlkit_result *result); /* bits the certificate used; -1 if none */
const char *emlkit_result_error_kind(const emlkit_result *result); /* "syntax", …; NULL when ok */
const char *emlkit_result_error_message(const emlkit_result *result);
long emlkit_result_error_offset(const emlkit_result *result);      /* byte offset in the input; -1 if none */
double emlkit_result_number(const emlkit_result *result, const char *name); /* NaN if absent */
void emlkit_result_free(emlkit_result *result);

/* Frees MPFR's and FLINT's caches of the calling thread (call it before a thread of yours ends). */
void emlkit_thread_cleanup(void);

#ifdef __cplusplus
}
#endif

#endif /* EMLKIT_H */
