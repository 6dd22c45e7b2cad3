import CMPFR
import EMLNumbers
import Foundation
import NumericKernels

/// Debye's uniform expansions (DLMF 10.41.3–4), written in ρ = √(v² + x²), t = v/ρ:
///
///   log I_v(x) = −½ log 2π − ½ log ρ + ρ − v·asinh(v/x) + log(1 + Σ_k      u_k(t)/v^k)
///   log K_v(x) = +½ log(π/2) − ½ log ρ − ρ + v·asinh(v/x) + log(1 + Σ_k (−1)^k u_k(t)/v^k)
///
/// (v·η = ρ − v·asinh(v/x), and ½ log v + ¼ log(1 + z²) = ½ log ρ). Since u_k(t) = t^k·P_k(t²),
/// u_k(t)/v^k = P_k(t²)/ρ^k: the terms depend on ρ alone in size, so the expansion is uniform in v and
/// x, and at v → 0 it becomes Hankel's large-argument expansion (DLMF 10.40.1) without a special case.
///
/// Terms: with M_k = max over [0, 1] of |P_k|, truncating after K terms errs by about the first
/// omitted term, at most M_{K+1}/ρ^{K+1}; K is the least with M_{K+1}/ρ^{K+1} ≤ 2^−57 (a sixteenth of
/// an ulp of 1), which exists for K ≤ 24 once ρ ≥ 21.1. The leading part is summed in double-double:
/// ρ and v·asinh(v/x) cancel to ~12 bits where η ≈ 0 (x ≈ 0.66 v) at v = 10^4.
enum DebyeExpansion {
    static let maximumTerms = 24

    /// Coefficients of P_k(τ) = Σ_j c_{k,j} τ^j for k = 0 … 25, from the recurrence
    /// u_{k+1}(t) = ½t²(1 − t²)u_k′(t) + ⅛∫₀^t (1 − 5s²)u_k(s) ds (DLMF 10.41.9). The two contributions
    /// to each coefficient have the same sign, so the double recurrence loses nothing to cancellation.
    static let polynomials: [[Double]] = {
        var result: [[Double]] = [[1]]
        // u_k as coefficients of t^(k+2j), j = 0 … k.
        var current: [Double] = [1]
        for k in 0..<(maximumTerms + 1) {
            var next = [Double](repeating: 0, count: k + 2)
            for (j, c) in current.enumerated() {
                let p = Double(k + 2 * j)
                // t^(p+1) is index j of u_{k+1}; t^(p+3) is index j + 1.
                next[j] += 0.5 * p * c + c / (8 * (p + 1))
                next[j + 1] += -0.5 * p * c - 5 * c / (8 * (p + 3))
            }
            result.append(next)
            current = next
        }
        return result
    }()

    /// ρ_K: the least ρ at which K terms leave an error ≤ 2^−57, for K = 0 … maximumTerms.
    static let thresholds: [Double] = {
        var bounds: [Double] = []
        for k in 0...(maximumTerms + 1) {
            var m = 0.0
            for i in 0...1024 { m = max(m, abs(evaluate(polynomials[k], Double(i) / 1024))) }
            bounds.append(2 * m)  // the grid maximum of a smooth polynomial, with a factor of safety
        }
        return (0...maximumTerms).map { k in pow(bounds[k + 1] * 0x1p57, 1 / Double(k + 1)) }
    }()

    static func evaluate(_ c: [Double], _ tau: Double) -> Double {
        var s = 0.0
        for a in c.reversed() { s = s * tau + a }
        return s
    }

    /// The tables in never-freed blocks, read without reference counting in the kernels: the
    /// thresholds ρ_0 … ρ_24, and P_1 … P_24 back to back (P_k has k + 1 coefficients, lowest first,
    /// so it starts at 2 + 3 + … + k = (k − 1)(k + 2)/2); and for the lane kernel the squared thresholds,
    /// raised by 2^−40 against the rounding of v² + x², padded with −∞ to 32 entries for a branch-free search.
    struct Tables: @unchecked Sendable {
        let thresholds: UnsafePointer<Double>
        let coefficients: UnsafePointer<Double>
        let squaredThresholds: UnsafePointer<Double>
    }

    static let tables: Tables = {
        let t = UnsafeMutablePointer<Double>.allocate(capacity: thresholds.count)
        t.initialize(from: thresholds, count: thresholds.count)
        let flat = polynomials[1...maximumTerms].flatMap { $0 }
        let c = UnsafeMutablePointer<Double>.allocate(capacity: flat.count)
        c.initialize(from: flat, count: flat.count)
        let s = UnsafeMutablePointer<Double>.allocate(capacity: 32)
        s.initialize(repeating: -.infinity, count: 32)
        for k in 0...maximumTerms { s[k] = thresholds[k] * thresholds[k] * (1 + 0x1p-40) }
        return Tables(thresholds: t, coefficients: c, squaredThresholds: s)
    }()

    static let halfLogTwoPi: DoubleDouble = constant { r in
        _ = mpfr_const_pi(r, MPFR_RNDN); mpfr_mul_2ui(r, r, 1, MPFR_RNDN); mpfr_log(r, r, MPFR_RNDN); mpfr_div_2ui(r, r, 1, MPFR_RNDN)
    }
    static let halfLogHalfPi: DoubleDouble = constant { r in
        _ = mpfr_const_pi(r, MPFR_RNDN); mpfr_div_2ui(r, r, 1, MPFR_RNDN); mpfr_log(r, r, MPFR_RNDN); mpfr_div_2ui(r, r, 1, MPFR_RNDN)
    }

    static func constant(_ make: (UnsafeMutablePointer<__mpfr_struct>) -> Void) -> DoubleDouble {
        var x = BigReal(precision: 160)
        x.withMutablePointer { make($0) }
        return LogTable.split(x)
    }

    /// log I_v(x) (sign +1) or log K_v(x) (sign −1) for v ≥ 0, x > 0, or nil where ρ < ρ₂₄ ≈ 21.1 (too small for 24 terms).
    static func logBessel(sign: Double, _ v: Double, _ x: Double) -> Double? {
        // The lane kernel in two lanes, so that a scalar call gives the batch kernel's bits.
        if lanesAccept(v, x) {
            return logBessel(sign: sign, SIMD2(repeating: v), SIMD2(repeating: x), terms: termClass(v, x))[0]
        }
        let m = max(v, x)
        // ρ ≤ √2·max(v, x): no square root needed to turn the small-ρ points away.
        if m < 0.7 * tables.thresholds[maximumTerms] { return nil }
        // Scale by a power of two so that v² + x² neither overflows nor loses x to underflow.
        let scaled = m > 0x1p500
        let scale = scaled ? Double(sign: .plus, exponent: m.exponent, significand: 1) : 1
        let vs = v / scale, xs = x / scale
        let rho2 = DoubleDouble.twoProduct(vs, vs) + DoubleDouble.twoProduct(xs, xs)
        let root = DoubleDouble.squareRoot(rho2)
        let rho = DoubleDouble(root.hi * scale, root.lo * scale)  // exact: a power of two
        let tables = self.tables
        guard rho.hi >= tables.thresholds[maximumTerms] else { return nil }
        var terms = 0
        while rho.hi < tables.thresholds[terms] { terms += 1 }

        let t = v / rho.hi
        // The lane kernel's correction in two lanes: these rare points (beyond 2^500, or x < v·2^−900) need no code of their own.
        let correction = logCorrection(tau: SIMD2(repeating: t * t), step: SIMD2(repeating: sign / rho.hi), terms: terms)[0]
        // ρ and v·asinh(v/x) in units of `scale` (a power of two): past 2^1023·2^−½ ρ itself overflows
        // while ρ − v·asinh(v/x) is finite, and Dekker's split of a product overflows past 2^996.
        let rhoScaled = root
        let logRho = DoubleDouble.log(rhoScaled) + LogTable.ln2 * Double(scale.exponent)
        // v·asinh(v/x): log(w + √(w² + 1)) for w = v/x, or log(2v) − log x + 1/(4w²) once w > 2^26.
        var vAsinh = DoubleDouble(0)
        if v > 0 {
            let asinh: DoubleDouble
            let ratio = v / x
            if ratio > 0x1p26 {
                asinh = DoubleDouble.log(v) + LogTable.ln2 - DoubleDouble.log(x) + 0.25 / (ratio * ratio)
            } else {
                let w = DoubleDouble(vs) / DoubleDouble(xs)
                let root = DoubleDouble.squareRoot(w * w + 1)
                asinh = DoubleDouble.log(w + root)
            }
            vAsinh = asinh * vs
            // v·asinh(v/x) beyond the double range: log I → −∞, log K → +∞ (the true values overflow).
            if !vAsinh.hi.isFinite { return -sign * .infinity }
        }
        // The leading difference, scaled back by a power of two (exact unless it overflows, as the truth does).
        let lead = sign > 0 ? rhoScaled - vAsinh : vAsinh - rhoScaled
        var sum = DoubleDouble(lead.hi * scale, lead.lo * scale)
        if !sum.hi.isFinite { return sum.hi }
        sum = sum + (sign > 0 ? -halfLogTwoPi : halfLogHalfPi)
        sum = sum - DoubleDouble(0.5 * logRho.hi, 0.5 * logRho.lo)
        return (sum + correction).value
    }
}
