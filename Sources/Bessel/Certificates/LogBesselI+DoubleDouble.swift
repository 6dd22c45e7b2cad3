import CMPFR
import EMLNumbers
import Foundation
import NumericKernels

/// The quick phase of log I's certificate at up to 60 bits: the series evaluated once in double-double
/// (about 100 bits) with a bound on its error, rounded when the bound decides the rounding. MPFR at 88
/// bits costs ~8 µs a point, nearly all of it call overhead and divisions by machine integers; this costs
/// well under one, and hands the rest (bound too wide, arguments out of its range) to the MPFR series.
///
/// Every bound below is a sum of the per-operation errors of the double-double arithmetic (at most
/// 2^−102 relatively for ·, /, and 2^−103 of the operands' magnitudes for +, taken generously from
/// the 2^−104 of Dekker's analysis), and the whole is multiplied by 4 before it is used.
enum QuickLogI {
    /// Largest order and series length it accepts: beyond them the MPFR path is as fast or the bounds grow.
    static let maximumOrder = 1e4
    static let maximumTerms = 512
    /// Above it the bound (about 2^−65 of a value near 1) rarely decides the rounding: the MPFR path at once.
    static let maximumBits = 60
    /// Beyond it S₁ ≈ I_v(x)·Γ(v+1)/(x/2)^v could leave the double range (e^600 ≈ 2^866).
    static let maximumArgument = 600.0

    /// 1/12 as a double-double: Stirling's first coefficient.
    static let twelfth = DoubleDouble(1) / DoubleDouble(12)

    /// log I_v(x) and a bound on its absolute error, for 0 ≤ v ≤ 10^4 and 2^−480 ≤ x ≤ 600 with a
    /// series peak below 512 terms; nil elsewhere.
    ///
    /// log I_v(x) = v·log(x/2) − log Γ(v + 1) + log(1 + S₁), S₁ = Σ_{k≥1} (x²/4)^k/(k!(v+1)_k).
    static func logI(_ v: Double, _ x: Double) -> (value: DoubleDouble, error: Double)? {
        guard v >= 0, v <= maximumOrder, x >= 0x1p-480, x <= maximumArgument,
              LogBessel.seriesPeak(v, x) < Double(maximumTerms) else { return nil }
        guard let (series, seriesError) = besselISeries(v, x) else { return nil }
        // log(1 + S₁): the relative errors of S₁ and of 1 + S₁ pass into the log as absolute ones.
        let onePlus = series + 1
        let logSeries = DoubleDouble.accurateLog(onePlus)
        var error = logError(logSeries) + seriesError / onePlus.hi + 0x1p-103
        guard v > 0 else { return (logSeries, 4 * error) }

        // v·log(x/2) = v·(log x − log 2)
        let logX = DoubleDouble.accurateLog(DoubleDouble(x))
        let logHalf = logX - LogTable.ln2
        let orderLog = logHalf * v
        error += v * (logError(logX) + 0x1p-106 + 0x1p-103 * (abs(logX.hi) + 1)) + 0x1p-102 * abs(orderLog.hi)

        let (logGamma, gammaError) = logGammaOfSuccessor(v)
        error += gammaError
        let value = orderLog - logGamma + logSeries
        error += 0x1p-102 * (abs(orderLog.hi) + abs(logGamma.hi) + abs(logSeries.hi))
        return (value, 4 * error)
    }

    /// `DoubleDouble.accurateLog`'s bound at its result.
    @inline(__always) static func logError(_ log: DoubleDouble) -> Double { 0x1p-72 + 0x1p-100 * (abs(log.hi) + 1) }

    /// S₁ = Σ_{k≥1} t_k, t_k = t_{k−1}·z/(k(k + v)), z = x²/4 (exact), with a bound on its absolute error.
    ///
    /// Each step rounds three times (k + v exactly by two-sum, then ·k, /, ·), so t_k is off by at most
    /// k·2^−100 relatively; the sum adds 2^−103 per term. It stops once t_k < 2^−110·S and the next
    /// ratio is below ½ (then the later ratios are too, so the tail is below t_k): (K + 1)·2^−99·S in all.
    static func besselISeries(_ v: Double, _ x: Double) -> (sum: DoubleDouble, error: Double)? {
        let square = DoubleDouble.twoProduct(x, x)
        let z = DoubleDouble(0.25 * square.hi, 0.25 * square.lo)
        var term = DoubleDouble(1), sum = DoubleDouble(0)
        var k = 0
        while k < 4 * maximumTerms {
            k += 1
            let kd = Double(k)
            let denominator = DoubleDouble.twoSum(kd, v) * kd
            term = term * z / denominator
            sum = sum + term
            let next = (kd + 1) * (kd + 1 + v)
            if term.hi < 0x1p-110 * sum.hi && z.hi < 0.45 * next {
                return (sum, Double(k + 1) * 0x1p-99 * sum.hi)
            }
        }
        return nil
    }

    /// log Γ(1 + v) for 0 ≤ v ≤ 10^4, with a bound on its absolute error.
    ///
    /// Stirling's series at W = 1 + v + N ≥ 32 (N = 0 when v ≥ 31), where nine terms leave less than
    /// 2^−94, less log((1 + v)(2 + v)…(N + v)); the first term in double-double, the rest (below 2^−23)
    /// in double. The error is dominated by (W − ½)·log W's W·2^−72.
    static func logGammaOfSuccessor(_ v: Double) -> (value: DoubleDouble, error: Double) {
        let w = DoubleDouble.twoSum(1, v)
        let shift = Swift.max(0, 32 - Int(w.hi))
        var product = DoubleDouble(1)
        for j in 0..<shift { product = product * (w + Double(j)) }
        let big = w + Double(shift)
        let logBig = DoubleDouble.accurateLog(big)
        let inverse = DoubleDouble(1) / big
        let first = inverse * twelfth
        let y = inverse.hi, y2 = y * y
        // Σ_{k=2}^{9} B_2k/(2k(2k − 1)·W^(2k−1)): below 2^−23.5 at W ≥ 32, so 16 roundings of 2^−53 stay below 2^−72.
        let rest = DoubleDouble.stirlingTail(y2) * y * y2
        let leading = (big - 0.5) * logBig
        var value = leading - big + DebyeExpansion.halfLogTwoPi + (first + rest)
        // (W − ½)·log W: log W's error times W, W − ½ and the product 2^−101 of it.
        var error = big.hi * logError(logBig) + 0x1p-101 * abs(leading.hi)
            + 0x1p-49 * abs(rest) + 0x1p-100 * abs(first.hi) + 0x1p-94
            + 0x1p-101 * (abs(leading.hi) + big.hi + 1)
        if shift > 0 {
            let logProduct = DoubleDouble.accurateLog(product)
            value = value - logProduct
            // Each factor and product rounds by 2^−102 relatively: shift·2^−101 in the log.
            error += logError(logProduct) + Double(shift) * 0x1p-101 + 0x1p-103 * (abs(value.hi) + abs(logProduct.hi))
        }
        return (value, error)
    }
}

extension LogBessel {
    /// log I_v(x) rounded to `bits` ≤ 60 bits from `QuickLogI` where its bound decides the rounding (v and
    /// x doubles in its range); nil otherwise, for the MPFR series to settle.
    static func certifiedByDoubleDouble(_ v: BigReal, _ x: BigReal, bits: Int) -> BigReal? {
        guard let vd = exactDouble(v), let xd = exactDouble(x) else { return nil }
        return certifiedByDoubleDouble(vd, xd, bits: bits)
    }

    /// The same for double arguments.
    static func certifiedByDoubleDouble(_ v: Double, _ x: Double, bits: Int) -> BigReal? {
        guard bits <= QuickLogI.maximumBits, let (value, error) = QuickLogI.logI(v, x), value.hi != 0, value.hi.isFinite else { return nil }
        let result = value.bigReal(precision: 128)
        let bound = error + 0x1p-127 * Swift.abs(value.hi)  // the 128-bit sum's rounding
        return rounded(result, errorExponent: Int(Foundation.log2(bound).rounded(.up)), bits: bits)
    }

    /// x as a double when it is one exactly.
    static func exactDouble(_ x: BigReal) -> Double? {
        let d = x.doubleValue
        return d.isFinite && x.withPointer({ mpfr_cmp_d($0, d) }) == 0 ? d : nil
    }
}

extension DoubleDouble {
    /// Σ_{n=2}^{9} B_2n/(2n(2n − 1))·y2^(n−2): Stirling's coefficients after the first, as a polynomial in
    /// y2 = 1/z², for log Γ(1 + v) in the certificate above (times 1/z³ it is the series past 1/(12z)).
    @inline(__always) static func stirlingTail(_ y2: Double) -> Double {
        var s = 43867.0 / 244188
        s = s * y2 - 3617.0 / 122400
        s = s * y2 + 1.0 / 156
        s = s * y2 - 691.0 / 360360
        s = s * y2 + 1.0 / 1188
        s = s * y2 - 1.0 / 1680
        s = s * y2 + 1.0 / 1260
        s = s * y2 - 1.0 / 360
        return s
    }
}
