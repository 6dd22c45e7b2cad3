import EMLNumbers
import Foundation
import NumericKernels

/// log I's certificate at 61–224 bits in 256-bit fixed point (`FixedPoint`): the series evaluated once
/// with a bound on its absolute error, rounded where the bound decides the rounding. At 60 digits the
/// MPFR series spends most of its ~13 µs in call overhead around one-limb operations; this does the
/// same work inline, and hands the rest (bound too wide, arguments out of range) to the MPFR series.
///
/// log I_v(x) = v·log(x/2) − log Γ(w) + log(P·S), w = v + 1 + N, P = (v + 1)(v + 2)…(v + N), S = Σ_k
/// (x²/4)^k/(k!(v+1)_k): Stirling's series at w, and one log for the product and the series together.
/// v and x are doubles: v = n/2^s exactly, so each factor of P and each divisor of the series is a
/// machine integer.
enum FixedPointLogI {
    static let maximumBits = 224
    /// Beyond them S or the series' divisors leave the machine words the kernel is written for.
    static let maximumOrder = 64.0
    static let maximumArgument = 24.0
    /// Stirling's series starts at w ≥ this: 43 terms at w = 40, 36 at 60 and 29 at 80 against one
    /// machine-integer product per unit of shift (timings flat from 40 to 110).
    static let stirlingStart = 60.0

    /// log I_v(x) and a bound on its absolute error in ulps (2^−256), for v = 0 or 2^−4 ≤ v ≤ 64 and
    /// 2^−30 ≤ x ≤ 24 (doubles); nil elsewhere.
    static func logI(_ v: Double, _ x: Double) -> (value: FixedPoint, error: Double)? {
        guard v == 0 || (v >= 0x1p-4 && v <= maximumOrder), x >= 0x1p-30, x <= maximumArgument else { return nil }
        // v = n/2^s with s ≥ 0 (n odd unless s = 0).
        var n: UInt64 = 0, s = 0
        if v > 0 {
            let (odd, scale) = v.dyadicParts
            s = Swift.max(scale, 0)
            n = scale >= 0 ? odd : odd << UInt64(-scale)  // an even integer v ≤ 64
        }
        guard s < 60 else { return nil }
        guard let (series, seriesError) = series(n, s, v, x) else { return nil }

        // S = mS·2^eS, mS ∈ [1, 2): S ≥ 1, so the shift only drops bits (≤ 1 ulp of mS).
        let eS = series.leadingBit - 256
        var m = series.shiftedRight(by: eS)
        var e = eS
        // Relative error of m so far, in ulps: the series' and the shift's.
        var relative = seriesError / series.doubleValue + 1
        var error = 0.0
        var result = FixedPoint.zero
        if v > 0 {
            // P = Π_{j=1}^{N} (n + j·2^s)/2^s folded into m (`foldRisingFactors`); each step
            // rounds twice (product and renormalisation, ≤ 2 ulp of a value in [1, 2)).
            let count = Swift.max(0, Int((stirlingStart - v - 1).rounded(.up)))
            let W = n + UInt64(count + 1) << UInt64(s)
            guard UInt64(count + 1) < 1 << (62 - s), W < 1 << 62 else { return nil }
            e -= s * count
            foldRisingFactors(&m, &e, first: n, step: 1 << UInt64(s), count: UInt64(count))
            relative += 2 * Double(count)
            let (gamma, gammaError) = FixedPoint.logGamma(W, scale: s)
            // v·log(x/2): x/2 = (significand)·2^(exponent − 1) exactly.
            let logHalf = FixedPoint.log(mantissa: FixedPoint(x.significandBitPattern | (1 << 52), shiftedLeftBy: 204),
                                         exponent: Int(x.exponent) - 1)
            let magnitude = (logHalf.isNegative ? -logHalf : logHalf).multiplied(by: n, shiftedRightBy: s)
            let vLog = logHalf.isNegative ? -magnitude : magnitude
            result = vLog - gamma
            error += v * (10 + Double(Swift.abs(Int(x.exponent) - 1)) / 2) + 1 + gammaError
        }
        // m·2^e = P·S within `relative` ulps relatively; its log within 10 + |e|/2 more.
        result += FixedPoint.log(mantissa: m, exponent: e)
        error += 2 * relative + 10 + Double(Swift.abs(e)) / 2
        return (result, error * 1.01)  // 1% for the bound's own double arithmetic
    }

    /// m·2^e times Π_{j=1}^{count} (first + j·step), m ∈ [1, 2) kept there, one machine-integer factor at a
    /// time: each step rounds twice (product and renormalisation, ≤ 2 ulp of a value in [1, 2)).
    @inline(__always) static func foldRisingFactors(_ m: inout FixedPoint, _ e: inout Int, first: UInt64, step: UInt64, count: UInt64) {
        var j: UInt64 = 0
        while j < count {
            j += 1
            let f = first + j * step
            let b = 63 - f.leadingZeroBitCount
            m = m.multiplied(by: f, shiftedRightBy: b)
            e += b
            if m.limbs[4] >= 2 { m = m.shiftedRight(by: 1); e += 1 }
        }
    }

    /// S = Σ_{k≥0} (x²/4)^k/(k!(v+1)_k) ≥ 1 and a bound on its absolute error in ulps, v = n/2^s.
    ///
    /// Term k = term_{k−1}·z·2^s/(k(k·2^s + n)), z = x²/4 exact in fixed point: a truncated product
    /// (≤ 4 ulp) and one or two truncated divisions by machine integers (≤ 1 ulp each), earlier errors
    /// carried by the ratio r_k = z/(k(k + v)). Once r_(k+1) ≤ ½ (the ratios fall from there on) and a
    /// term is below 16 ulp, the rest of the series is below that term: it ends there.
    static func series(_ n: UInt64, _ s: Int, _ v: Double, _ x: Double) -> (sum: FixedPoint, error: Double)? {
        let mx = x.significandBitPattern | (1 << 52)
        let (hi, lo) = mx.multipliedFullWidth(by: mx)
        // z = mx²·2^(2·exponent − 106) = mx²·2^(2·exponent + 150) ulps.
        let z = FixedPoint(high: hi, low: lo, shiftedLeftBy: 2 * Int(x.exponent) + 150)
        let zd = x * x / 4
        var term = FixedPoint.one, sum = FixedPoint.one
        var termError = 0.0, sumError = 0.0
        var k: UInt64 = 0
        while true {
            k += 1
            guard s == 0 || k + 65 < 1 << UInt64(64 - s) else { return nil }  // k·2^s + n < 2^64 (n/2^s ≤ 64)
            let d2 = k << UInt64(s) + n
            term = FixedPoint.multiply(term, z)
            let (d, overflow) = k.multipliedReportingOverflow(by: d2)
            let kd = Double(k)
            let divisor = kd * (kd + v)
            if overflow {
                term = term.divided(by: k).divided(by: d2, shiftedLeftBy: s)
                termError = termError * (zd / divisor) + 4 / divisor + 2
            } else {
                term = term.divided(by: d, shiftedLeftBy: s)
                termError = termError * (zd / divisor) + 4 / divisor + 1
            }
            sum += term
            sumError += termError
            if term.topLimb <= 0 && term.limbs[0] < 16 && zd <= 0.5 * (kd + 1) * (kd + 1 + v) {
                return (sum, sumError + 16 + termError)
            }
        }
    }

    /// log I_v(x) rounded to `bits` bits where the fixed-point bound decides it; nil elsewhere.
    static func certified(_ v: Double, _ x: Double, bits: Int) -> BigReal? {
        guard bits <= maximumBits, let (value, error) = logI(v, x) else { return nil }
        let errorExponent = Int(Foundation.log2(Swift.max(error, 1)).rounded(.up)) - FixedPoint.fractionBits
        return LogBessel.rounded(value.bigReal, errorExponent: errorExponent, bits: bits)
    }
}
