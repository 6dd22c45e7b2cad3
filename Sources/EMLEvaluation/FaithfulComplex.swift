import CMPFR
import EMLNumbers

/// Faithful (not correctly rounded) exp, log, sin/cos and atan2 for finite, non-zero operands.
///
/// MPFR and MPC round every result correctly, which costs a Ziv loop and, for log, the AGM (at 240 bits
/// mpfr_log takes 5.0 µs, Arb's table-based arb_log 0.46 µs; exp 1.9 against 0.33). The tree evaluator
/// does not need correct rounding: the digits are certified by the direct mode's balls, and the tree only
/// has to reproduce them (`EMLCrossCheck`). So each kernel takes Arb's ball at the exact operand and keeps
/// its midpoint (within the radius, a few ulp, of the value), and hands every special value (zeros,
/// infinities, NaN, huge exponents) back to MPFR/MPC, whose Annex G semantics the constructions rely on.
/// One instance per thread: it owns its scratch values.
final class FaithfulComplex {
    let precision: Int
    let t, s, c, u: UnsafeMutablePointer<__mpfr_struct>
    let wide: UnsafeMutablePointer<__mpfr_struct>
    /// Scratch balls for Arb's kernels: an exact operand and up to two results.
    let operand, other, first, second: UnsafeMutablePointer<arb_struct>

    init(precision: Int) {
        self.precision = precision
        let all = (0..<4).map { _ -> UnsafeMutablePointer<__mpfr_struct> in
            let p = UnsafeMutablePointer<__mpfr_struct>.allocate(capacity: 1)
            mpfr_init2(p, mpfr_prec_t(precision + 16))
            return p
        }
        (t, s, c, u) = (all[0], all[1], all[2], all[3])
        wide = .allocate(capacity: 1)
        mpfr_init2(wide, mpfr_prec_t(2 * precision + 8))
        let balls = (0..<4).map { _ -> UnsafeMutablePointer<arb_struct> in
            let b = UnsafeMutablePointer<arb_struct>.allocate(capacity: 1)
            arb_init(b)
            return b
        }
        (operand, other, first, second) = (balls[0], balls[1], balls[2], balls[3])
    }

    deinit {
        for p in [t, s, c, u, wide] { mpfr_clear(p); p.deallocate() }
        for b in [operand, other, first, second] { arb_clear(b); b.deallocate() }
    }

    /// Arb's working precision: 16 bits past the results', so the midpoint is within a few of their ulps.
    var arbPrecision: Int { precision + 16 }

    /// `ball` = x exactly (radius 0).
    @inline(__always) func load(_ ball: UnsafeMutablePointer<arb_struct>, _ x: UnsafePointer<__mpfr_struct>) {
        arf_set_mpfr(ball.pointer(to: \.mid)!, x)
        mag_zero(ball.pointer(to: \.rad)!)
    }

    /// out = the ball's midpoint, rounded to out's precision.
    @inline(__always) func store(_ out: UnsafeMutablePointer<__mpfr_struct>, _ ball: UnsafeMutablePointer<arb_struct>) {
        _ = arf_get_mpfr(out, ball.pointer(to: \.mid)!, MPFR_RNDN)
    }

    /// Whether Arb takes x: a regular number of moderate size (exp of |x| < 2^24 stays far inside MPFR's
    /// exponent range; zeros, infinities and NaN keep MPFR's special-value rules).
    @inline(__always) func moderate(_ x: UnsafePointer<__mpfr_struct>) -> Bool {
        mpfr_regular_p(x) != 0 && Int(mpfr_get_exp(x)) < 24 && Int(mpfr_get_exp(x)) > -100_000
    }

    /// out = e^x, faithfully.
    func realExp(_ out: UnsafeMutablePointer<__mpfr_struct>, _ x: UnsafePointer<__mpfr_struct>) {
        guard moderate(x) else { mpfr_exp(out, x, MPFR_RNDN); return }
        load(operand, x)
        arb_exp(first, operand, arbPrecision)
        store(out, first)
    }

    /// out = ln x for x > 0, faithfully.
    func realLog(_ out: UnsafeMutablePointer<__mpfr_struct>, _ x: UnsafePointer<__mpfr_struct>) {
        guard mpfr_regular_p(x) != 0, mpfr_sgn(x) > 0 else { mpfr_log(out, x, MPFR_RNDN); return }
        load(operand, x)
        arb_log(first, operand, arbPrecision)
        store(out, first)
    }

    /// (sin y, cos y), faithfully.
    func sinCos(_ sine: UnsafeMutablePointer<__mpfr_struct>, _ cosine: UnsafeMutablePointer<__mpfr_struct>, _ y: UnsafePointer<__mpfr_struct>) {
        guard moderate(y) else { mpfr_sin_cos(sine, cosine, y, MPFR_RNDN); return }
        load(operand, y)
        arb_sin_cos(first, second, operand, arbPrecision)
        store(sine, first)
        store(cosine, second)
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
        realExp(t, x)
        sinCos(s, c, y)
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
        realLog(realPart(r), wide)
        mpfr_div_2ui(realPart(r), realPart(r), 1, MPFR_RNDN)
        // arg z = atan2(y, x) from Arb's ball at the exact operands (x, y regular: no special case).
        load(operand, y)
        load(other, x)
        arb_atan2(first, operand, other, arbPrecision)
        store(imaginaryPart(r), first)
    }
}
