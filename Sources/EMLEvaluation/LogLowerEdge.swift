import CMPFR
import EMLNumbers

/// The logarithm inside the eml operator: principal except that arg lies in [−π, π).
///
/// With this edge the derived ln z = e − Log(e^e/z) is principal on the negative axis too
/// (the paper's fix), so i = +i and ln(−2) = ln 2 + iπ at every precision.
enum LogLowerEdge {
    /// r = Log(z) with arg ∈ [−π, π); `precision` sets the noise threshold 2^(−3p/4) for "on the cut".
    /// `r` must not be `z`.
    /// `faithful` computes the principal Log off the real axis (MPC's correctly rounded one when nil).
    static func compute(_ r: UnsafeMutablePointer<__mpc_struct>, _ z: UnsafePointer<__mpc_struct>, precision: Int,
                        faithful: FaithfulComplex? = nil) {
        let re = realPart(UnsafeMutablePointer(mutating: z))
        let im = imaginaryPart(UnsafeMutablePointer(mutating: z))
        let sign = mpfr_sgn(re)
        if mpfr_zero_p(im) != 0 && sign > 0 {
            // Real positive: ln x ± 0i, keeping the sign of the zero (as mpc_log does).
            if let faithful { faithful.realLog(realPart(r), re) } else { mpfr_log(realPart(r), re, MPFR_RNDN) }
            mpfr_set(imaginaryPart(r), im, MPFR_RNDN)
            return
        }
        if sign < 0 && mpfr_number_p(im) != 0 && onNegativeAxis(re, im, precision: precision) {
            // On the cut (within the noise): ln|Re z| − iπ, the lower edge's value.
            mpfr_neg(realPart(r), re, MPFR_RNDN)
            if let faithful { faithful.realLog(realPart(r), realPart(r)) } else { mpfr_log(realPart(r), realPart(r), MPFR_RNDN) }
            mpfr_const_pi(imaginaryPart(r), MPFR_RNDN)
            mpfr_neg(imaginaryPart(r), imaginaryPart(r), MPFR_RNDN)
            return
        }
        if let faithful { faithful.log(r, UnsafeMutablePointer(mutating: z)) } else { mpc_log(r, z, 0) }
    }

    /// |Im| ≤ |Re|·2^(−⌈3p/4⌉), Re < 0 (Re may be −∞).
    static func onNegativeAxis(_ re: UnsafePointer<__mpfr_struct>, _ im: UnsafePointer<__mpfr_struct>, precision: Int) -> Bool {
        if mpfr_zero_p(im) != 0 || mpfr_inf_p(re) != 0 { return true }
        return Int(mpfr_get_exp(im)) <= Int(mpfr_get_exp(re)) - (3 * precision + 3) / 4
    }
}
