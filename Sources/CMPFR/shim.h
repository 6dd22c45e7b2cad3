// GMP, MPFR (real) and MPC (complex) arbitrary precision, and Arb's ball arithmetic (real arb, complex acb,
// hypergeometric functions) on top of them, from Debian's -dev packages; one module, since Arb's headers include MPFR's.
#include <gmp.h>
#include <mpfr.h>
#include <mpc.h>
#include <arb.h>
#include <acb.h>
#include <arb_hypgeom.h>
