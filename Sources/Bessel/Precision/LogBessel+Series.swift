import CMPFR
import EMLNumbers
import Foundation
import NumericKernels

extension LogBessel {
    /// Σ_{k≥1} z^k/(k!(a+1)_k) = ₀F₁(; a+1; z) − 1 at working precision q for z > 0 and a not a negative
    /// integer, with the number K of terms summed and the largest exponent among them.
    ///
    /// Term k = term_{k−1}·z/(k(k + a)): with z's own rounding each term is off by at most 5k·u relatively
    /// (u = 2^−q), so the sum is off by at most 6K·u·Σ|term| (additions and truncation included). Once
    /// k + 1 + a > ½ and the ratio r = z/((k+1)(k+1+a)) ≤ ½, the later ratios are smaller and of one sign, so
    /// the tail is below the last term; the loop stops there once that term is below 2^(−q−2) of the sum.
    static func hypergeometricSeries(_ a: BigReal, _ z: BigReal, _ q: Int) -> (sum: BigReal, terms: Int, largest: Int) {
        let ad = a.doubleValue, zd = z.doubleValue
        // a = n/2^s exactly (a double): k + a = (k·2^s + n)/2^s, so each term divides by the machine integer
        // k(k·2^s + n) (`mpfr_div_si`; by its two factors where it overflows) instead of forming k(k + a) at
        // full width and dividing by it: one rounding and ~35 ns of one-limb division fewer per term.
        var n = 0, s = -1
        if exactDouble(a) != nil, ad != 0 {
            let (odd, scale) = ad.dyadicParts
            if (0...60).contains(scale) {  // else a ≥ 2^53 or tiny: the general step
                s = scale
                n = (ad < 0 ? -1 : 1) * Int(odd)
            }
        }
        // Past 2^−96 of the largest term the rest of the series runs in double-double, where a is a double
        // and z is in its range: its ~2^−99 relative error per term is below the 2^−q of the bound.
        let tailInDoubleDouble = (s >= 0 || ad == 0) && zd > 0x1p-900 && zd < 0x1p900
        let zDD = tailInDoubleDouble ? LogTable.split(z) : DoubleDouble(0)
        var term = BigReal(1, precision: q), sum = BigReal(0, precision: q)
        var denominator = BigReal(precision: q)
        var largest = Int.min
        var k = 0
        sum.withMutablePointer { sum in
            term.withMutablePointer { t in
                denominator.withMutablePointer { d in
                    a.withPointer { a in
                        z.withPointer { z in
                            while true {
                                k += 1
                                if s >= 0 && k < 1 << (61 - s) {
                                    _ = mpfr_mul(t, t, z, MPFR_RNDN)
                                    // k(k·2^s + n) in one machine word where it fits: one division, not two.
                                    let (product, overflow) = k.multipliedReportingOverflow(by: (k << s) + n)
                                    if overflow || product == Int.min {
                                        if k > 1 { _ = mpfr_div_ui(t, t, UInt(k), MPFR_RNDN) }
                                        _ = mpfr_div_si(t, t, (k << s) + n, MPFR_RNDN)
                                    } else {
                                        _ = mpfr_div_si(t, t, product, MPFR_RNDN)
                                    }
                                    _ = mpfr_mul_2ui(t, t, UInt(s), MPFR_RNDN)
                                } else {
                                    _ = mpfr_add_ui(d, a, UInt(k), MPFR_RNDN)
                                    _ = mpfr_mul_ui(d, d, UInt(k), MPFR_RNDN)
                                    _ = mpfr_mul(t, t, z, MPFR_RNDN)
                                    _ = mpfr_div(t, t, d, MPFR_RNDN)
                                }
                                _ = mpfr_add(sum, sum, t, MPFR_RNDN)
                                if mpfr_zero_p(t) != 0 { break }
                                let e = Int(mpfr_get_exp(t))
                                largest = Swift.max(largest, e)
                                let next = Double(k + 1) + ad
                                guard next > 0.5 && zd / (Double(k + 1) * next) <= 0.5 && mpfr_zero_p(sum) == 0 else { continue }
                                let stop = Int(mpfr_get_exp(sum)) - q - 2
                                if e < stop { break }
                                if tailInDoubleDouble && e < largest - q + 96 {
                                    k = doubleDoubleTail(from: t, scratch: d, k: k, a: ad, z: zDD, stop: stop, into: sum)
                                    break
                                }
                            }
                        }
                    }
                }
            }
        }
        return (sum, k, largest)
    }

    /// The series from term k (t, exactly a double-double times 2^e) on in double-double, scaled by 2^−e, until a
    /// term falls below 2^stop; the tail is added to `sum` and the last k returned. Ratios are already ≤ ½ and
    /// falling, so the tail (< 2t) carries at most (terms)·2^−99 of itself in rounding, and the omitted rest < 2^stop.
    static func doubleDoubleTail(from t: UnsafePointer<__mpfr_struct>, scratch: UnsafeMutablePointer<__mpfr_struct>,
                                 k first: Int, a: Double, z: DoubleDouble, stop: Int, into sum: UnsafeMutablePointer<__mpfr_struct>) -> Int {
        var e = 0
        let hi = mpfr_get_d_2exp(&e, t, MPFR_RNDN)
        _ = mpfr_mul_2si(scratch, t, -e, MPFR_RNDN)
        _ = mpfr_sub_d(scratch, scratch, hi, MPFR_RNDN)
        var term = DoubleDouble(hi, mpfr_get_d(scratch, MPFR_RNDN))
        var tail = DoubleDouble(0)
        let limit = Foundation.scalbn(1.0, Swift.max(stop - e, -1000))
        var k = first
        while k < first + 100_000 {
            k += 1
            let kd = Double(k)
            term = term * z / (DoubleDouble.twoSum(kd, a) * kd)
            tail = tail + term
            if Swift.abs(term.hi) < limit { break }
        }
        var wide = tail.bigReal(precision: 128)
        wide.withMutablePointer { w in
            _ = mpfr_mul_2si(w, w, e, MPFR_RNDN)  // back to scale
            _ = mpfr_add(sum, sum, w, MPFR_RNDN)
        }
        return k
    }

    /// v·log(x/2) at working precision q for v ≥ 0, with a bound on its absolute error in units of 2^−q:
    /// x/2 rounded where x is wider than q (v), the tabled log ((|log| + 2)·v) and the product (|v·log|).
    static func orderTimesLogHalf(_ v: BigReal, _ x: BigReal, _ q: Int) -> (value: BigReal, bound: Double) {
        var value = TabledLogarithm.log(op(x, q) { r, u in mpfr_div_2ui(r, u, 1, MPFR_RNDN) }, q)
        value.withMutablePointer { r in v.withPointer { _ = mpfr_mul(r, r, $0, MPFR_RNDN) } }
        return (value, 2 * Swift.abs(value.doubleValue) + 3 * v.doubleValue)
    }

    /// log Γ(v + 1) for v ≥ 0 at working precision q as Stirling's parts (`StirlingSeries.Parts`), the
    /// rounding of v + 1 included; above 1024 bits `mpfr_lngamma` with no product.
    static func logGammaOfSuccessor(_ v: BigReal, _ q: Int) -> StirlingSeries.Parts {
        let vd = v.doubleValue
        let vPlusOne = op(v, q) { r, u in mpfr_add_ui(r, u, 1, MPFR_RNDN) }
        // v + 1 rounded moves log Γ by ψ(v+1)·(v+1)·u, ψ(v+1) ≤ log(v+2) + 1.
        let rounding = (vd + 1) * (Foundation.log(vd + 2) + 1)
        if q <= StirlingSeries.maximumPrecision {
            var parts = StirlingSeries.logGammaParts(vPlusOne, workingPrecision: q)
            parts.stirlingBound += rounding
            return parts
        }
        let lgamma = op(vPlusOne, q) { r, u in mpfr_lngamma(r, u, MPFR_RNDN) }
        return StirlingSeries.Parts(stirling: lgamma, product: BigReal(1, precision: q), shift: 0,
                                    stirlingBound: Swift.abs(lgamma.doubleValue) + rounding, productBound: 0)
    }
}

extension Double {
    /// |self| = odd/2^scale with odd an odd integer, for finite normal non-zero doubles (scale < 0 for even
    /// integers of 2^53 and more): the series' divisors k(k·2^scale + odd) are then machine integers.
    var dyadicParts: (odd: UInt64, scale: Int) {
        let mantissa = significandBitPattern | (1 << 52)
        let trailing = mantissa.trailingZeroBitCount
        return (mantissa >> UInt64(trailing), 52 - Int(exponent) - trailing)
    }
}
