import CMPFR
import EMLNumbers
import Foundation

extension FixedPoint {
    /// The magnitudes of Stirling's coefficients scaled by 64^(1−k), |B_2k|/(2k(2k − 1)·64^(k−1)) for k ≤ 64 (all below 1/12:
    /// unscaled they pass 2^64 by k = 25, and w = 40 needs 43 terms), and ½ log 2π, rounded to the
    /// nearest ulp from `StirlingSeries`' 320-bit table.
    public struct StirlingTables: Sendable {
        let magnitudes: [FixedPoint]
        let halfLogTwoPi: FixedPoint

        /// log2 of the unscaled magnitudes |c_k|, for choosing the number of terms.
        let log2Magnitudes: [Double]

        /// From the generated limbs (`scripts/fixed_point_tables.py`): no MPFR at the first call.
        public init() {
            let entries = FixedPoint.entries(stirlingLimbs)
            self.init(magnitudes: Array(entries.dropLast()), halfLogTwoPi: entries[entries.count - 1])
        }

        /// The same constants rounded from `StirlingSeries`' MPFR table at `precision` bits, for the tests.
        public init(computedAt precision: Int) {
            let table = StirlingSeries.Table(precision: precision)
            self.init(magnitudes: table.coefficients.enumerated().map { k, c in
                FixedPoint(BigReal.unary(c, precision: c.precision) { r, x in _ = mpfr_div_2ui(r, x, UInt(6 * k), MPFR_RNDN); _ = mpfr_abs(r, r, MPFR_RNDN) })
            }, halfLogTwoPi: FixedPoint(table.halfLogTwoPi))
        }

        init(magnitudes: [FixedPoint], halfLogTwoPi: FixedPoint) {
            self.magnitudes = magnitudes
            self.halfLogTwoPi = halfLogTwoPi
            log2Magnitudes = magnitudes.enumerated().map { k, m in Foundation.log2(m.doubleValue) + Double(6 * k) }
        }

        public var constants: [FixedPoint] { magnitudes + [halfLogTwoPi] }

        /// The least K ≤ 64 whose next term c_(K+1)/w^(2K+1) is below 2^−q (with 1/64 bit for the doubles'
        /// own rounding), nil where 64 terms do not reach it.
        func termCount(at w: Double, bits q: Int) -> Int? {
            StirlingSeries.termCount(at: w, bits: q, log2Coefficients: log2Magnitudes, margin: 1.0 / 64)
        }
    }

    static public let stirlingTables = StirlingTables()

    /// log Γ(w) for w = W/2^s ≥ 32 (W < 2^63, 0 ≤ s < 60) by Stirling's series, with a bound in ulps.
    ///
    /// (w − ½) log w − w + ½ log 2π + Σ_{k≤K} c_k/w^(2k−1), the remainder below the first omitted term
    /// (DLMF 5.11.ii), K the least with that term below 2^−258. The sum is Horner's rule in u = (8/w)² ≤ 1/16
    /// on the scaled coefficients, times 8/w, over 8. Errors: 8/w (1 ulp) and u (5); each Horner step ½ + 4
    /// ulp with the earlier ones shrunk by u (≤ 5 in all); the product by 8/w and the shift (6); log w
    /// (10 + |e|/2, e = ⌊log2 w⌋) times w − ½ = W/2^s − ½ (two roundings).
    static public func logGamma(_ W: UInt64, scale s: Int) -> (value: FixedPoint, error: Double) {
        let tables = stirlingTables
        let w = Double(W) * Foundation.scalbn(1.0, -s)
        precondition(w >= 32, "Stirling's 64 terms reach 2^−258 from w = 32 on")
        let count = tables.termCount(at: w, bits: 258) ?? StirlingSeries.terms
        let sum = stirlingSum(inverse: one.divided(by: W, shiftedLeftBy: s + 3), terms: count)  // 8/w
        // log w = log(W/2^b) + (b − s) log 2, W/2^b ∈ [1, 2) exact.
        let b = 63 - W.leadingZeroBitCount
        let logW = log(mantissa: FixedPoint(W, shiftedLeftBy: 256 - b), exponent: b - s)
        let logError = 10 + Double(abs(b - s)) / 2
        let value = logW.multiplied(by: W, shiftedRightBy: s) - logW.shiftedRight(by: 1)
            - FixedPoint(W, shiftedLeftBy: 256 - s) + tables.halfLogTwoPi + sum
        return (value, (w + 0.5) * logError + 2 + 5 + 6 + 1 + 0.5)
    }

    /// log Γ(w) for w = W/q ≥ 32 (W, 8q < 2^63), a decimal order's w such as 6237/100: as above, with log w =
    /// log W − log q and the divisions by q each one truncation (≤ 1 ulp) more.
    static public func logGamma(_ W: UInt64, denominator q: UInt64) -> (value: FixedPoint, error: Double) {
        let w = Double(W) / Double(q)
        precondition(w >= 32 && W < 1 << 63 && q < 1 << 60, "Stirling's 64 terms reach 2^−258 from w = 32 on")
        let count = stirlingTables.termCount(at: w, bits: 258) ?? StirlingSeries.terms
        let sum = stirlingSum(inverse: FixedPoint(integer: Int(8 * q)).divided(by: W), terms: count)  // 8/w
        let (logW, errorW) = log(integer: W), (logQ, errorQ) = log(integer: q)
        let logw = logW - logQ
        let value = logw.multiplied(by: W).divided(by: q) - logw.shiftedRight(by: 1)
            - FixedPoint(integer: Int(W)).divided(by: q) + stirlingTables.halfLogTwoPi + sum
        return (value, (w + 0.5) * (errorW + errorQ) + 2 + 5 + 6 + 1 + 0.5 + 2)
    }

    /// log 5 rounded to the nearest ulp (from MPFR at 320 bits, once).
    static let logFive: FixedPoint = {
        var five = BigReal(5, precision: 320)
        five.withMutablePointer { _ = mpfr_log($0, $0, MPFR_RNDN) }
        return FixedPoint(five)
    }()

    /// log n for a machine integer n ≥ 1 and its bound in ulps: n/2^b ∈ [1, 2) is exact.
    ///
    /// n = 2^i·5^j, the denominator of every decimal in lowest terms (q in v = p/q, b in x = a/b), is
    /// i·log 2 + j·log 5 from the two constants (each within ½ ulp, the products exact): no series, and a
    /// tighter bound than the series' 10 + b/2.
    static public func log(integer n: UInt64) -> (value: FixedPoint, error: Double) {
        let i = n.trailingZeroBitCount
        var r = n >> UInt64(i & 63), j = 0
        while r > 1 && r % 5 == 0 { r /= 5; j += 1 }
        if n > 0 && r == 1 {
            return (logarithmTables.logTwo.multiplied(by: UInt64(i)) + logFive.multiplied(by: UInt64(j)), Double(i + j) / 2 + 1)
        }
        let b = 63 - n.leadingZeroBitCount
        return (log(mantissa: FixedPoint(n, shiftedLeftBy: 256 - b), exponent: b), 10 + Double(b) / 2)
    }

    /// Σ_{k<K} c_k/w^(2k−1) from 8/w (within 1 ulp): Horner's rule in u = (8/w)² ≤ 1/16 on the scaled
    /// coefficients, times 8/w, over 8. The coefficients alternate in sign (c₁ > 0) and
    /// |c_(k+1)|/(|c_k|·w²) ≤ k²/(π²w²) < ½ for k ≤ 64 and w ≥ 32, so each partial sum has its leading
    /// coefficient's sign: Horner's rule on magnitudes.
    @inline(__always) static func stirlingSum(inverse: FixedPoint, terms count: Int) -> FixedPoint {
        let tables = stirlingTables
        let u = multiply(inverse, inverse)
        var p = tables.magnitudes[count - 1]
        var k = count - 2
        while k >= 0 { p = tables.magnitudes[k] - multiply(u, p); k -= 1 }
        return multiply(p, inverse).shiftedRight(by: 3)
    }
}
