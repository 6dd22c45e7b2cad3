// GMP, MPFR (real) and MPC (complex) arbitrary precision, from Debian's -dev packages.
#include <gmp.h>
#include <mpfr.h>
#include <mpc.h>
