import CMPFR
import EMLNumbers

/// log Γ(1 + f) for 0 ≤ f < 1 from 64 polynomials of degree 10 in t = f − c:
///   piece 0 (f < 1/64): c = 0 and Taylor's series −γt + Σ_{k≥2} (−1)^k ζ(k) t^k/k (DLMF 5.7.3), whose
///     omitted terms stay below 2^−62 of the first, so that tiny f keeps its relative accuracy and f = 0
///     gives 0 exactly;
///   piece i ≥ 1: c = (i + ½)/64, |t| ≤ 1/128, the polynomial through MPFR's log Γ at 11 Chebyshev points
///     (interpolation error below 2^−75), built at first use (~18 ms of CPU by `perf stat` on a one-point `eml bessel logi --double`).
/// The constant and linear coefficients carry double-double, so that only terms below 2^−13 round in
/// double (absolute error about 2^−64). The double kernels add log((1 + f)(2 + f)…(n + f)) to reach
/// log Γ(1 + n + f) inside a logarithm they take anyway: a table lookup and ten multiply-adds instead of
/// Stirling's series with its own logarithm.
enum LogGammaTable {
    static let pieces = 64, degree = 10

    struct Piece {
        let center: Double
        let a0: DoubleDouble, a1: DoubleDouble
        let higher: (Double, Double, Double, Double, Double, Double, Double, Double, Double)
    }

    nonisolated(unsafe) static let entries: UnsafePointer<Piece> = {
        let p = UnsafeMutablePointer<Piece>.allocate(capacity: pieces)
        let bits = 128, n = degree + 1  // the values' errors (2^−128) reach the polynomial times the Lebesgue constant only
        func big(_ x: Double) -> BigReal { BigReal(x, precision: bits) }
        func piece(_ center: Double, _ coefficients: [BigReal]) -> Piece {
            let d = coefficients.map(\.doubleValue)
            return Piece(
                center: center, a0: LogTable.split(coefficients[0]), a1: LogTable.split(coefficients[1]),
                higher: (d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10]))
        }
        // Piece 0: 0, −γ, then (−1)^k ζ(k)/k.
        let taylor = (0...degree).map { k in
            var a = BigReal(precision: bits)
            a.withMutablePointer { r in
                switch k {
                case 0: mpfr_set_zero(r, 1)
                case 1: _ = mpfr_const_euler(r, MPFR_RNDN); _ = mpfr_neg(r, r, MPFR_RNDN)
                default: _ = mpfr_zeta_ui(r, UInt(k), MPFR_RNDN); _ = mpfr_div_si(r, r, k % 2 == 0 ? k : -k, MPFR_RNDN)
                }
            }
            return a
        }
        p.initialize(to: piece(0, taylor))
        for i in 1..<pieces {
            let c = (Double(i) + 0.5) / Double(pieces)
            var nodes: [BigReal] = [], values: [BigReal] = []
            for j in 0..<n {
                var t = BigReal.pi(precision: bits)
                t.withMutablePointer { r in
                    _ = mpfr_mul_d(r, r, (Double(j) + 0.5) / Double(n), MPFR_RNDN)
                    _ = mpfr_cos(r, r, MPFR_RNDN)
                    _ = mpfr_div_2ui(r, r, 7, MPFR_RNDN)  // half-width 1/128
                }
                var y = t
                y.withMutablePointer { r in
                    _ = mpfr_add_d(r, r, 1 + c, MPFR_RNDN)
                    _ = mpfr_lngamma(r, r, MPFR_RNDN)
                }
                nodes.append(t)
                values.append(y)
            }
            // Divided differences in place: values[k] = f[t_0, …, t_k].
            for k in 1..<n {
                for m in stride(from: n - 1, through: k, by: -1) {
                    let d = BigReal.binary(nodes[m], nodes[m - k], precision: bits) { r, a, b in _ = mpfr_sub(r, a, b, MPFR_RNDN) }
                    let q = BigReal.binary(values[m], values[m - 1], precision: bits) { r, a, b in _ = mpfr_sub(r, a, b, MPFR_RNDN) }
                    values[m] = BigReal.binary(q, d, precision: bits) { r, a, b in _ = mpfr_div(r, a, b, MPFR_RNDN) }
                }
            }
            // Newton's form to powers of t by Horner's rule on coefficient arrays: P ← P·(t − t_m) + f[…].
            var coefficients = [big(0)]
            for m in stride(from: n - 1, through: 0, by: -1) {
                var next = [BigReal](repeating: big(0), count: coefficients.count + 1)
                for (k, a) in coefficients.enumerated() {
                    next[k + 1] = BigReal.binary(next[k + 1], a, precision: bits) { r, x, y in _ = mpfr_add(r, x, y, MPFR_RNDN) }
                    let product = BigReal.binary(a, nodes[m], precision: bits) { r, x, y in _ = mpfr_mul(r, x, y, MPFR_RNDN) }
                    next[k] = BigReal.binary(next[k], product, precision: bits) { r, x, y in _ = mpfr_sub(r, x, y, MPFR_RNDN) }
                }
                next[0] = BigReal.binary(next[0], values[m], precision: bits) { r, x, y in _ = mpfr_add(r, x, y, MPFR_RNDN) }
                coefficients = Array(next.prefix(n))
            }
            (p + i).initialize(to: piece(c, coefficients))
        }
        return UnsafePointer(p)
    }()

    /// log Γ(1 + f) for 0 ≤ f < 1: absolute error about 2^−64, relative about 2^−58 below f = 1/64.
    @inline(__always) static func logGammaOnePlus(_ f: Double) -> DoubleDouble {
        let piece = entries[Int(f * Double(pieces))]
        // t = f − c exactly as a pair (for i ≥ 1 the subtraction is exact anyway: c/2 ≤ f ≤ 2c).
        let t = DoubleDouble.twoSum(f, -piece.center)
        let h = piece.higher
        var s = h.8
        s = s * t.hi + h.7
        s = s * t.hi + h.6
        s = s * t.hi + h.5
        s = s * t.hi + h.4
        s = s * t.hi + h.3
        s = s * t.hi + h.2
        s = s * t.hi + h.1
        s = s * t.hi + h.0
        return piece.a0 + piece.a1 * t + s * t.hi * t.hi
    }
}
