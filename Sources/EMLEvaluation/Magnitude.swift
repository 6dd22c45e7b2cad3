import CMPFR
import EMLNumbers
import Foundation

/// Limits on the magnitude of balls, checked before the calls whose cost or memory grows with it.
///
/// Arb's exponents are unbounded integers: exp(10^(10^7)) would be computed, digit by digit of its
/// exponent, long after MPFR (and the printer) could hold it. Each check names the operation and position.
enum Magnitude {
    /// |x| ≥ 2^63 (> 3.2·10^18): e^x leaves MPFR's exponent range (2^±(2^62)) at once.
    static let exponentialLimit = 63
    /// Working precision beyond which Bessel functions of orders past ±1000 are refused (measured: 3 s at 3400 bits).
    static let besselLargeOrderBits = 4096
    /// log-Bessel arguments and orders up to 2^1024 (past the largest double): log I, log K stay near ±x.
    static let besselLimit = 1024

    /// sin, cos and exp of an imaginary part reduce modulo 2π, which takes as many bits of π as the
    /// argument's exponent: past 2^20 (|x| ≈ 10^315652) the engine reports the argument instead.
    static func checkReduction(_ f: String, _ x: BallValue, trigonometric: Bool, position: Int) throws(EvaluationError) {
        func check(_ part: Ball) throws(EvaluationError) {
            guard part.isFinite else { return }
            let e = part.magnitudeExponent
            if e != Int.min && e > RangeReduction.exponentLimit { throw RangeReduction.error(f, position, exponent: e) }
        }
        switch x {
        case .real(let re): if trigonometric { try check(re) }
        case .complex(let z):
            if trigonometric { try check(z.real) }
            try check(z.imaginary)
        }
    }

    /// Whether e^w leaves MPFR's range: true where Re w > 2^63 somewhere in the ball, false where
    /// Re w < −2^63 everywhere (the value is below 2^emin), nil where it stays inside.
    static func exponentialOverflows(_ w: BallValue) -> Bool? {
        let re = w.parts.real
        guard re.isFinite, re.magnitudeExponent > exponentialLimit else { return nil }
        return re.isLess(than: -(1 << 62)) ? false : true  // e^(−2^62) = 2^(−6.6e18), below 2^emin
    }

    /// The ball 0 ± 2^emin: a value below MPFR's exponent range, whose sign and digits no printout can show.
    static func belowRange() -> Ball { Ball.make { arb_zero($0); arb_add_error_2exp_si($0, Int(mpfr_get_emin_min()) + 2) } }

    /// x^y with |y·log2|x|| ≥ 2^62 overflows; checked on doubles before Arb raises to that power.
    static func checkPower(_ x: BallValue, _ y: BallValue, position: Int) throws(EvaluationError) {
        let (xr, xi) = x.parts, (yr, yi) = y.parts
        guard xr.isFinite, yr.isFinite, !(xi?.isFinite == false), !(yi?.isFinite == false) else { return }
        func log2Magnitude(_ b: Ball) -> Double {
            let m = b.midpointValue
            guard m.isFinite, !m.isZero else { return -Double.infinity }
            var e = 0
            let d = m.withPointer { mpfr_get_d_2exp(&e, $0, MPFR_RNDN) }
            return Double(e) + log2(abs(d))
        }
        let lx = max(log2Magnitude(xr), xi.map(log2Magnitude) ?? -.infinity)
        let ly = max(log2Magnitude(yr), yi.map(log2Magnitude) ?? -.infinity)
        // |y·log2|x|| = 2^(ly + log2|lx|); past 2^63 the power leaves MPFR's range.
        guard lx.isFinite, ly.isFinite, lx != 0 else { return }
        if ly + log2(abs(lx)) > 63 {
            if yr.isPositive == (lx > 0) || xi != nil || yi != nil { throw .overflow(operation: "'^'", position: position) }
        }
    }

    /// Orders within ±10^9 and arguments below 2^1024: beyond, every method's term counts and Arb's
    /// internal precision grow with them.
    static func checkBessel(_ f: String, _ v: Ball, _ x: Ball, position: Int) throws(EvaluationError) {
        // Orders past 10^9 (the Bessel module's own limit): Arb's expansions there run for minutes (fuzzing found 1.1·10^17).
        if v.isFinite && !(v.isAtMost(1_000_000_000) && v.isAtLeast(-1_000_000_000)) {
            throw .invalidArgument(message: "\(f): the order must be within ±10^9", position: position)
        }
        for (name, b) in [("order", v), ("argument", x)] where b.isFinite && b.magnitudeExponent > besselLimit {
            throw .invalidArgument(message: "\(f): the \(name) must be below 2^\(besselLimit) (about 1.8e308) in magnitude", position: position)
        }
        if !v.isFinite || !x.isFinite {
            if v.isExactInfinity || x.isExactInfinity { throw .undefined(operation: f, position: position, detail: "Bessel functions need finite v and x") }
        }
    }

    /// A finite result beyond MPFR's exponent range: too large is an overflow; too small becomes the
    /// ball 0 ± 2^emin (its sign and digits are past what any printed value can show).
    static func checkRange(_ operation: String, _ v: BallValue, position: Int) throws(EvaluationError) -> BallValue {
        let (re, im) = v.parts
        if re.isModerate && im?.isModerate ?? true { return v }
        let top = Int(mpfr_get_emax_max()) - 2
        for part in [re] + (im.map { [$0] } ?? []) where part.magnitudeExponent != Int.min && part.magnitudeExponent > top {
            throw .overflow(operation: operation, position: position)
        }
        func clamp(_ b: Ball) -> Ball { b.exceedsMPFRRange ? belowRange() : b }
        switch v {
        case .real(let x): return .real(clamp(x))
        case .complex: return .complex(ComplexBall(real: clamp(re), imaginary: clamp(im!)))
        }
    }
}

