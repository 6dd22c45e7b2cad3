import CMPFR
import EMLNumbers
import Foundation
import NumericKernels

extension LogBessel {
    /// Where the series route is used for K: small argument and moderate order (the trapezoid would
    /// have to sum a plateau of length ≈ log(2/x) there).
    static func usesSeriesForK(_ v: Double, _ x: Double) -> Bool { x <= 30 && v <= 30 }

    /// log K_v(x) for 0 < x ≤ 30 by series, with guard bits grown until the computed error bound (or, for
    /// integer v, the bits measured lost to cancellation) leaves p bits.
    ///
    /// Non-integer v: `logKSeries(_:_:workingPrecision:)`. Integer n (DLMF 10.31.1): K_n(x) = ½(x/2)^(−n)
    /// Σ_{k<n} ((n−k−1)!/k!)(−x²/4)^k + (−1)^(n+1) log(x/2) I_n(x) + (−1)^n ½(x/2)^n Σ_k (ψ(k+1) + ψ(n+k+1))
    /// (x²/4)^k/(k!(n+k)!).
    static func logKSeries(_ v: BigReal, _ x: BigReal, precision p: Int) -> BigReal {
        // I_{±v} grow like e^x while K falls like e^(−x): about 2.9·x bits cancel (start with them).
        var guardBits = 32 + Int(2.9 * x.doubleValue)
        if !isInteger(v) {
            while true {
                let w = p + guardBits
                if let (value, error) = logKSeries(v, x, workingPrecision: w) {
                    if guardBits > 4 * p + 4096 { return value.rounded(toPrecision: p) }
                    // log K rounded to 0 says nothing of its bits: double the guard.
                    guard !value.isZero else { guardBits *= 2; continue }
                    let excess = error - (value.exponent - p - 2)
                    if excess <= 0 { return value.rounded(toPrecision: p) }
                    guardBits += excess + 16
                } else {
                    if guardBits > 4 * p + 4096 { return BigReal(Double.nan, precision: p) }
                    guardBits *= 2
                }
            }
        }
        while true {
            let w = p + guardBits
            let (value, largest) = kInteger(Int(v.doubleValue), x, w)
            // Bits lost: how far the largest part stands above the result.
            let lost = value.isZero ? w : max(0, largest - value.exponent)
            if lost + 16 <= guardBits || guardBits > 4 * p + 4096 {
                return op(value, p) { r, u in mpfr_log(r, u, MPFR_RNDN) }
            }
            guardBits = lost + 48
        }
    }

    /// log K_v(x) for non-integer v > 0 and 0 < x ≤ 30 by the series at working precision w, with a bound
    /// 2^error on its absolute error; nil where cancellation left no correct bit (the caller adds guard bits).
    ///
    /// K_v = π/(2 sin vπ)·(I_{−v} − I_v) (DLMF 10.27.4) with 1/Γ(1 − v) = Γ(v + 1)·sin(vπ)/(vπ):
    ///   K_v = ½·[E·S(−v)/v − π·S(v)/(E·sin vπ)],  E = Γ(v + 1)/(x/2)^v,  S(a) = ₀F₁(; a + 1; x²/4),
    /// so one log Γ (Stirling's parts: E = exp(stirling − v·log(x/2))/P), one log, one exp and one sin serve
    /// both halves, where the textbook form needs two Γ and two powers.
    /// Bound, in units u = 2^−w: S(a) is off by 6K·u·Σ|term| + |S|·u with Σ|term| ≤ (K+1)·2^largest
    /// (`hypergeometricSeries`); E relatively by the exponent's absolute error plus 2; the halves by
    /// E's error plus S's plus their roundings (2 and 5); K = T₁ − T₂ relatively by
    /// (|T₁|·r₁ + |T₂|·r₂)/|K| + 1, the bits that cancel; the log adds (|log K| + 2)·u (`TabledLogarithm`). Doubled for second-order terms.
    static func logKSeries(_ v: BigReal, _ x: BigReal, workingPrecision w: Int) -> (value: BigReal, error: Int)? {
        let z = op(x, w) { r, u in mpfr_sqr(r, u, MPFR_RNDN); return mpfr_div_2ui(r, r, 2, MPFR_RNDN) }
        let minus = op(v, v.precision) { r, u in mpfr_neg(r, u, MPFR_RNDN) }
        let (sumMinus, termsMinus, largestMinus) = hypergeometricSeries(minus, z, w)
        let (sumPlus, termsPlus, largestPlus) = hypergeometricSeries(v, z, w)
        // E = exp(stirling − v·log(x/2))/P
        let gamma = logGammaOfSuccessor(v, w)
        let (vLog, vLogBound) = orderTimesLogHalf(v, x, w)
        var e = binary(gamma.stirling, vLog, w) { r, a, b in mpfr_sub(r, a, b, MPFR_RNDN) }
        let exponentError = gamma.stirlingBound + vLogBound + Swift.abs(e.doubleValue)
        e.withMutablePointer { r in _ = mpfr_exp(r, r, MPFR_RNDN); gamma.product.withPointer { _ = mpfr_div(r, r, $0, MPFR_RNDN) } }
        let relativeE = exponentError + gamma.productBound + 2
        // S(a) = 1 + Σ, off by 6K·u·Σ|term| + |S|·u, relatively by that over |S|; |a|/|b| < 2^(ea − eb + 1).
        func ratio(_ a: Int, _ b: Int) -> Double { exp2(Double(Swift.min(a - b + 1, 4096))) }
        func full(_ sum: BigReal, _ terms: Int, _ largest: Int) -> (BigReal, Double)? {
            let s = op(sum, w) { r, u in mpfr_add_ui(r, u, 1, MPFR_RNDN) }
            if s.isZero { return nil }
            return (s, 6 * Double(terms) * Double(terms + 1) * ratio(Swift.max(largest, 1), s.exponent) + 1)
        }
        guard let (sMinus, relativeMinus) = full(sumMinus, termsMinus, largestMinus),
              let (sPlus, relativePlus) = full(sumPlus, termsPlus, largestPlus) else { return nil }
        // T₁ = E·S(−v)/(2v), T₂ = π·S(v)/(2E·sin vπ)
        var t1 = binary(sMinus, e, w) { r, a, b in mpfr_mul(r, a, b, MPFR_RNDN) }
        t1.withMutablePointer { t in v.withPointer { _ = mpfr_div(t, t, $0, MPFR_RNDN) }; _ = mpfr_div_2ui(t, t, 1, MPFR_RNDN) }
        var t2 = binary(sPlus, BigReal.pi(precision: w), w) { r, a, b in mpfr_mul(r, a, b, MPFR_RNDN) }
        var d = BigReal(precision: w)
        d.withMutablePointer { d in v.withPointer { _ = mpfr_sinpi(d, $0, MPFR_RNDN) }; e.withPointer { _ = mpfr_mul(d, d, $0, MPFR_RNDN) } }
        t2.withMutablePointer { t in d.withPointer { _ = mpfr_div(t, t, $0, MPFR_RNDN) }; _ = mpfr_div_2ui(t, t, 1, MPFR_RNDN) }
        let k = binary(t1, t2, w) { r, a, b in mpfr_sub(r, a, b, MPFR_RNDN) }
        guard !t1.isZero, !t2.isZero, !k.isZero, !k.isNegative else { return nil }
        let relative1 = relativeE + relativeMinus + 2
        let relative2 = relativeE + relativePlus + 5
        // In log₂, since the bits that cancel pass double's range (1030 of them at v = 10^−310).
        let log1 = Double(t1.exponent - k.exponent + 1) + log2(relative1)
        let log2Relative = Double(t2.exponent - k.exponent + 1) + log2(relative2)
        let logRelativeK = logSum([log1, log2Relative, 0])
        guard logRelativeK < Double(w - 2) else { return nil }
        let value = TabledLogarithm.log(k, w)
        let logBound = logSum([1 + logRelativeK, log2(Swift.abs(value.doubleValue) + 2)])
        return (value, Swift.min(Int(logBound.rounded(.up)) + 1, 1 << 20) - w)
    }

    /// log₂ Σ 2^l_i without leaving double's range (the largest factored out; rounding up by 2^−40).
    static func logSum(_ logs: [Double]) -> Double {
        let top = logs.max()!
        return top + log2(logs.reduce(0) { $0 + exp2($1 - top) }) + 0x1p-40
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
        // I_n(x) = (x/2)^n/n!·(1 + Σ)
        var iN = hypergeometricSeries(BigReal(n, precision: w), z, w).sum
        iN.withMutablePointer { r in
            _ = mpfr_add_ui(r, r, 1, MPFR_RNDN)
            var f = BigReal(precision: w)
            f.withMutablePointer { f in
                half.withPointer { _ = mpfr_pow_si(f, $0, n, MPFR_RNDN) }; _ = mpfr_mul(r, r, f, MPFR_RNDN)
                _ = mpfr_fac_ui(f, UInt(n), MPFR_RNDN); _ = mpfr_div(r, r, f, MPFR_RNDN)
            }
        }
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
