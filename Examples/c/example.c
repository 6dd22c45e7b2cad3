/* EMLKit from C: certified evaluation, a log-Bessel batch, a float format, and an error read back.
 *   swift build -c release --product EMLKitC
 *   make -C Examples/c run            (or the one-line cc command in the Makefile) */
#include <math.h>
#include <stdio.h>
#include "emlkit.h"

static int show(const char *expression, int digits, int mode) {
    emlkit_result *r = emlkit_evaluate(expression, digits, 0, mode);
    int status = emlkit_result_status(r);
    if (status == EMLKIT_OK) {
        const char *im = emlkit_result_imaginary(r);
        printf("%s = %s (real %s, imaginary %s, %ld bits)\n", expression, emlkit_result_value(r),
               emlkit_result_real(r), im ? im : "none", emlkit_result_working_precision(r));
    } else {
        printf("%s: %s error at byte %ld: %s\n", expression, emlkit_result_error_kind(r),
               emlkit_result_error_offset(r), emlkit_result_error_message(r));
    }
    emlkit_result_free(r);
    return status;
}

int main(void) {
    printf("EMLKit %s, ABI %d\n", emlkit_version(), emlkit_abi_version());
    show("sin(1e-20)", 30, EMLKIT_MODE_DIRECT);
    show("ln(-2)", 20, EMLKIT_MODE_DIRECT);
    show("exp(1)", 25, EMLKIT_MODE_EML);
    show("2 * (3 +", 10, EMLKIT_MODE_DIRECT);   /* a syntax error, with its byte offset */
    show("ln(0)", 10, EMLKIT_MODE_DIRECT);      /* a domain error */

    emlkit_result *c = emlkit_compile("ln(x)", "eml");
    printf("ln(x) in EML: %s (K = %.0f, depth %.0f)\n", emlkit_result_value(c), emlkit_result_number(c, "k"),
           emlkit_result_number(c, "depth"));
    emlkit_result_free(c);

    double v[4] = {0, 0.5, 10, 100}, x[4] = {1e-300, 1, 1e4, 1e5}, out[4];
    if (emlkit_log_bessel_i(v, x, out, 4, 0) == EMLKIT_OK)
        for (int k = 0; k < 4; k++) printf("log I_%g(%g) = %.17g\n", v[k], x[k], out[k]);
    printf("n = 0: status %s\n", emlkit_status_name(emlkit_log_bessel_i(v, x, out, 0, 0)));

    emlkit_result *b = emlkit_log_bessel_certified("logk", "10000", "1e-300", 40);
    printf("log K_10000(1e-300) = %s\n", emlkit_result_value(b));
    emlkit_result_free(b);

    double r;
    emlkit_format_round("bf16", 257, &r);
    printf("bf16(257) = %g\n", r);
    printf("unknown format: status %s\n", emlkit_status_name(emlkit_format_round("fp7", 1, &r)));
    emlkit_thread_cleanup();
    return 0;
}
