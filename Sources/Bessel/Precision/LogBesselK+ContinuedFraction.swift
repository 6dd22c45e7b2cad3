import CMPFR
import EMLNumbers

extension LogBessel {
    /// Orders up to which x > 2 goes through the continued fraction and the recurrence (one step per unit of order).
    static let recurrenceLimit = 100_000.0

    /// log K_v(x) for larger x (Temme 1975). CF2 converges slowly at small x and high precision (2080
    /// steps at x = 2.1 for 72 digits, 480 at x = 10), so the series take x ≤ 30.: with v = n + μ, |μ| ≤ ½, Steed's continued fraction CF2 gives
    /// K_μ(x) = √(π/(2x)) e^(−x)/s and K_{μ+1} = K_μ (μ + x + ½ − h)/x with no transcendental function per
    /// step; then K_{ν+1} = K_{ν−1} + (2ν/x) K_ν, stable upward (K grows with the order), reaches v.
    /// Returns nil when the fraction has not converged within its step budget (the caller falls back).
    static func logKContinuedFraction(_ v: BigReal, _ x: BigReal, precision p: Int) -> BigReal? {
        let n = Int(v.doubleValue.rounded())
        let w = p + 40 + bitLength(n + 1)
        var mu = BigReal(precision: w)
        mu.withMutablePointer { m in v.withPointer { _ = mpfr_sub_si(m, $0, n, MPFR_RNDN) } }
        let xw = x.rounded(toPrecision: w)
        func r(_ d: Double) -> BigReal { BigReal(d, precision: w) }
        // a₁ = ¼ − μ²
        let muSquared = binary(mu, mu, w) { r, a, b in mpfr_mul(r, a, b, MPFR_RNDN) }
        let a1 = binary(r(0.25), muSquared, w) { r, a, b in mpfr_sub(r, a, b, MPFR_RNDN) }
        var b = op(xw, w) { r, u in mpfr_add_ui(r, u, 1, MPFR_RNDN); return mpfr_mul_2ui(r, r, 1, MPFR_RNDN) }  // 2(1 + x)
        var d = op(b, w) { r, u in mpfr_ui_div(r, 1, u, MPFR_RNDN) }
        var h = d, delh = d
        var q1 = r(0), q2 = r(1)
        var q = a1, c = a1
        var a = op(a1, w) { r, u in mpfr_neg(r, u, MPFR_RNDN) }
        var s = binary(q, delh, w) { r, u, t in mpfr_mul(r, u, t, MPFR_RNDN) }
        s.withMutablePointer { _ = mpfr_add_ui($0, $0, 1, MPFR_RNDN) }
        var converged = false
        for i in 2...200_000 {
            a.withMutablePointer { _ = mpfr_sub_ui($0, $0, UInt(2 * (i - 1)), MPFR_RNDN) }
            // c = −a·c/i
            c = binary(a, c, w) { r, u, t in mpfr_mul(r, u, t, MPFR_RNDN) }
            c.withMutablePointer { _ = mpfr_neg($0, $0, MPFR_RNDN); _ = mpfr_div_ui($0, $0, UInt(i), MPFR_RNDN) }
            // qnew = (q1 − b·q2)/a
            var qnew = binary(b, q2, w) { r, u, t in mpfr_mul(r, u, t, MPFR_RNDN) }
            qnew = binary(q1, qnew, w) { r, u, t in mpfr_sub(r, u, t, MPFR_RNDN) }
            qnew = binary(qnew, a, w) { r, u, t in mpfr_div(r, u, t, MPFR_RNDN) }
            q1 = q2; q2 = qnew
            q = binary(q, binary(c, qnew, w) { r, u, t in mpfr_mul(r, u, t, MPFR_RNDN) }, w) { r, u, t in mpfr_add(r, u, t, MPFR_RNDN) }
            b.withMutablePointer { _ = mpfr_add_ui($0, $0, 2, MPFR_RNDN) }
            // d = 1/(b + a·d); delh = (b·d − 1)·delh; h += delh
            d = binary(a, d, w) { r, u, t in mpfr_mul(r, u, t, MPFR_RNDN) }
            d = binary(b, d, w) { r, u, t in mpfr_add(r, u, t, MPFR_RNDN) }
            d.withMutablePointer { _ = mpfr_ui_div($0, 1, $0, MPFR_RNDN) }
            var factor = binary(b, d, w) { r, u, t in mpfr_mul(r, u, t, MPFR_RNDN) }
            factor.withMutablePointer { _ = mpfr_sub_ui($0, $0, 1, MPFR_RNDN) }
            delh = binary(factor, delh, w) { r, u, t in mpfr_mul(r, u, t, MPFR_RNDN) }
            h = binary(h, delh, w) { r, u, t in mpfr_add(r, u, t, MPFR_RNDN) }
            let dels = binary(q, delh, w) { r, u, t in mpfr_mul(r, u, t, MPFR_RNDN) }
            s = binary(s, dels, w) { r, u, t in mpfr_add(r, u, t, MPFR_RNDN) }
            if dels.isZero || (!s.isZero && dels.exponent < s.exponent - w - 2) { converged = true; break }
        }
        guard converged, !s.isNegative, !s.isZero else { return nil }
        h = binary(a1, h, w) { r, u, t in mpfr_mul(r, u, t, MPFR_RNDN) }
        // log K_μ = ½ log(π/(2x)) − x − log s
        var logKmu = BigReal.pi(precision: w)
        logKmu = binary(logKmu, xw, w) { r, u, t in mpfr_div(r, u, t, MPFR_RNDN) }
        logKmu.withMutablePointer { _ = mpfr_div_2ui($0, $0, 1, MPFR_RNDN); _ = mpfr_log($0, $0, MPFR_RNDN); _ = mpfr_div_2ui($0, $0, 1, MPFR_RNDN) }
        logKmu = binary(logKmu, xw, w) { r, u, t in mpfr_sub(r, u, t, MPFR_RNDN) }
        logKmu = binary(logKmu, op(s, w) { r, u in mpfr_log(r, u, MPFR_RNDN) }, w) { r, u, t in mpfr_sub(r, u, t, MPFR_RNDN) }
        if n == 0 { return logKmu.rounded(toPrecision: p) }
        // Ratios ρ_ν = K_{ν+1}/K_ν avoid overflow: ρ_μ = (μ + x + ½ − h)/x, ρ_{ν+1} = 1/ρ_ν + 2(ν+1)/x.
        var rho = binary(mu, xw, w) { r, u, t in mpfr_add(r, u, t, MPFR_RNDN) }
        rho.withMutablePointer { _ = mpfr_add_d($0, $0, 0.5, MPFR_RNDN) }
        rho = binary(rho, h, w) { r, u, t in mpfr_sub(r, u, t, MPFR_RNDN) }
        rho = binary(rho, xw, w) { r, u, t in mpfr_div(r, u, t, MPFR_RNDN) }
        // K_v = K_μ · Π_{k<n} ρ_{μ+k}: accumulate the product (exponent range is ample) and take one log.
        var product = rho
        var nu = mu
        for _ in 1..<max(n, 1) {
            nu.withMutablePointer { _ = mpfr_add_ui($0, $0, 1, MPFR_RNDN) }
            var next = op(rho, w) { r, u in mpfr_ui_div(r, 1, u, MPFR_RNDN) }
            let twoNuOverX = binary(op(nu, w) { r, u in mpfr_mul_2ui(r, u, 1, MPFR_RNDN) }, xw, w) { r, u, t in mpfr_div(r, u, t, MPFR_RNDN) }
            next = binary(next, twoNuOverX, w) { r, u, t in mpfr_add(r, u, t, MPFR_RNDN) }
            rho = next
            product = binary(product, rho, w) { r, u, t in mpfr_mul(r, u, t, MPFR_RNDN) }
        }
        let logProduct = op(product, w) { r, u in mpfr_log(r, u, MPFR_RNDN) }
        return binary(logKmu, logProduct, p) { r, u, t in mpfr_add(r, u, t, MPFR_RNDN) }
    }
}
