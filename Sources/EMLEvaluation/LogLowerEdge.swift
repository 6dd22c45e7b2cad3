import CMPFR

/// The logarithm inside the eml operator: principal except that arg lies in [−π, π).
///
/// With this edge the derived ln z = e − Log(e^e/z) is principal on the negative axis too
/// (the paper's fix), so i = +i and ln(−2) = ln 2 + iπ at every precision.
enum LogLowerEdge {
    /// r = Log(z) with arg ∈ [−π, π); `precision` sets the noise threshold 2^(−3p/4) for "on the cut".
    static func compute(_ r: UnsafeMutablePointer<__mpc_struct>, _ z: UnsafePointer<__mpc_struct>, precision: Int) {
        let re = UnsafeMutablePointer(mutating: &UnsafeMutablePointer(mutating: z).pointee.re)
        let im = UnsafeMutablePointer(mutating: &UnsafeMutablePointer(mutating: z).pointee.im)
        if mpfr_sgn(re) < 0 && mpfr_number_p(im) != 0 && onNegativeAxis(re, im, precision: precision) {
            // ln|Re z| − iπ: on the cut the lower edge's value.
            let negRe = UnsafeMutablePointer<__mpfr_struct>.allocate(capacity: 1)
            mpfr_init2(negRe, mpfr_get_prec(re))
            mpfr_neg(negRe, re, MPFR_RNDN)
            mpfr_log(&r.pointee.re, negRe, MPFR_RNDN)
            mpfr_clear(negRe); negRe.deallocate()
            mpfr_const_pi(&r.pointee.im, MPFR_RNDN)
            mpfr_neg(&r.pointee.im, &r.pointee.im, MPFR_RNDN)
            return
        }
        mpc_log(r, z, 0)
    }

    /// |Im| ≤ |Re|·2^(−⌈3p/4⌉), Re < 0 (Re may be −∞).
    static func onNegativeAxis(_ re: UnsafePointer<__mpfr_struct>, _ im: UnsafePointer<__mpfr_struct>, precision: Int) -> Bool {
        if mpfr_zero_p(im) != 0 || mpfr_inf_p(re) != 0 { return true }
        return Int(mpfr_get_exp(im)) <= Int(mpfr_get_exp(re)) - (3 * precision + 3) / 4
    }
}
