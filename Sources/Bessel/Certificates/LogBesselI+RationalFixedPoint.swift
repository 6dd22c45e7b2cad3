import EMLNumbers
import Foundation
import NumericKernels

/// log I's certificate at up to 224 bits for decimal arguments such as v = 2.37, x = 0.5 — rationals
/// v = p/q and x = a/b with small integers, which no double holds, so `FixedPointLogI` cannot take them
/// and Arb's ball functions (about 20 µs a value at 224 bits) were the only way — in 256-bit fixed point.
///
/// The same identity as `FixedPointLogI`: log I_v(x) = v·log(x/2) − log Γ(w) + log(P·S), w = v + 1 + N,
/// P = (v + 1)…(v + N), S = Σ_k (x²/4)^k/(k!(v + 1)_k). Each term of S is the last times a²q (exact) over
/// 4b²·k(kq + p), truncated once (one division, or two where the divisor passes 2^64: ⌊⌊n/c⌋/d⌋ = ⌊n/(cd)⌋).
/// P is formed as Π(p + jq), its q^N taken out as N·log q.
enum RationalFixedPointLogI {
    /// Numerators and denominators up to 2^24: decimals of up to 7 significant digits.
    static let maximumPart: UInt64 = 1 << 24

    /// log I_v(x) and a bound on its absolute error in ulps (2^−256), for v = p/q ≤ 64 and
    /// x = a/b with 2^−30 ≤ x ≤ 24 (as `FixedPointLogI`); nil elsewhere.
    static func logI(_ p: UInt64, _ q: UInt64, _ a: UInt64, _ b: UInt64) -> (value: FixedPoint, error: Double)? {
        guard q > 0, a > 0, b > 0, p < maximumPart, q < maximumPart, a < maximumPart, b < maximumPart else { return nil }
        let v = Double(p) / Double(q), x = Double(a) / Double(b)
        guard v <= FixedPointLogI.maximumOrder,
              x >= 0x1p-30, x <= FixedPointLogI.maximumArgument else { return nil }
        guard let (series, seriesError) = series(p, q, v, a, b) else { return nil }

        // S = m·2^e, m ∈ [1, 2): S ≥ 1, so the shift only drops bits (≤ 1 ulp of m).
        let eS = series.leadingBit - 256
        var m = series.shiftedRight(by: eS)
        var e = eS
        var relative = seriesError / series.doubleValue + 1  // m's relative error in ulps
        var error = 0.0
        var result = FixedPoint.zero
        if p > 0 {
            // P·q^N = Π_{j=1}^{N} (p + jq) folded into m one machine-integer factor at a time (≤ 2 ulp a step).
            let count = UInt64(Swift.max(0, Int((FixedPointLogI.stirlingStart - v - 1).rounded(.up))))
            let W = p + (count + 1) * q
            FixedPointLogI.foldRisingFactors(&m, &e, first: p, step: q, count: count)
            relative += 2 * Double(count)
            let (gamma, gammaError) = FixedPoint.logGamma(W, denominator: q)
            // v·log(x/2) = (p/q)(log(a/2) − log b), a/2 = (a/2^t)·2^(t − 1) with a/2^t ∈ [1, 2) exact.
            let t = 63 - a.leadingZeroBitCount
            let logHalfA = FixedPoint.log(mantissa: FixedPoint(a, shiftedLeftBy: 256 - t), exponent: t - 1)
            let (logB, errorB) = FixedPoint.log(integer: b)
            let logHalf = logHalfA - logB
            let magnitude = (logHalf.isNegative ? -logHalf : logHalf).multiplied(by: p).divided(by: q)
            result = (logHalf.isNegative ? -magnitude : magnitude) - gamma
            error += v * (10 + Double(Swift.abs(t - 1)) / 2 + errorB) + 1 + gammaError
            if q > 1 {
                // log(P·S) = log(m·2^e) − N·log q.
                let (logQ, errorQ) = FixedPoint.log(integer: q)
                result = result - logQ.multiplied(by: count)
                error += Double(count) * errorQ
            }
        }
        result += FixedPoint.log(mantissa: m, exponent: e)
        error += 2 * relative + 10 + Double(Swift.abs(e)) / 2
        return (result, error * 1.01)  // 1% for the bound's own double arithmetic
    }

    /// S = Σ_{k≥0} (x²/4)^k/(k!(v + 1)_k) ≥ 1 and a bound on its absolute error in ulps, v = p/q, x = a/b.
    ///
    /// term_k = ⌊term_(k−1)·a²q/(4b²·k(kq + p))⌋: the product exact while term·a²q < 2^63 (S ≤ I₀(x) ≤ e^x),
    /// the quotient truncated once; earlier errors are carried by the ratio z/(k(k + v)). Once that ratio
    /// is ≤ ½ from the next term on and a term is below 16 ulp, the rest is below that term: it ends there.
    static func series(_ p: UInt64, _ q: UInt64, _ v: Double, _ a: UInt64, _ b: UInt64) -> (sum: FixedPoint, error: Double)? {
        let x = Double(a) / Double(b), zd = x * x / 4
        guard Double(a) * Double(a) * Double(q) * Foundation.exp(x) < 0x1p62 else { return nil }
        let multiplier = a * a * q, divisor = 4 * b * b  // b < 2^24
        var term = FixedPoint.one, sum = FixedPoint.one
        var termError = 0.0, sumError = 0.0
        var k: UInt64 = 0
        while true {
            k += 1
            let (d, overflow) = k.multipliedReportingOverflow(by: k * q + p)
            guard !overflow, k < 1 << 20 else { return nil }
            let (both, wide) = divisor.multipliedReportingOverflow(by: d)
            term = wide ? term.multiplied(by: multiplier).divided(by: divisor).divided(by: d)
                : term.multiplied(by: multiplier).divided(by: both)
            let kd = Double(k)
            termError = termError * (zd / (kd * (kd + v))) + 1
            sum += term
            sumError += termError
            if term.topLimb <= 0 && term.limbs[0] < 16 && zd <= 0.5 * (kd + 1) * (kd + 1 + v) {
                return (sum, sumError + 16 + termError)
            }
        }
    }

    /// log I_v(x) as a ball: the fixed-point value and its bound, nil out of range.
    static func ball(_ v: (numerator: UInt64, denominator: UInt64), _ x: (numerator: UInt64, denominator: UInt64)) -> Ball? {
        guard let (value, error) = logI(v.numerator, v.denominator, x.numerator, x.denominator) else { return nil }
        return Ball(value.bigReal, errorExponent: ulpExponent(error) - FixedPoint.fractionBits)
    }

    /// The digits every point of the certificate's interval rounds to, read in integer arithmetic
    /// (`FixedPoint.decimalReading`); nil where the bound does not decide them.
    static func digits(_ v: (numerator: UInt64, denominator: UInt64), _ x: (numerator: UInt64, denominator: UInt64), digits: Int) -> String? {
        guard let (value, error) = logI(v.numerator, v.denominator, x.numerator, x.denominator) else { return nil }
        return value.decimalReading(errorExponent: ulpExponent(error), digits: digits)
    }

    /// The error bound, in ulps, rounded up to a power of two: its exponent.
    static func ulpExponent(_ error: Double) -> Int { Int(Foundation.log2(Swift.max(error, 1)).rounded(.up)) }

    /// log I_v(x) rounded to `bits` bits where the fixed-point bound decides it; nil elsewhere.
    static func certified(_ v: (numerator: UInt64, denominator: UInt64), _ x: (numerator: UInt64, denominator: UInt64),
                          bits: Int) -> BigReal? {
        guard bits <= FixedPointLogI.maximumBits,
              let (value, error) = logI(v.numerator, v.denominator, x.numerator, x.denominator) else { return nil }
        let errorExponent = ulpExponent(error) - FixedPoint.fractionBits
        return LogBessel.rounded(value.bigReal, errorExponent: errorExponent, bits: bits)
    }
}
