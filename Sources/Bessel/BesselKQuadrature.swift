import CMPFR
import EMLNumbers
import Foundation

/// K_μ(x) and K_{μ+1}(x)/K_μ(x) for |μ| ≤ ½, 2 < x ≤ 21.2, in double, by the trapezoidal rule on
///
///   e^x·K_μ(x) = ½ ∫_{−∞}^{∞} e^(−x(cosh t − 1) + μt) dt     (DLMF 10.32.9),
///
/// whose integrand is entire: with step h and nodes t_j = jh the rule errs by about
/// 2·(∫|f(t + id)| dt)/e^(2πd/h) relative, and with d = 1.3 the strip integral is below
/// 2·e^(0.7325x)·K_μ(x), so h ≤ 8.168/(0.7325x + 44.3) gives 2^−62. Two steps serve the range:
/// h = 0.165 up to x = 6, h = 0.135 up to 21.2. The terms are positive, so the sum is as accurate as
/// its exponentials (~1 ulp each): the 15–50 exponentials cost a third of Steed's continued fraction in
/// extended precision, which needs 35–120 iterations with two divisions each here.
enum BesselKQuadrature {
    static let largest = 24 + 1  // nodes per side, for the wider step at x = 2 (x(cosh t − 1) − 1.5t reaches 44 at t ≈ 3.9)

    struct Band {
        let logHalfStep: DoubleDouble
        /// cosh(jh) − 1 (as 2 sinh²(jh/2): no cancellation), jh and e^(jh) for j = 0 … 3·largest; the
        /// nodes are tabulated too, since a load is cheaper here than converting j (measured: 15%).
        let coshMinusOne: UnsafePointer<Double>
        let node: UnsafePointer<Double>
        let exponential: UnsafePointer<Double>
        /// e^(−jh): a product instead of a division per node.
        let reciprocalExponential: UnsafePointer<Double>
    }

    struct Tables: @unchecked Sendable { let coarse: Band, fine: Band }

    static let tables: Tables = {
        func band(_ h: Double) -> Band {
            let n = 3 * largest
            let c = UnsafeMutablePointer<Double>.allocate(capacity: n)
            let t = UnsafeMutablePointer<Double>.allocate(capacity: n)
            let e = UnsafeMutablePointer<Double>.allocate(capacity: n)
            let r = UnsafeMutablePointer<Double>.allocate(capacity: n)
            for j in 0..<n {
                let tj = Double(j) * h  // the node as the kernel forms it, rounded or not
                // By MPFR at 128 bits, so that each entry is rounded once.
                var s = BigReal(tj, precision: 128), x = s, y = s
                s.withMutablePointer { _ = mpfr_div_2ui($0, $0, 1, MPFR_RNDN); _ = mpfr_sinh($0, $0, MPFR_RNDN); _ = mpfr_sqr($0, $0, MPFR_RNDN); _ = mpfr_mul_2ui($0, $0, 1, MPFR_RNDN) }
                x.withMutablePointer { _ = mpfr_exp($0, $0, MPFR_RNDN) }
                y.withMutablePointer { _ = mpfr_neg($0, $0, MPFR_RNDN); _ = mpfr_exp($0, $0, MPFR_RNDN) }
                c[j] = s.doubleValue
                t[j] = tj
                e[j] = x.doubleValue
                r[j] = y.doubleValue
            }
            return Band(logHalfStep: DoubleDouble.log(h / 2), coshMinusOne: c, node: t, exponential: e, reciprocalExponential: r)
        }
        return Tables(coarse: band(0.165), fine: band(0.135))
    }()

    /// (log c, s) with K_μ(x) = c·s, and K_{μ+1}(x)/K_μ(x); nil outside 2 < x ≤ 21.2. The sum s is
    /// left for the caller to fold into the recurrence's product before the one logarithm.
    static func orderHalf(_ mu: Double, _ x: Double) -> (logScale: DoubleDouble, sum: DoubleDouble, ratio: Double)? {
        guard x > 2, x <= 21.2 else { return nil }
        let band = x <= 6 ? tables.coarse : tables.fine
        // Both sides until the K_{μ+1} integrand, the slower to decay, is below 2^−63 of the peak
        // (the term at t = 0 is 1). Compensated as in Ogita, Rump and Oishi's Sum2: the running sums
        // wait on one addition per node, their rounding errors gather apart (a full double-double
        // addition per node made the loop wait on its whole renormalisation chain: 1.5× slower).
        var s0 = 1.0, e0 = 0.0, s1 = 1.0, e1 = 0.0
        var j = 1
        while true {
            let a = -x * band.coshMinusOne[j]
            let t = band.node[j]
            let up = Foundation.exp(a + mu * t), down = Foundation.exp(a - mu * t)
            let y0 = up + down, y1 = up * band.exponential[j] + down * band.reciprocalExponential[j]
            let u0 = DoubleDouble.twoSum(s0, y0), u1 = DoubleDouble.twoSum(s1, y1)
            s0 = u0.hi; e0 += u0.lo
            s1 = u1.hi; e1 += u1.lo
            if a + (abs(mu) + 1) * t < -44 || j == 3 * largest - 1 { break }
            j += 1
        }
        let sum0 = DoubleDouble.fastTwoSum(s0, e0), sum1 = DoubleDouble.fastTwoSum(s1, e1)
        let ratio = sum1 / sum0
        return (band.logHalfStep - x, sum0, ratio.value)
    }
}
