import CMPFR
import EMLNumbers

extension DebyeExpansion {
    /// The most terms the arbitrary-precision expansion generates (P_k has k + 1 coefficients, so
    /// this bounds the work at about 180,000 coefficient updates).
    static let maximumPrecisionTerms = 600

    /// log I_v(x) (sign +1) or log K_v(x) (sign −1) at `precision` bits for v ≥ 0, x > 0, by the
    /// same expansion as the double kernel (see `DebyeExpansion`), or nil where ρ = √(v² + x²) is too
    /// small for its terms to fall below 2^−(precision + 32) before they start to grow.
    ///
    /// The coefficients of P_k come from u_k's recurrence with the exact ratios
    /// t^p ↦ (2p+1)²/(8(p+1))·t^(p+1) − (2p+1)(2p+5)/(8(p+3))·t^(p+3) (DLMF 10.41.9 term by term), whose two
    /// contributions to a coefficient have the same sign. P_k(τ) itself alternates and cancels by up to
    /// ~2.2k bits (about 200 bits from k = 100 on), so it is evaluated with that many guard bits. The
    /// truncation is about the first omitted term: a value for the uncertified `LogBessel.logI`/`logK`;
    /// certified digits come from error-bounded certificates (the series, or Arb's balls).
    static func logBessel(sign: Int, _ v: BigReal, _ x: BigReal, precision p: Int) -> BigReal? {
        let q = p + 32
        let bitsPerTerm = Double(v.isZero ? x.exponent : max(v.exponent, x.exponent))  // ≈ log2 ρ
        // Each term gains log2 ρ bits less the growth of P_k; the cancellation guard follows the term count.
        let estimatedTerms = Double(q) / max(1, bitsPerTerm - 8)
        let guardBits = Int(min(256, 16 + 2.5 * estimatedTerms))
        let c = q + guardBits
        let rho = LogBessel.binary(v, x, c) { r, a, b in mpfr_hypot(r, a, b, MPFR_RNDN) }
        var tau = LogBessel.binary(v, rho, c) { r, a, b in mpfr_div(r, a, b, MPFR_RNDN) }
        tau.withMutablePointer { _ = mpfr_sqr($0, $0, MPFR_RNDN) }
        var step = BigReal(precision: c)
        step.withMutablePointer { s in rho.withPointer { _ = mpfr_ui_div(s, 1, $0, MPFR_RNDN) } }
        if sign < 0 { step.withMutablePointer { _ = mpfr_neg($0, $0, MPFR_RNDN) } }

        // u_k as coefficients of t^(k+2j), j = 0 … k; the sum Σ σ^k P_k(τ)/ρ^k and (σ/ρ)^k.
        var coefficients: [BigReal] = [BigReal(1, precision: c)]
        var sum = BigReal(0, precision: c)
        var power = BigReal(1, precision: c)
        var smallest = Int.max
        var small = 0
        var scratch = BigReal(precision: c)
        for k in 0..<maximumPrecisionTerms {
            var next = (0...(k + 1)).map { _ in BigReal(0, precision: c) }
            for j in 0...k {
                let pp = UInt(k + 2 * j)
                coefficients[j].withPointer { cj in
                    scratch.withMutablePointer { s in
                        _ = mpfr_mul_ui(s, cj, (2 * pp + 1) * (2 * pp + 1), MPFR_RNDN)
                        _ = mpfr_div_ui(s, s, 8 * (pp + 1), MPFR_RNDN)
                        next[j].withMutablePointer { _ = mpfr_add($0, $0, s, MPFR_RNDN) }
                        _ = mpfr_mul_ui(s, cj, (2 * pp + 1) * (2 * pp + 5), MPFR_RNDN)
                        _ = mpfr_div_ui(s, s, 8 * (pp + 3), MPFR_RNDN)
                        next[j + 1].withMutablePointer { _ = mpfr_sub($0, $0, s, MPFR_RNDN) }
                    }
                }
            }
            coefficients = next
            // Term k + 1: P_{k+1}(τ)·(σ/ρ)^(k+1), P by Horner's rule.
            var value = coefficients[k + 1]
            value.withMutablePointer { r in
                tau.withPointer { t in
                    for j in stride(from: k, through: 0, by: -1) {
                        _ = mpfr_mul(r, r, t, MPFR_RNDN)
                        coefficients[j].withPointer { _ = mpfr_add(r, r, $0, MPFR_RNDN) }
                    }
                }
            }
            power.withMutablePointer { r in step.withPointer { _ = mpfr_mul(r, r, $0, MPFR_RNDN) } }
            value.withMutablePointer { r in power.withPointer { _ = mpfr_mul(r, r, $0, MPFR_RNDN) } }
            sum.withMutablePointer { r in value.withPointer { _ = mpfr_add(r, r, $0, MPFR_RNDN) } }
            // Done after two terms in a row below 2^−q (one alone may sit near a root of P_k).
            let size = value.isZero ? Int.min : value.exponent
            if size < -q { small += 1; if small == 2 { break } } else { small = 0 }
            // Past the least term the expansion diverges: give up if it has grown back by 2^8.
            smallest = min(smallest, size)
            if size > smallest + 8 { return nil }
            if k == maximumPrecisionTerms - 1 { return nil }
        }

        // Leading part ±(ρ − v·asinh(v/x)) − ½ log ρ + const, with the bits that ρ and v·asinh(v/x) cancel.
        let w = c + max(0, rho.exponent)
        var asinh = LogBessel.binary(v, x, w) { r, a, b in mpfr_div(r, a, b, MPFR_RNDN) }
        asinh.withMutablePointer { _ = mpfr_asinh($0, $0, MPFR_RNDN) }
        var lead = LogBessel.binary(v, asinh, w) { r, a, b in mpfr_mul(r, a, b, MPFR_RNDN) }
        lead = LogBessel.binary(rho, lead, w) { r, a, b in mpfr_sub(r, a, b, MPFR_RNDN) }
        if sign < 0 { lead.withMutablePointer { _ = mpfr_neg($0, $0, MPFR_RNDN) } }
        // ½ log(2πρ) for I, ½ log(2ρ/π) for K.
        var half = BigReal.pi(precision: w)
        half.withMutablePointer { r in
            rho.withPointer { if sign > 0 { _ = mpfr_mul(r, r, $0, MPFR_RNDN) } else { _ = mpfr_div(r, $0, r, MPFR_RNDN) } }
            _ = mpfr_mul_2ui(r, r, 1, MPFR_RNDN)
            _ = mpfr_log(r, r, MPFR_RNDN)
            _ = mpfr_div_2ui(r, r, 1, MPFR_RNDN)
        }
        lead = LogBessel.binary(lead, half, w) { r, a, b in mpfr_sub(r, a, b, MPFR_RNDN) }
        sum.withMutablePointer { _ = mpfr_log1p($0, $0, MPFR_RNDN) }
        return LogBessel.binary(lead, sum, p) { r, a, b in mpfr_add(r, a, b, MPFR_RNDN) }
    }
}
