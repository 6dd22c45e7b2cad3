import CMPFR
import EMLNumbers
import Foundation

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
        var term = BigReal(1, precision: q), sum = BigReal(0, precision: q)
        var denominator = BigReal(precision: q)
        var largest = Int.min
        var k = 0
        sum.withMutablePointer { s in
            term.withMutablePointer { t in
                denominator.withMutablePointer { d in
                    a.withPointer { a in
                        z.withPointer { z in
                            while true {
                                k += 1
                                _ = mpfr_add_ui(d, a, UInt(k), MPFR_RNDN)
                                _ = mpfr_mul_ui(d, d, UInt(k), MPFR_RNDN)
                                _ = mpfr_mul(t, t, z, MPFR_RNDN)
                                _ = mpfr_div(t, t, d, MPFR_RNDN)
                                _ = mpfr_add(s, s, t, MPFR_RNDN)
                                if mpfr_zero_p(t) != 0 { break }
                                let e = Int(mpfr_get_exp(t))
                                largest = Swift.max(largest, e)
                                let next = Double(k + 1) + ad
                                if next > 0.5 && zd / (Double(k + 1) * next) <= 0.5
                                    && mpfr_zero_p(s) == 0 && e < Int(mpfr_get_exp(s)) - q - 2 { break }
                            }
                        }
                    }
                }
            }
        }
        return (sum, k, largest)
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
