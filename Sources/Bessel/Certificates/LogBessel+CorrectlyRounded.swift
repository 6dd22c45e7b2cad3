import CMPFR
import EMLNumbers
import NumericKernels

extension LogBessel {
    public enum Kind: String, Sendable, CaseIterable {
        case logI = "logi", logK = "logk", i = "i", k = "k"
    }

    /// The value for double arguments, rounded to the nearest double: log I first from the double-double
    /// certificate (`certifiedByDoubleDouble`), otherwise from `certified` at 53 bits: every result is backed
    /// by an error bound.
    ///
    /// This is the arbitrary-precision path used at double width (the reference of the double kernels'
    /// accuracy sweeps, and their fallback off x86): every result is correct, but slower than `logI`/`logK`.
    public static func correctlyRounded(_ kind: Kind, _ v: Double, _ x: Double) throws(DomainError) -> Double {
        guard v.isFinite, x.isFinite else { throw DomainError(message: "v and x must be finite, not v = \(v), x = \(x)") }
        // log I from one double-double evaluation where its bound decides (a 53-bit MPFR number in the normal
        // double range is a double exactly).
        if kind == .logI, let r = certifiedByDoubleDouble(v, x, bits: 53),
           Swift.abs(r.doubleValue) >= 0x1p-1000 {
            return r.doubleValue
        }
        // Otherwise the error-bounded certificates at 53 bits; a result below the normal range is
        // certified again at the bits its subnormal double holds, so that it is rounded once.
        let r = try certified(kind, BigReal(v, precision: 53), BigReal(x, precision: 53), bits: 53)
        guard r.isFinite, !r.isZero, r.exponent < -1021 else { return r.doubleValue }
        if r.exponent < -1074 { return r.isNegative ? -0.0 : 0.0 }  // below half the least subnormal
        return try certified(kind, BigReal(v, precision: 53), BigReal(x, precision: 53), bits: max(r.exponent + 1074, 2)).doubleValue
    }

    public static func value(_ kind: Kind, _ v: BigReal, _ x: BigReal, precision p: Int) throws(DomainError) -> BigReal {
        switch kind {
        case .logI: return try logI(v, x, precision: p)
        case .logK: return try logK(v, x, precision: p)
        case .i: return try besselI(v, x, precision: p)
        case .k: return try besselK(v, x, precision: p)
        }
    }
}

extension LogBessel {
    /// The value rounded to `bits` bits, certified by an error bound: Arb's ball (`certifiedByBalls`)
    /// where none of this module's own certificates applies. log I by its series needs one evaluation: its error bound decides the rounding (`mpfr_can_round`);
    /// up to 60 bits that evaluation is first tried in double-double (`QuickLogI`), up to 224 bits in
    /// 256-bit fixed point (`FixedPointLogI`), and in MPFR where those cannot decide.
    public static func certified(_ kind: Kind, _ v: BigReal, _ x: BigReal, bits: Int) throws(DomainError) -> BigReal {
        try checkPrecision(bits)
        if kind == .logI, let vd = exactDouble(v), let xd = exactDouble(x),
           let value = certifiedByDoubleDouble(vd, xd, bits: bits) ?? FixedPointLogI.certified(vd, xd, bits: bits) {
            return value
        }
        if kind == .logI, let value = try certifiedBySeries(v, x, bits: bits) { return value }
        if kind == .logK, let value = try certifiedKBySeries(v, x, bits: bits) { return value }
        return try certifiedByBalls(kind, v, x, bits: bits)
    }

    /// The value rounded to nearest at `bits` bits where one of the error-bounded certificates applies
    /// (log I: double-double, fixed point, the series; log K: its series), else nil. The rounding is
    /// decided by a proven bound (`mpfr_can_round`), so the result is within half an ulp of the truth.
    public static func bounded(_ kind: Kind, _ v: BigReal, _ x: BigReal, bits: Int) throws(DomainError) -> BigReal? {
        try checkPrecision(bits)
        switch kind {
        case .logI:
            if let vd = exactDouble(v), let xd = exactDouble(x),
               let value = certifiedByDoubleDouble(vd, xd, bits: bits) ?? FixedPointLogI.certified(vd, xd, bits: bits) {
                return value
            }
            return try certifiedBySeries(v, x, bits: bits)
        case .logK: return try certifiedKBySeries(v, x, bits: bits)
        case .i, .k: return nil
        }
    }

    /// log I_v(x) rounded to nearest at `bits` bits for v and x given as fractions of machine integers
    /// (decimals no double holds: 2.37 = 237/100), where the rational fixed-point certificate applies
    /// (`RationalFixedPointLogI`: up to 224 bits, 0 ≤ v ≤ 64, 2^−30 ≤ x ≤ 24), else nil.
    public static func boundedLogI(order v: (numerator: UInt64, denominator: UInt64),
                                   argument x: (numerator: UInt64, denominator: UInt64), bits: Int) -> BigReal? {
        RationalFixedPointLogI.certified(v, x, bits: bits)
    }

    /// The most bits the fixed-point certificates give (their balls carry about 250).
    public static let fixedPointBits = FixedPointLogI.maximumBits

    /// log I_v(x) to about 250 bits as a ball (its fixed-point value and proven bound) for v and x given as
    /// fractions of machine integers, where `boundedLogI` applies; nil elsewhere.
    public static func logIBall(order v: (numerator: UInt64, denominator: UInt64),
                                argument x: (numerator: UInt64, denominator: UInt64)) -> Ball? {
        RationalFixedPointLogI.ball(v, x)
    }

    /// log I_v(x) for v = p/q, x = a/b at `digits` significant digits, as `BigReal.decimalString` writes
    /// them: the same certificate as `logIBall`, its interval read in integer arithmetic (the ends of the
    /// fixed-point value ± its bound rounded to decimal), without MPFR or Arb; nil where it does not decide.
    public static func logIDigits(order v: (numerator: UInt64, denominator: UInt64),
                                  argument x: (numerator: UInt64, denominator: UInt64), digits: Int) -> String? {
        RationalFixedPointLogI.digits(v, x, digits: digits)
    }

    /// The value rounded to `bits` bits from Arb's ball of the scaled Bessel function, the precision rising
    /// on the engine's schedule (`Certification`) until both ends of the ball round to the same `bits`-bit number: a proven bound,
    /// independent of this module's own series, so the tests compare the two.
    static func certifiedByBalls(_ kind: Kind, _ v: BigReal, _ x: BigReal, bits: Int) throws(DomainError) -> BigReal {
        try checkArguments(v, x)
        // x = 0: log I_0(0) = 0, log I_v(0) = −∞, log K_v(0) = +∞, exactly.
        if x.isZero { return try value(kind, v, x, precision: bits) }
        let order = Ball(exactly: v), argument = Ball(exactly: x)
        let result = try Certification.run(bits: bits) { (p, _) throws(DomainError) -> Certification.Step<BigReal> in
            let log = try logBall(kind == .logI || kind == .i ? .logI : .logK, order, argument, precision: p)
            // I and K from their logs: a ball in, a ball out, overflowing as the value does.
            let ball = kind == .logI || kind == .logK ? log : withExtendedLifetime(log) { Ball.make { arb_exp($0, log.pointer, p) } }
            if ball.isFinite {
                let (lower, upper) = ball.bounds(bits: bits + 64)
                let a = lower.rounded(toPrecision: bits), b = upper.rounded(toPrecision: bits)
                if a == b { return .decided(a) }
            }
            return .short(by: ball.isFinite && !ball.containsZero ? bits - ball.relativeAccuracyBits : nil)
        }
        if let result { return result.value }
        throw DomainError(message: "could not certify \(kind.rawValue)(\(v.doubleValue), \(x.doubleValue)) to \(bits) bits: the error bound did not decide them")
    }

    /// log K_v(x) rounded to `bits` bits from the series and its error bound (non-integer |v| ≤ 30,
    /// 0 < x ≤ 30), guard bits grown from the bound until it decides the rounding; nil elsewhere.
    static func certifiedKBySeries(_ v: BigReal, _ x: BigReal, bits: Int) throws(DomainError) -> BigReal? {
        try checkArguments(v, x)
        let a = abs(v)
        guard !x.isZero, usesSeriesForK(a.doubleValue, x.doubleValue), !isInteger(a) else { return nil }
        // About 2.9·x bits cancel between the halves; the bound's own terms take a few more.
        var guardBits = 24 + Int(2.9 * x.doubleValue)
        for _ in 0..<4 {
            let w = bits + guardBits
            guard let (value, error) = logKSeries(a, x, workingPrecision: w) else { guardBits *= 2; continue }
            if let rounded = rounded(value, errorExponent: error, bits: bits) { return rounded }
            // Short by (error − (exponent − bits − 8)) bits, or a rounding boundary: add what is missing and 16.
            guardBits += Swift.max(error - (value.exponent - bits - 8), 0) + 16
        }
        return nil
    }

    /// log I_v(x) rounded to `bits` bits from one series evaluation and its error bound, or nil where
    /// the series does not apply (v < 0, x = 0, long series) or the bound cannot decide the rounding.
    static func certifiedBySeries(_ v: BigReal, _ x: BigReal, bits: Int) throws(DomainError) -> BigReal? {
        try checkArguments(v, x)
        guard !v.isNegative, !x.isZero else { return nil }
        let vd = v.doubleValue, xd = x.doubleValue
        let peak = seriesPeak(vd, xd)
        guard peak <= seriesTermLimit else { return nil }
        let q = bits + 24 + bitLength(Int(peak) + 64) + bitLength(Int(vd))
        let (value, error) = logISeries(v, x, workingPrecision: q)
        return rounded(value, errorExponent: error, bits: bits)
    }

    /// `value` rounded to `bits` bits where no error below 2^errorExponent (absolute) can change that
    /// rounding (`mpfr_can_round`: toward zero at one bit more decides round-to-nearest); nil where one
    /// can, and for zero, whose exponent says nothing.
    static func rounded(_ value: BigReal, errorExponent: Int, bits: Int) -> BigReal? {
        guard !value.isZero, value.withPointer({
            mpfr_can_round($0, value.exponent - errorExponent, MPFR_RNDN, MPFR_RNDZ, mpfr_prec_t(bits + 1))
        }) != 0 else { return nil }
        return value.rounded(toPrecision: bits)
    }
}
