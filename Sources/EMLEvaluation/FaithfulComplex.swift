import CMPFR
import EMLNumbers
import Foundation

/// Faithful (not correctly rounded) complex exp and log for finite, non-zero operands.
///
/// MPC rounds every result correctly, which costs a Ziv loop and, for log, MPFR's atan2 (6 µs at
/// 216 bits, most of a node). The tree evaluator does not need that: the digits are certified by the
/// direct mode's balls, and the tree only has to reproduce them (`EMLCrossCheck`). These kernels are accurate to a few ulp and hand every special value (zeros,
/// infinities, NaN, huge exponents) back to MPC, whose Annex G semantics the constructions rely on.
/// One instance per thread: it owns its scratch values.
final class FaithfulComplex {
    let precision: Int
    let t, s, c, u, v, w: UnsafeMutablePointer<__mpfr_struct>
    let wide: UnsafeMutablePointer<__mpfr_struct>

    init(precision: Int) {
        self.precision = precision
        let all = (0..<6).map { _ -> UnsafeMutablePointer<__mpfr_struct> in
            let p = UnsafeMutablePointer<__mpfr_struct>.allocate(capacity: 1)
            mpfr_init2(p, mpfr_prec_t(precision + 16))
            return p
        }
        (t, s, c, u, v, w) = (all[0], all[1], all[2], all[3], all[4], all[5])
        wide = .allocate(capacity: 1)
        mpfr_init2(wide, mpfr_prec_t(2 * precision + 8))
    }

    deinit {
        for p in [t, s, c, u, v, w, wide] { mpfr_clear(p); p.deallocate() }
    }

    /// Whether x is a regular number whose exponent a Double can carry (so double seeds are valid).
    @inline(__always) func regular(_ x: UnsafeMutablePointer<__mpfr_struct>) -> Bool {
        mpfr_regular_p(x) != 0 && abs(Int(mpfr_get_exp(x))) < 900
    }

    /// r = exp(z) = e^x (cos y + i sin y).
    func exp(_ r: UnsafeMutablePointer<__mpc_struct>, _ z: UnsafeMutablePointer<__mpc_struct>) {
        let x = realPart(z), y = imaginaryPart(z)
        // Finite parts of any scale: MPFR's real exp and sin_cos handle tiny and huge exponents
        // (mpc_exp asks GMP for memory in proportion to them); only ±∞ and NaN go to MPC.
        guard mpfr_number_p(x) != 0, mpfr_number_p(y) != 0 else {
            mpc_exp(r, z, 0)
            return
        }
        mpfr_exp(t, x, MPFR_RNDN)
        mpfr_sin_cos(s, c, y, MPFR_RNDN)
        mpfr_mul(realPart(r), t, c, MPFR_RNDN)
        mpfr_mul(imaginaryPart(r), t, s, MPFR_RNDN)
    }

    /// r = Log z (principal) = ½·log(x² + y²) + i·atan2(y, x), for x, y both regular.
    func log(_ r: UnsafeMutablePointer<__mpc_struct>, _ z: UnsafeMutablePointer<__mpc_struct>) {
        let x = realPart(z), y = imaginaryPart(z)
        guard regular(x), regular(y) else { mpc_log(r, z, 0); return }
        // |z|² at double width: squares exact, one rounding, so log stays accurate where |z| ≈ 1.
        mpfr_sqr(wide, x, MPFR_RNDN)
        mpfr_sqr(u, y, MPFR_RNDN)
        mpfr_add(wide, wide, u, MPFR_RNDN)
        mpfr_log(realPart(r), wide, MPFR_RNDN)
        mpfr_div_2ui(realPart(r), realPart(r), 1, MPFR_RNDN)
        argument(imaginaryPart(r), y, x)
    }

    /// atan2(y, x) from the double seed θ₀ by Newton steps on δ = tan(φ − θ) = (y·cos θ − x·sin θ)/(x·cos θ + y·sin θ):
    /// θ ← θ + δ − δ³/3 (= θ + atan δ to O(δ⁵)), so each step multiplies the correct bits by five.
    func argument(_ out: UnsafeMutablePointer<__mpfr_struct>, _ y: UnsafeMutablePointer<__mpfr_struct>, _ x: UnsafeMutablePointer<__mpfr_struct>) {
        var ex: Int = 0, ey: Int = 0
        let mx = mpfr_get_d_2exp(&ex, x, MPFR_RNDN), my = mpfr_get_d_2exp(&ey, y, MPFR_RNDN)
        let shift = max(-1100, min(1100, ey - ex))
        mpfr_set_d(w, Foundation.atan2(my * Foundation.pow(2.0, Double(shift)), mx), MPFR_RNDN)
        var bits = 50
        while bits < precision + 8 {
            mpfr_sin_cos(s, c, w, MPFR_RNDN)
            mpfr_mul(u, y, c, MPFR_RNDN)
            mpfr_mul(v, x, s, MPFR_RNDN)
            mpfr_sub(u, u, v, MPFR_RNDN)           // y cos θ − x sin θ
            mpfr_mul(v, x, c, MPFR_RNDN)
            mpfr_mul(t, y, s, MPFR_RNDN)
            mpfr_add(v, v, t, MPFR_RNDN)           // x cos θ + y sin θ
            mpfr_div(u, u, v, MPFR_RNDN)           // δ
            mpfr_sqr(t, u, MPFR_RNDN)
            mpfr_mul(t, t, u, MPFR_RNDN)
            mpfr_div_ui(t, t, 3, MPFR_RNDN)
            mpfr_sub(u, u, t, MPFR_RNDN)           // δ − δ³/3
            mpfr_add(w, w, u, MPFR_RNDN)
            bits *= 5
        }
        mpfr_set(out, w, MPFR_RNDN)
    }
}
