import CMPFR
import EMLNumbers
import Foundation
import NumericKernels

/// Logarithms of the modified Bessel functions at arbitrary precision (MPFR).
///
/// Each function returns a value accurate to about `precision` bits at that working precision;
/// `certified` proves the digits from the series' error bounds where they apply, else by comparing two
/// precisions (as the engine's evaluator does): the methods change their step sizes and term counts with
/// the precision, so a truncation error cannot agree with itself across precisions.
public enum LogBessel {
    public struct DomainError: Error, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Series terms (about its peak index) beyond which log I tries Debye's expansion first.
    static let seriesTermLimit = 2048.0

    /// Largest x the power series of I accepts (its cost grows like x); beyond it only Debye's expansion.
    public static let seriesLimit = 1e7

    /// log I_v(x) for real v and x ≥ 0.
    ///
    /// For v ≥ 0: the power series I_v(x) = (x/2)^v Σ_k (x²/4)^k / (k! Γ(k+v+1)) (DLMF 10.25.2) summed
    /// as 1 + S₁ with every term positive (no cancellation), and log(1 + S₁) taken as log1p(S₁), so
    /// log I₀(10^−300) = 2.5·10^−601, not 0; where the series needs more than ~2048 terms, Debye's expansion
    /// (`DebyeExpansion.logBessel(sign:_:_:precision:)`) when it reaches the precision. For v < 0: I_{−n} = I_n for integer n, otherwise
    /// I_v = I_{|v|} + (2/π) sin(|v|π) K_{|v|} (DLMF 10.27.2), an error where that is not positive.
    public static func logI(_ v: BigReal, _ x: BigReal, precision p: Int) throws(DomainError) -> BigReal {
        try checkPrecision(p)
        try checkArguments(v, x)
        if v.isNegative && !v.isZero {
            let a = abs(v)
            if isInteger(a) { return try logI(a, x, precision: p) }
            if x.isZero { return BigReal(Double.infinity, precision: p) }
            // I_{−a} = I_a + (2/π) sin(aπ) K_a, in log space around the larger term.
            let q = p + 32
            let li = try logI(a, x, precision: q), lk = try logK(a, x, precision: q)
            var s = BigReal(precision: q)
            s.withMutablePointer { r in a.withPointer { _ = mpfr_sinpi(r, $0, MPFR_RNDN) } }
            var twoOverPi = BigReal.pi(precision: q)
            twoOverPi.withMutablePointer { mpfr_ui_div($0, 2, $0, MPFR_RNDN) }
            let coefficient = binary(s, twoOverPi, q) { r, a, b in mpfr_mul(r, a, b, MPFR_RNDN) }
            // value = e^li (1 + coefficient e^(lk − li))
            let t = binary(lk, li, q) { r, a, b in mpfr_sub(r, a, b, MPFR_RNDN) }
            let e = op(t, q) { r, u in mpfr_exp(r, u, MPFR_RNDN) }
            let w = binary(coefficient, e, q) { r, a, b in mpfr_mul(r, a, b, MPFR_RNDN) }
            if w.withPointer({ mpfr_cmp_si($0, -1) }) <= 0 {
                throw DomainError(message: "log I_v(x) has no real value here: I_v(x) ≤ 0 for v = \(v.doubleValue), x = \(x.doubleValue)")
            }
            let l1p = op(w, q) { r, u in mpfr_log1p(r, u, MPFR_RNDN) }
            return binary(li, l1p, p) { r, a, b in mpfr_add(r, a, b, MPFR_RNDN) }
        }
        if x.isZero { return BigReal(v.isZero ? 0 : -Double.infinity, precision: p) }
        // The series needs about `peak` terms; past a few thousand, Debye's expansion is cheaper wherever
        // it reaches the precision (for x > 10^7 it always does, up to thousands of digits).
        let vd = v.doubleValue, xd = x.doubleValue
        let peak = seriesPeak(vd, xd)
        if !(peak <= seriesTermLimit), let value = DebyeExpansion.logBessel(sign: 1, v, x, precision: p) { return value }
        guard xd <= seriesLimit else {
            throw DomainError(message: "log I_v(x) at x = \(xd) needs more than \(DebyeExpansion.maximumPrecisionTerms) terms of the asymptotic expansion at \(p) bits; ask for fewer digits")
        }
        let q = p + 40 + bitLength(Int(peak) + 64)
        return logISeries(v, x, workingPrecision: q).value.rounded(toPrecision: p)
    }

    /// log I_v(x) for v ≥ 0, x > 0 by the power series at working precision q, with a bound 2^error on
    /// its absolute error (roundings and truncation), so that one evaluation can be certified.
    ///
    /// log I_v(x) = v·log(x/2) − log Γ(v + 1) + log(1 + S₁), S₁ = Σ_{k≥1} (x²/4)^k/(k!(v+1)_k), with
    /// log Γ(v + 1) = stirling − log P (`StirlingSeries.Parts`) so that log P joins the last log:
    /// v·log(x/2) − stirling + log(P·(1 + S₁)), three logs where four would do. v = 0 takes log1p(S₁), so
    /// log I₀(10^−300) = 2.5·10^−601, not 0. Bound, in units u = 2^−q: the positive sum ≤ 6K·u·S₁
    /// (`hypergeometricSeries`), 1 + S₁ and the product with P (its own bound) one rounding each, the log
    /// (|log(P(1 + S₁))| + 2)·u (`TabledLogarithm`); v·log(x/2) and the Stirling part by their bounds
    /// (`orderTimesLogHalf`, `StirlingSeries`); then the two additions. The sum of these is doubled for second-order terms.
    static func logISeries(_ v: BigReal, _ x: BigReal, workingPrecision q: Int) -> (value: BigReal, error: Int) {
        let z = op(x, q) { r, u in mpfr_sqr(r, u, MPFR_RNDN); return mpfr_div_2ui(r, r, 2, MPFR_RNDN) }
        let (sum, k, _) = hypergeometricSeries(v, z, q)
        var bound: Double
        var result: BigReal
        if v.isZero {
            result = op(sum, q) { r, u in mpfr_log1p(r, u, MPFR_RNDN) }
            bound = 6 * Double(k) + 1 + Swift.abs(result.doubleValue)
        } else {
            let gamma = logGammaOfSuccessor(v, q)
            var scaled = sum
            scaled.withMutablePointer { s in
                _ = mpfr_add_ui(s, s, 1, MPFR_RNDN)
                gamma.product.withPointer { _ = mpfr_mul(s, s, $0, MPFR_RNDN) }
            }
            scaled = TabledLogarithm.log(scaled, q)
            let (vLog, vLogBound) = orderTimesLogHalf(v, x, q)
            let difference = binary(vLog, gamma.stirling, q) { r, a, b in mpfr_sub(r, a, b, MPFR_RNDN) }
            result = binary(difference, scaled, q) { r, a, b in mpfr_add(r, a, b, MPFR_RNDN) }
            bound = 6 * Double(k) + 4 + gamma.productBound + Swift.abs(scaled.doubleValue)
                + vLogBound + gamma.stirlingBound
                + Swift.abs(difference.doubleValue) + Swift.abs(result.doubleValue)
        }
        return (result, Swift.min(Swift.max(2 * bound, 1).exponent + 1, 1 << 20) - q)
    }

    /// The index of the series' largest term, (√(v² + x²) − v)/2: about how many terms it needs.
    static func seriesPeak(_ v: Double, _ x: Double) -> Double { (-v + (v * v + x * x).squareRoot()) / 2 }

    static func checkArguments(_ v: BigReal, _ x: BigReal) throws(DomainError) {
        guard v.isFinite, x.isFinite else { throw DomainError(message: "Bessel functions need finite v and x") }
        guard !x.isNegative || x.isZero else { throw DomainError(message: "log-Bessel functions are defined here for x ≥ 0, not x = \(x.doubleValue)") }
        guard Swift.abs(v.doubleValue) <= 1e9 else { throw DomainError(message: "order |v| > 10^9 is out of range") }
        // Past 2^1024 the term counts and working precisions grow with x's exponent (GMP was once asked for 8 GB).
        guard x.isZero || x.exponent <= 1024 else { throw DomainError(message: "argument x ≥ 2^1024 is out of range") }
    }

    /// Working precisions the public entry points accept: MPFR's least, and the engine's limit.
    static func checkPrecision(_ p: Int) throws(DomainError) {
        guard (Precision.minimumBits...Precision.maximumBits).contains(p) else {
            throw DomainError(message: "precision must be between \(Precision.minimumBits) and \(Precision.maximumBits) bits, not \(p)")
        }
    }

    static func isInteger(_ x: BigReal) -> Bool { x.withPointer { mpfr_integer_p($0) } != 0 }

    static func abs(_ x: BigReal) -> BigReal { op(x, x.precision) { r, u in mpfr_abs(r, u, MPFR_RNDN) } }

    static func bitLength(_ n: Int) -> Int { n <= 0 ? 1 : Int.bitWidth - n.leadingZeroBitCount }

    static func op(_ x: BigReal, _ p: Int, _ f: (UnsafeMutablePointer<__mpfr_struct>, UnsafePointer<__mpfr_struct>) -> Int32) -> BigReal {
        BigReal.unary(x, precision: p) { r, u in _ = f(r, u) }
    }

    static func binary(_ x: BigReal, _ y: BigReal, _ p: Int,
                       _ f: (UnsafeMutablePointer<__mpfr_struct>, UnsafePointer<__mpfr_struct>, UnsafePointer<__mpfr_struct>) -> Int32) -> BigReal {
        BigReal.binary(x, y, precision: p) { r, a, b in _ = f(r, a, b) }
    }
}
