import CMPFR
import EMLNumbers

extension LogBessel {
    /// Where the series route is used for K: small argument and moderate order (the trapezoid would
    /// have to sum a plateau of length ≈ log(2/x) there).
    static func usesSeriesForK(_ v: Double, _ x: Double) -> Bool { x <= 30 && v <= 30 }

    /// log K_v(x) for 0 < x ≤ 30 by series, in linear space with an adaptive guard: the bits lost to
    /// cancellation are measured after each attempt, and the attempt repeated with that many more.
    ///
    /// Non-integer v: K_v = π/(2 sin vπ)·(I_{−v} − I_v) (DLMF 10.27.4).
    /// Integer n (DLMF 10.31.1): K_n(x) = ½(x/2)^(−n) Σ_{k<n} ((n−k−1)!/k!)(−x²/4)^k
    ///   + (−1)^(n+1) log(x/2) I_n(x) + (−1)^n ½(x/2)^n Σ_k (ψ(k+1) + ψ(n+k+1)) (x²/4)^k/(k!(n+k)!).
    static func logKSeries(_ v: BigReal, _ x: BigReal, precision p: Int) -> BigReal {
        // I_{±v} grow like e^x while K falls like e^(−x): about 2.9·x bits cancel (start with them).
        var guardBits = 32 + Int(2.9 * x.doubleValue)
        while true {
            let w = p + guardBits
            let (value, largest) = isInteger(v) ? kInteger(Int(v.doubleValue), x, w) : kFractional(v, x, w)
            // Bits lost: how far the largest part stands above the result.
            let lost = value.isZero ? w : max(0, largest - value.exponent)
            if lost + 16 <= guardBits || guardBits > 4 * p + 4096 {
                return op(value, p) { r, u in mpfr_log(r, u, MPFR_RNDN) }
            }
            guardBits = lost + 48
        }
    }

    /// Σ_k (x/2)^(2k+a)/(k! Γ(k+a+1)) at precision w, a real (Γ of negative non-integers allowed),
    /// with the largest exponent among its terms.
    static func iSeries(_ a: BigReal, _ x: BigReal, _ w: Int) -> (BigReal, Int) {
        let half = op(x, w) { r, u in mpfr_div_2ui(r, u, 1, MPFR_RNDN) }
        let logHalf = op(half, w) { r, u in mpfr_log(r, u, MPFR_RNDN) }
        // term₀ = (x/2)^a / Γ(a + 1)
        let power = op(binary(a, logHalf, w) { r, u, t in mpfr_mul(r, u, t, MPFR_RNDN) }, w) { r, u in mpfr_exp(r, u, MPFR_RNDN) }
        let gamma = op(op(a, w) { r, u in mpfr_add_ui(r, u, 1, MPFR_RNDN) }, w) { r, u in mpfr_gamma(r, u, MPFR_RNDN) }
        var term = binary(power, gamma, w) { r, u, t in mpfr_div(r, u, t, MPFR_RNDN) }
        var sum = term
        var largest = term.isZero ? Int.min : term.exponent
        let z = op(half, w) { r, u in mpfr_sqr(r, u, MPFR_RNDN) }
        var k = 0
        var denominator = BigReal(precision: w)
        while true {
            k += 1
            denominator.withMutablePointer { d in a.withPointer { _ = mpfr_add_ui(d, $0, UInt(k), MPFR_RNDN) }; _ = mpfr_mul_ui(d, d, UInt(k), MPFR_RNDN) }
            term.withMutablePointer { t in z.withPointer { _ = mpfr_mul(t, t, $0, MPFR_RNDN) }; denominator.withPointer { _ = mpfr_div(t, t, $0, MPFR_RNDN) } }
            sum = binary(sum, term, w) { r, u, t in mpfr_add(r, u, t, MPFR_RNDN) }
            if !term.isZero { largest = max(largest, term.exponent) }
            // x ≤ 2: the ratio (x²/4)/(k(k+a)) is below 1/k(k+a); past k > |a| + 1 the terms fall fast.
            if Double(k) > Swift.abs(a.doubleValue) + 1 && (term.isZero || sum.isZero || term.exponent < sum.exponent - w - 4) { break }
        }
        return (sum, largest)
    }

    static func kFractional(_ v: BigReal, _ x: BigReal, _ w: Int) -> (BigReal, Int) {
        let minus = op(v, w) { r, u in mpfr_neg(r, u, MPFR_RNDN) }
        let (iMinus, l1) = iSeries(minus, x, w)
        let (iPlus, l2) = iSeries(v, x, w)
        let difference = binary(iMinus, iPlus, w) { r, u, t in mpfr_sub(r, u, t, MPFR_RNDN) }
        var s = BigReal(precision: w)
        s.withMutablePointer { r in v.withPointer { _ = mpfr_sinpi(r, $0, MPFR_RNDN) } }
        var k = binary(difference, s, w) { r, u, t in mpfr_div(r, u, t, MPFR_RNDN) }
        let halfPi = op(BigReal.pi(precision: w), w) { r, u in mpfr_div_2ui(r, u, 1, MPFR_RNDN) }
        k = binary(k, halfPi, w) { r, u, t in mpfr_mul(r, u, t, MPFR_RNDN) }
        // The cancellation is in I_{−v} − I_v: compare the largest term with the difference.
        let lost = difference.isZero ? w : max(l1, l2) - difference.exponent
        return (k, k.isZero ? Int.max : k.exponent + max(0, lost))
    }

    /// h + 1/m at precision w.
    static func addReciprocal(_ h: BigReal, _ m: Int, _ w: Int) -> BigReal {
        var inverse = BigReal(1, precision: w)
        inverse.withMutablePointer { _ = mpfr_div_ui($0, $0, UInt(m), MPFR_RNDN) }
        return binary(h, inverse, w) { r, u, t in mpfr_add(r, u, t, MPFR_RNDN) }
    }

    static func kInteger(_ n: Int, _ x: BigReal, _ w: Int) -> (BigReal, Int) {
        let half = op(x, w) { r, u in mpfr_div_2ui(r, u, 1, MPFR_RNDN) }
        let z = op(half, w) { r, u in mpfr_sqr(r, u, MPFR_RNDN) }
        var largest = Int.min
        func track(_ b: BigReal) { if !b.isZero { largest = max(largest, b.exponent) } }
        // A = ½(x/2)^(−n) Σ_{k<n} ((n−k−1)!/k!)(−z)^k
        var a = BigReal(0, precision: w)
        if n > 0 {
            var term = BigReal(precision: w)
            term.withMutablePointer { _ = mpfr_fac_ui($0, UInt(n - 1), MPFR_RNDN) }  // k = 0: (n−1)!
            for k in 0..<n {
                if k > 0 {
                    // term_k = term_{k−1}·(−z)/(k (n−k))
                    term.withMutablePointer { t in z.withPointer { _ = mpfr_mul(t, t, $0, MPFR_RNDN) }; _ = mpfr_neg(t, t, MPFR_RNDN)
                        _ = mpfr_div_ui(t, t, UInt(k * (n - k)), MPFR_RNDN) }
                }
                a = binary(a, term, w) { r, u, t in mpfr_add(r, u, t, MPFR_RNDN) }
            }
            var scale = op(half, w) { r, u in mpfr_pow_si(r, u, -n, MPFR_RNDN) }
            scale.withMutablePointer { _ = mpfr_div_2ui($0, $0, 1, MPFR_RNDN) }
            a = binary(a, scale, w) { r, u, t in mpfr_mul(r, u, t, MPFR_RNDN) }
            track(a)
        }
        // B = (−1)^(n+1) log(x/2) I_n(x)
        let (iN, _) = iSeries(BigReal(n, precision: w), x, w)
        var b = binary(op(half, w) { r, u in mpfr_log(r, u, MPFR_RNDN) }, iN, w) { r, u, t in mpfr_mul(r, u, t, MPFR_RNDN) }
        if n % 2 == 0 { b.withMutablePointer { _ = mpfr_neg($0, $0, MPFR_RNDN) } }
        track(b)
        // C = (−1)^n ½(x/2)^n Σ_k (ψ(k+1) + ψ(n+k+1)) z^k/(k!(n+k)!), ψ(m) = −γ + H_{m−1}
        var gamma = BigReal(precision: w)
        gamma.withMutablePointer { _ = mpfr_const_euler($0, MPFR_RNDN) }
        var hk = BigReal(0, precision: w)            // H_k
        var hnk = BigReal(0, precision: w)           // H_{n+k}
        for m in stride(from: 1, through: n, by: 1) { hnk = addReciprocal(hnk, m, w) }
        var coefficient = BigReal(precision: w)     // z^k/(k!(n+k)!)
        coefficient.withMutablePointer { _ = mpfr_fac_ui($0, UInt(n), MPFR_RNDN); _ = mpfr_ui_div($0, 1, $0, MPFR_RNDN) }
        var c = BigReal(0, precision: w)
        var k = 0
        while true {
            // ψ(k+1) + ψ(n+k+1) = H_k + H_{n+k} − 2γ
            var psi = binary(hk, hnk, w) { r, u, t in mpfr_add(r, u, t, MPFR_RNDN) }
            psi.withMutablePointer { p in gamma.withPointer { _ = mpfr_sub(p, p, $0, MPFR_RNDN); _ = mpfr_sub(p, p, $0, MPFR_RNDN) } }
            let term = binary(psi, coefficient, w) { r, u, t in mpfr_mul(r, u, t, MPFR_RNDN) }
            c = binary(c, term, w) { r, u, t in mpfr_add(r, u, t, MPFR_RNDN) }
            if k > 2 && (term.isZero || c.isZero || term.exponent < c.exponent - w - 4) { break }
            k += 1
            coefficient.withMutablePointer { t in z.withPointer { _ = mpfr_mul(t, t, $0, MPFR_RNDN) }; _ = mpfr_div_ui(t, t, UInt(k * (n + k)), MPFR_RNDN) }
            hk = addReciprocal(hk, k, w)
            hnk = addReciprocal(hnk, n + k, w)
        }
        var scale = op(half, w) { r, u in mpfr_pow_si(r, u, n, MPFR_RNDN) }
        scale.withMutablePointer { _ = mpfr_div_2ui($0, $0, 1, MPFR_RNDN) }
        c = binary(c, scale, w) { r, u, t in mpfr_mul(r, u, t, MPFR_RNDN) }
        if n % 2 == 1 { c.withMutablePointer { _ = mpfr_neg($0, $0, MPFR_RNDN) } }
        track(c)
        let total = binary(binary(a, b, w) { r, u, t in mpfr_add(r, u, t, MPFR_RNDN) }, c, w) { r, u, t in mpfr_add(r, u, t, MPFR_RNDN) }
        return (total, largest)
    }
}
