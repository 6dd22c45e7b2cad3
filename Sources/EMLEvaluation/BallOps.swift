import CMPFR
import EMLNumbers
import EMLSyntax

typealias RealBallPointer = UnsafeMutablePointer<arb_struct>
typealias ComplexBallPointer = UnsafeMutablePointer<acb_struct>

/// The primitives of certified evaluation on balls, with the engine's branch conventions.
///
/// Each returns a ball that contains the exact value for every point of its operands. A ball that
/// cannot say which side of a singularity or a cut it is on comes back non-finite (Arb's indeterminate
/// ball); the evaluator then raises the precision. Reals stay real, so on a cut the side is exact.
enum BallOps {
    static func real(_ body: (RealBallPointer) -> Void) -> BallValue { .real(Ball.make(body)) }
    static func complex(_ body: (ComplexBallPointer) -> Void) -> BallValue { .complex(ComplexBall.make(body)) }

    static func real(_ x: Ball, _ f: (RealBallPointer, RealBallPointer) -> Void) -> BallValue {
        real { f($0, x.pointer) }
    }

    static func complex(_ z: BallValue, _ f: (ComplexBallPointer, ComplexBallPointer) -> Void) -> BallValue {
        let a = z.complexBall
        return complex { f($0, a.pointer) }
    }

    /// x + i·y from two real balls.
    static func makeComplex(_ x: Ball, _ y: Ball) -> BallValue { .complex(ComplexBall(real: x, imaginary: y)) }

    static func pi(_ p: Int) -> Ball { Ball.make { arb_const_pi($0, p) } }

    static func negate(_ x: BallValue) -> BallValue {
        switch x {
        case .real(let a): return real(a) { arb_neg($0, $1) }
        case .complex: return complex(x) { acb_neg($0, $1) }
        }
    }

    /// A binary operation on real balls when both operands are real, on complex balls otherwise.
    static func arithmetic(_ x: BallValue, _ y: BallValue,
                           _ real: (RealBallPointer, RealBallPointer, RealBallPointer) -> Void,
                           _ complex: (ComplexBallPointer, ComplexBallPointer, ComplexBallPointer) -> Void) -> BallValue {
        if case .real(let a) = x, case .real(let b) = y { return BallOps.real { real($0, a.pointer, b.pointer) } }
        let a = x.complexBall, b = y.complexBall
        return BallOps.complex { complex($0, a.pointer, b.pointer) }
    }

    static func add(_ x: BallValue, _ y: BallValue, _ p: Int) -> BallValue {
        arithmetic(x, y, { arb_add($0, $1, $2, p) }, { acb_add($0, $1, $2, p) })
    }

    static func subtract(_ x: BallValue, _ y: BallValue, _ p: Int) -> BallValue {
        arithmetic(x, y, { arb_sub($0, $1, $2, p) }, { acb_sub($0, $1, $2, p) })
    }

    static func multiply(_ x: BallValue, _ y: BallValue, _ p: Int) -> BallValue {
        arithmetic(x, y, { arb_mul($0, $1, $2, p) }, { acb_mul($0, $1, $2, p) })
    }

    static func divide(_ x: BallValue, _ y: BallValue, _ p: Int) -> BallValue {
        arithmetic(x, y, { arb_div($0, $1, $2, p) }, { acb_div($0, $1, $2, p) })
    }

    /// exp(x); an exponent beyond MPFR's range is an overflow, reported by the caller from the result.
    static func exp(_ x: BallValue, _ p: Int) -> BallValue {
        switch x {
        case .real(let a): return real(a) { arb_exp($0, $1, p) }
        case .complex: return complex(x) { acb_exp($0, $1, p) }
        }
    }

    /// Principal ln: ln x for x > 0, ln|x| + iπ for x < 0; a real ball around 0 is undecided.
    static func ln(_ x: BallValue, _ p: Int) -> BallValue {
        guard case .real(let a) = x else { return complex(x) { acb_log($0, $1, p) } }
        if a.isPositive { return real(a) { arb_log($0, $1, p) } }
        if a.isNegative { return makeComplex(Ball.make { arb_neg($0, a.pointer); arb_log($0, $0, p) }, pi(p)) }
        return .real(.indeterminate())
    }

    /// The logarithm inside eml: principal, but ln|x| − iπ on the negative axis (arg in [−π, π)).
    /// A complex ball whose imaginary part still contains 0 while its real part can be negative is undecided.
    static func logLowerEdge(_ y: BallValue, _ p: Int) -> BallValue {
        if case .real(let a) = y, a.isNegative {
            return makeComplex(Ball.make { arb_neg($0, a.pointer); arb_log($0, $0, p) }, Ball.make { arb_const_pi($0, p); arb_neg($0, $0) })
        }
        if case .complex(let z) = y, arb_contains_zero(z.imaginaryPart) != 0 {
            if arb_is_zero(z.imaginaryPart) != 0 { return logLowerEdge(.real(z.real), p) }
            if arb_is_positive(z.realPart) == 0 { return .complex(ComplexBall(real: .indeterminate(), imaginary: .indeterminate())) }
        }
        return ln(y, p)
    }

    static func sqrt(_ x: BallValue, _ p: Int) -> BallValue {
        guard case .real(let a) = x else { return complex(x) { acb_sqrt($0, $1, p) } }
        if arb_is_nonnegative(a.pointer) != 0 { return real(a) { arb_sqrt($0, $1, p) } }
        if a.isNegative { return makeComplex(Ball(0), Ball.make { arb_neg($0, a.pointer); arb_sqrt($0, $0, p) }) }
        // Straddling 0: real or imaginary, each part at most √|x|.
        let r = Ball.make { arb_abs($0, a.pointer); arb_sqrtpos($0, $0, p); aroundZero($0) }
        return makeComplex(r, r)
    }

    /// x^y where it is real (x > 0, x = 0, or an exact integer y) or an exact integer power of a complex x;
    /// nil for the principal power exp(y·ln x), which the caller builds from `powerExponent` with its checks.
    static func power(_ x: BallValue, _ y: BallValue, _ p: Int) -> BallValue? {
        if case .real(let b) = y, let n = exactInteger(b) {
            switch x {
            case .real(let a) where !(a.isZero && n.isNegative):
                return real { r in withFmpz(n) { arb_pow_fmpz(r, a.pointer, $0, p) } }
            case .complex(let z): return complex { r in withFmpz(n) { acb_pow_fmpz(r, z.pointer, $0, p) } }
            default: break
            }
        }
        if case .real(let b) = y, b.isExact, !x.isExactZero,
           let k = exactInteger(Ball.make { arb_mul_2exp_si($0, b.pointer, 1) }) {
            // x^(k/2) = (√x)^k on the principal branch for every x ≠ 0: (−3)^(5/2) keeps an exact zero real part.
            switch sqrt(x, p) {
            case .real(let r): return real { out in withFmpz(k) { arb_pow_fmpz(out, r.pointer, $0, p) } }
            case .complex(let z): return complex { out in withFmpz(k) { acb_pow_fmpz(out, z.pointer, $0, p) } }
            }
        }
        guard case .real(let a) = x, case .real(let b) = y else { return nil }
        if a.isZero {
            // 0^y = 0 for y > 0, 1 for y = 0, +∞ for y < 0 (MPFR's pow(+0, y)).
            if b.isPositive { return .real(Ball(0)) }
            if b.isZero { return .real(Ball(1)) }
            if b.isNegative { return .real(.infinity(negative: false)) }
            return .real(.indeterminate())
        }
        if a.isPositive { return real { arb_pow($0, a.pointer, b.pointer, p) } }
        return a.isNegative ? nil : .real(.indeterminate())
    }

    /// y·ln x, the exponent of the principal power (ln of a negative real on its upper edge, exactly).
    static func powerExponent(_ x: BallValue, _ y: BallValue, _ p: Int) -> BallValue { multiply(y, ln(x, p), p) }

    /// The exact integer value of `b` if it has at most 4096 bits (larger ones come from overflowing powers).
    static func exactInteger(_ b: Ball) -> BigReal? {
        guard b.isExact, b.isInteger else { return nil }
        let m = b.midpointValue
        return m.isZero || m.exponent <= 4096 ? m : nil
    }

    static func withFmpz<R>(_ n: BigReal, _ body: (UnsafeMutablePointer<fmpz>) -> R) -> R {
        let z = UnsafeMutablePointer<fmpz>.allocate(capacity: 1)
        fmpz_init(z)
        defer { fmpz_clear(z); z.deallocate() }
        let m = UnsafeMutablePointer<__mpz_struct>.allocate(capacity: 1)
        __gmpz_init(m)
        n.withPointer { _ = mpfr_get_z(m, $0, MPFR_RNDN) }
        fmpz_set_mpz(z, m)
        __gmpz_clear(m)
        m.deallocate()
        return body(z)
    }

    static func cbrt(_ x: BallValue, _ p: Int) -> BallValue {
        guard case .real(let a) = x else {
            // z·exp(ln(z²)/(−3)): the branch the EML construction defines.
            let third = divide(ln(multiply(x, x, p), p), .real(Ball(-3)), p)
            return multiply(x, exp(third, p), p)
        }
        if arb_is_nonnegative(a.pointer) != 0 { return real(a) { arb_root_ui($0, $1, 3, p) } }
        if a.isNegative { return real(a) { arb_neg($0, $1); arb_root_ui($0, $0, 3, p); arb_neg($0, $0) } }
        return real(a) { r, s in arb_abs(r, s); arb_root_ui(r, r, 3, p); aroundZero(r) }
    }

    /// Whether −1 ≤ x ≤ 1 for every point of the ball, and whether x > 1 or x < −1 for every point.
    static func unitInterval(_ a: Ball) -> (inside: Bool, above: Bool, below: Bool) {
        (a.isAtMost(1) && a.isAtLeast(-1), a.isGreater(than: 1), a.isLess(than: -1))
    }

    /// f on a real ball, given piecewise on (−∞, −1], [−1, 1] and [1, ∞) (sides −1, 0, 1, each closed so
    /// that the pieces agree at ±1). A ball across ±1 is split there and the two pieces' values joined
    /// in one complex ball: asin(sin(π/2)) is π/2 within the ball's bound, not undecided.
    static func onRealAxis(_ a: Ball, _ p: Int, branchPoints: [Int], _ f: (Ball, Int) -> BallValue) -> BallValue {
        let (inside, above, below) = unitInterval(a)
        if inside { return f(a, 0) }
        if above || a.isAtLeast(1) { return f(a, 1) }
        if below || a.isAtMost(-1) { return f(a, -1) }
        guard a.isFinite else { return .real(.indeterminate()) }
        let c = branchPoints.first { a.isLess(than: $0) == false && a.isGreater(than: $0) == false && !(a.isAtMost(-1) || a.isAtLeast(1)) }
        let (lower, upper) = a.bounds(bits: p + 64)
        // A ball wider than one branch point's neighbourhood (it holds both ±1) stays undecided.
        guard let c, !(lower.doubleValue < -1 && upper.doubleValue > 1) else { return .real(.indeterminate()) }
        // Each piece's parts are monotone (asin, acos, acosh and their continuations off [−1, 1]), so the
        // values at its ends bound it: evaluated at the exact points lo, c and hi, where the derivative's
        // pole at c cannot widen them.
        let point = BigReal(c, precision: 64)
        let values = [(lower, c == 1 ? 0 : -1), (point, c == 1 ? 0 : -1), (point, c == 1 ? 1 : 0), (upper, c == 1 ? 1 : 0)]
            .map { f(Ball(exactly: $0.0), $0.1).complexBall }
        return .complex(ComplexBall.make { z in
            withExtendedLifetime(values) {
                let re = z.pointer(to: \.real)!, im = z.pointer(to: \.imag)!
                arb_set(re, values[0].realPart)
                arb_set(im, values[0].imaginaryPart)
                for v in values.dropFirst() {
                    arb_union(re, re, v.realPart, p)
                    arb_union(im, im, v.imaginaryPart, p)
                }
            }
        })
    }

    static func acoshReal(_ a: Ball, _ p: Int) -> Ball { Ball.make { arb_acosh($0, a.pointer, p) } }
    static func halfPi(_ p: Int, negative: Bool = false) -> Ball {
        Ball.make { arb_const_pi($0, p); arb_mul_2exp_si($0, $0, -1); if negative { arb_neg($0, $0) } }
    }

    static func call(_ f: Function, _ xs: [BallValue], _ p: Int) -> BallValue {
        let x = xs[0]
        let a: Ball? = { if case .real(let r) = x { return r } else { return nil } }()
        func unary(_ r: (RealBallPointer, RealBallPointer, Int) -> Void, _ c: (ComplexBallPointer, ComplexBallPointer, Int) -> Void) -> BallValue {
            if let a { return real(a) { r($0, $1, p) } }
            return complex(x) { c($0, $1, p) }
        }
        switch f {
        case .exp: return exp(x, p)
        case .ln: return ln(x, p)
        case .logBase: return divide(ln(xs[1], p), ln(x, p), p)
        case .log2: return divide(ln(x, p), ln(.real(Ball(2)), p), p)
        case .log10: return divide(ln(x, p), ln(.real(Ball(10)), p), p)
        case .sqrt: return sqrt(x, p)
        case .cbrt: return cbrt(x, p)
        case .sin: return unary({ arb_sin($0, $1, $2) }, { acb_sin($0, $1, $2) })
        case .cos: return unary({ arb_cos($0, $1, $2) }, { acb_cos($0, $1, $2) })
        case .tan: return unary({ arb_tan($0, $1, $2) }, { acb_tan($0, $1, $2) })
        case .sec: return unary({ arb_sec($0, $1, $2) }, { acb_sec($0, $1, $2) })
        case .csc: return unary({ arb_csc($0, $1, $2) }, { acb_csc($0, $1, $2) })
        case .cot: return unary({ arb_cot($0, $1, $2) }, { acb_cot($0, $1, $2) })
        case .sinh: return unary({ arb_sinh($0, $1, $2) }, { acb_sinh($0, $1, $2) })
        case .cosh: return unary({ arb_cosh($0, $1, $2) }, { acb_cosh($0, $1, $2) })
        case .tanh: return unary({ arb_tanh($0, $1, $2) }, { acb_tanh($0, $1, $2) })
        case .asinh: return unary({ arb_asinh($0, $1, $2) }, { acb_asinh($0, $1, $2) })
        case .atan: return unary({ arb_atan($0, $1, $2) }, { acb_atan($0, $1, $2) })
        // Off [−1, 1] the real axis is a cut: x > 1 is continuous with the lower half plane, x < −1 with the upper.
        case .asin:
            guard let a else { return complex(x) { acb_asin($0, $1, p) } }
            return onRealAxis(a, p, branchPoints: [-1, 1]) { a, side in
                switch side {
                case 0: return real(a) { arb_asin($0, $1, p) }
                case 1: return makeComplex(halfPi(p), Ball.make { arb_acosh($0, a.pointer, p); arb_neg($0, $0) })   // π/2 − i·acosh x
                default: return makeComplex(halfPi(p, negative: true), Ball.make { arb_neg($0, a.pointer); arb_acosh($0, $0, p) })  // −π/2 + i·acosh(−x)
                }
            }
        case .acos:
            guard let a else { return complex(x) { acb_acos($0, $1, p) } }
            return onRealAxis(a, p, branchPoints: [-1, 1]) { a, side in
                switch side {
                case 0: return real(a) { arb_acos($0, $1, p) }
                case 1: return makeComplex(Ball(0), acoshReal(a, p))    // i·acosh x
                default: return makeComplex(pi(p), Ball.make { arb_neg($0, a.pointer); arb_acosh($0, $0, p); arb_neg($0, $0) })  // π − i·acosh(−x)
                }
            }
        case .acosh:
            guard let a else { return complex(x) { acb_acosh($0, $1, p) } }
            // Below 1, on the upper edge: i·acos x on [−1, 1), acosh(−x) + iπ below −1.
            return onRealAxis(a, p, branchPoints: [-1, 1]) { a, side in
                switch side {
                case 0: return makeComplex(Ball(0), Ball.make { arb_acos($0, a.pointer, p) })
                case 1: return real(a) { arb_acosh($0, $1, p) }
                default: return makeComplex(Ball.make { arb_neg($0, a.pointer); arb_acosh($0, $0, p) }, pi(p))
                }
            }
        case .atanh:
            guard let a else { return complex(x) { acb_atanh($0, $1, p) } }
            let (_, above, below) = unitInterval(a)
            if a.isLess(than: 1) && a.isGreater(than: -1) { return real(a) { arb_atanh($0, $1, p) } }
            // Off [−1, 1]: atanh(1/x) + iπ/2 on both rays (C99 catanh(x + 0i), and the EML form ½(ln(1+z) − ln(1−z))).
            if above || below { return makeComplex(Ball.make { arb_inv($0, a.pointer, p); arb_atanh($0, $0, p) }, halfPi(p)) }
            return .real(.indeterminate())
        case .hypot:
            if let a, case .real(let b) = xs[1] { return real { arb_hypot($0, a.pointer, b.pointer, p) } }
            return sqrt(add(multiply(x, x, p), multiply(xs[1], xs[1], p), p), p)
        case .abs:
            if let a { return real(a) { arb_abs($0, $1) } }
            let z = x.complexBall
            return real { acb_abs($0, z.pointer, p) }
        case .eml:
            let v = subtract(exp(x, p), logLowerEdge(xs[1], p), p)
            if case .complex(let z) = v, arb_is_zero(z.imaginaryPart) != 0 { return .real(z.real) }
            return v
        case .atan2:
            guard let a, case .real(let b) = xs[1] else { return .real(.indeterminate()) }
            return real { arb_atan2($0, a.pointer, b.pointer, p) }
        case .logbesseli, .logbesselk, .besseli, .besselk: fatalError("evaluated by BallEvaluator")
        }
    }
}

/// r := 0 ± max |r|: a ball symmetric about zero that contains r and −r.
func aroundZero(_ r: RealBallPointer) {
    let m = UnsafeMutablePointer<mag_struct>.allocate(capacity: 1)
    mag_init(m)
    defer { mag_clear(m); m.deallocate() }
    arb_get_mag(m, r)
    arb_zero(r)
    arb_add_error_mag(r, m)
}
