import CMPFR
import EMLNumbers
import Foundation

/// log y at working precision q ≤ 1024 by table reduction and a short atanh series, with absolute error
/// ≤ (|log y| + 2)·2^−q: 1.1 µs at 88 bits and 1.4 µs at 235 where `mpfr_log` (AGM, correctly rounded)
/// takes 1.3 and 2.3 µs, and the log-Bessel series take three logs per value.
///
/// y = m·2^e, m ∈ [1, 2); three divisions by exact 1 + i/2^(7j) (j = 1, 2, 3; `mpfr_div_ui`, one rounding
/// each at w ≥ q + 8 bits) leave m₃ ∈ [1, 1 + 2^−21), and
///   log y = e·log 2 + Σ_j log(1 + i_j/2^(7j)) + 2·atanh(t),  t = (m₃ − 1)/(m₃ + 1) < 2^−22,
/// where atanh(t) = Σ t^(2k+1)/(2k+1) needs ⌈w/44⌉ terms. Every step runs at w bits (q + 8 up to whole
/// limbs), so the roundings (≤ 10 at most |e·log 2| + 1 each) stay below 2^−q, and the tables carry 64 bits more than q.
public enum TabledLogarithm {
    static public let maximumPrecision = 1024

    public struct Table: @unchecked Sendable {
        let precision: Int
        /// log(1 + i/2^(7j)) for j = 1, 2, 3 and i < 128.
        let levels: [[BigReal]]
        let logTwo: BigReal

        public init(precision p: Int) {
            precision = p
            levels = (1...3).map { j in
                (0..<128).map { i in
                    var l = BigReal(precision: p)
                    l.withMutablePointer { r in
                        _ = mpfr_set_ui(r, UInt(i), MPFR_RNDN)
                        _ = mpfr_div_2ui(r, r, UInt(7 * j), MPFR_RNDN)
                        _ = mpfr_log1p(r, r, MPFR_RNDN)
                    }
                    return l
                }
            }
            var l = BigReal(precision: p)
            l.withMutablePointer { _ = mpfr_const_log2($0, MPFR_RNDN) }
            logTwo = l
        }
    }

    /// log y at q bits within (|log y| + 2)·2^−q: tabled up to 1024 bits, `mpfr_log` (correctly rounded) above.
    static public func log(_ y: BigReal, _ q: Int) -> BigReal {
        q <= maximumPrecision ? log(y, precision: q) : BigReal.unary(y, precision: q) { r, u in _ = mpfr_log(r, u, MPFR_RNDN) }
    }

    static public let narrowTable = Table(precision: 320)
    static public let wideTable = Table(precision: maximumPrecision + 64)

    /// log y for finite y > 0 to q ≤ 1024 bits (see the type's notes for the bound), held at w ≥ q + 8 bits.
    static public func log(_ y: BigReal, precision q: Int) -> BigReal {
        precondition(q <= maximumPrecision)
        let table = q + 64 <= 320 ? narrowTable : wideTable
        let w = (q + 8 + 63) / 64 * 64  // whole limbs: the bits past q + 8 cost nothing
        var m = BigReal(precision: w), t = BigReal(precision: w), total = BigReal(precision: w)
        var series = BigReal(precision: w), scratch = BigReal(precision: w), square = BigReal(precision: w)
        m.withMutablePointer { m in
        t.withMutablePointer { t in
        total.withMutablePointer { s in
        series.withMutablePointer { r in
        scratch.withMutablePointer { a in
        square.withMutablePointer { b in
            let e = y.withPointer { y -> Int in
                let e = Int(mpfr_get_exp(y)) - 1
                _ = mpfr_mul_2si(m, y, -e, MPFR_RNDN)  // m ∈ [1, 2)
                return e
            }
            table.logTwo.withPointer { _ = mpfr_mul_si(s, $0, e, MPFR_RNDN) }
            for j in 1...3 {
                // Toward zero, so that m ≥ 1 + i/2^(7j) holds exactly for the index taken.
                let fraction = (mpfr_get_d(m, MPFR_RNDZ) - 1) * Double(1 << (7 * j))
                let i = Swift.min(Swift.max(Int(fraction), 0), 127)
                guard i > 0 else { continue }
                _ = mpfr_div_ui(m, m, UInt((1 << (7 * j)) + i), MPFR_RNDN)
                _ = mpfr_mul_2ui(m, m, UInt(7 * j), MPFR_RNDN)
                table.levels[j - 1][i].withPointer { _ = mpfr_add(s, s, $0, MPFR_RNDN) }
            }
            // t = (m − 1)/(m + 1), m − 1 exact; 2·Σ_{k<K} t^(2k+1)/(2k+1) with t^(2K+1) ≤ 2^−w.
            _ = mpfr_sub_ui(t, m, 1, MPFR_RNDN)
            guard mpfr_zero_p(t) == 0 else { return }
            _ = mpfr_add_ui(a, m, 1, MPFR_RNDN)
            _ = mpfr_div(t, t, a, MPFR_RNDN)
            let bits = -Foundation.log2(Swift.abs(mpfr_get_d(t, MPFR_RNDN)))
            let count = Swift.max(1, Int((Double(w) / bits - 1) / 2) + 1)
            _ = mpfr_set(r, t, MPFR_RNDN)
            if count > 1 {
                _ = mpfr_sqr(b, t, MPFR_RNDN)
                for k in 1..<count {
                    _ = mpfr_mul(t, t, b, MPFR_RNDN)
                    _ = mpfr_div_ui(a, t, UInt(2 * k + 1), MPFR_RNDN)
                    _ = mpfr_add(r, r, a, MPFR_RNDN)
                }
            }
            _ = mpfr_mul_2ui(r, r, 1, MPFR_RNDN)
            _ = mpfr_add(s, s, r, MPFR_RNDN)
        } } } } } }
        return total  // w bits: rounding it to q would only add an error
    }
}
