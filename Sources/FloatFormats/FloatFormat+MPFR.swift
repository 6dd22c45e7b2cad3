import CMPFR
import EMLNumbers

/// Exact rounding of an arbitrary precision value to a format, by MPFR's own emulation: set the
/// precision and exponent range, round to nearest, then `mpfr_check_range` and `mpfr_subnormalize`.
/// Rounding once from the exact value avoids double rounding (fp64 → fp32 → bf16 can differ).
extension FloatFormat {
    public func rounded(_ x: BigReal) -> BigReal {
        let savedMin = mpfr_get_emin(), savedMax = mpfr_get_emax()
        defer { mpfr_set_emin(savedMin); mpfr_set_emax(savedMax) }
        var r = BigReal(precision: precision)
        r.withMutablePointer { out in
            mpfr_set_emin(mpfr_exp_t(emin))
            mpfr_set_emax(mpfr_exp_t(emax))
            var inexact = x.withPointer { mpfr_set(out, $0, MPFR_RNDN) }
            inexact = mpfr_check_range(out, inexact, MPFR_RNDN)
            if subnormals { _ = mpfr_subnormalize(out, inexact, MPFR_RNDN) }
        }
        mpfr_set_emin(savedMin); mpfr_set_emax(savedMax)
        // Formats whose top code is not finite (E4M3): apply the largest-finite rule.
        if largestFinite != nil || r.isInfinite {
            let top = BigReal(largestFiniteValue, precision: 64)
            let magnitude = BigReal.unary(r, precision: precision + 2) { o, a in _ = mpfr_abs(o, a, MPFR_RNDN) }
            if r.isInfinite || magnitude > top {
                let half = BigReal(largestFiniteValue + ulp(largestFiniteValue) / 2, precision: 64)
                let exact = BigReal.unary(x, precision: x.precision) { o, a in _ = mpfr_abs(o, a, MPFR_RNDN) }
                let topIsEven = largestFinite.map { $0.significand % 2 == 0 } ?? false
                let value: Double
                if exact < half || (exact == half && topIsEven) { value = largestFiniteValue } else { value = overflowed(1) }
                return BigReal(x.isNegative ? -value : value, precision: precision)
            }
        }
        return r
    }
}
