import NumericKernels
extension DebyeExpansion {
    /// Whether the lane kernel takes (v, x): v ≥ 0, 0 < x, both below 2^500 (so that v² + x² is
    /// finite), x ≥ v·2^−900 (so that (v + ρ)/x is a normal double), and v² + x² past ρ₂₄² with a margin
    /// for its rounding. The rest, NaN included, goes to the scalar code.
    @inline(__always) static func lanesAccept(_ v: Double, _ x: Double) -> Bool {
        v >= 0 && x > 0 && v <= 0x1p500 && x <= 0x1p500 && x >= v * 0x1p-900
            && v * v + x * x >= tables.squaredThresholds[maximumTerms]
    }

    /// The number of terms the lane kernel sums at a point it takes: the least K with v² + x² ≥ ρ_K²
    /// (with the margin, so ρ ≥ ρ_K), by a branch-free binary search of the decreasing thresholds.
    /// The batch kernel groups points by it, so that no lane pays for a neighbour's smaller ρ; as a
    /// function of (v, x) alone it gives a point the same bits in a batch as on its own.
    @inline(__always) static func termClass(_ v: Double, _ x: Double) -> Int {
        let squared = tables.squaredThresholds
        let rho2 = v * v + x * x
        var count = 0  // how many thresholds stand above ρ²: a prefix, as they decrease
        count += rho2 < squared[15] ? 16 : 0
        count += rho2 < squared[count + 7] ? 8 : 0
        count += rho2 < squared[count + 3] ? 4 : 0
        count += rho2 < squared[count + 1] ? 2 : 0
        count += rho2 < squared[count] ? 1 : 0
        return count
    }

    /// log I_v(x) (sign +1) or log K_v(x) (sign −1) at every lane, for lanes that `lanesAccept`, with
    /// `terms` terms of the correction (at least each lane's `termClass`).
    ///
    /// The scalar expansion's sum, with asinh(v/x) = log((v + ρ)/x) (one double-double division and
    /// log, where w + √(w² + 1) costs a division, a product and a square root).
    @inline(__always) static func logBessel<V: DoubleLanes>(sign: Double, _ v: V, _ x: V, terms: Int) -> V {
        typealias Lanes = DoubleDoubleLanes<V>
        let rho = Lanes.squareRoot(Lanes.twoProduct(v, v) + Lanes.twoProduct(x, x))
        let t = v / rho.hi
        let correction = logCorrection(tau: t * t, step: sign / rho.hi, terms: terms)
        let logRho = Lanes.log(rho)
        let vAsinh = Lanes.log((rho + v) / x) * v
        var sum = sign > 0 ? rho - vAsinh - Lanes(halfLogTwoPi) : vAsinh - rho + Lanes(halfLogHalfPi)
        sum = sum - Lanes(0.5 * logRho.hi, 0.5 * logRho.lo)
        return (sum + correction).value
    }

    /// log(1 + Σ_{k=1}^{terms} σ^k P_k(t²)/ρ^k) at every lane, for τ = t² and step = σ/ρ (σ = +1 for I,
    /// −1 for K): Horner's rule in σ/ρ over the P_k, then log1p for |c| ≤ |P₁|/ρ < 2^−7, where eight
    /// terms leave c⁹/9 < 2^−66.
    @inline(__always) static func logCorrection<V: DoubleLanes>(tau: V, step: V, terms: Int) -> V {
        let coefficients = tables.coefficients
        // Two polynomials per pass (P_{k−1} with a leading zero, which Horner's rule carries exactly):
        // one chain at a time would wait on every multiply-add.
        var c = V()
        var k = terms
        while k >= 2 {
            let p0 = coefficients + (k - 1) * (k + 2) / 2, q0 = coefficients + (k - 2) * (k + 1) / 2
            var p = V(repeating: p0[k]), q = V()
            var j = k - 1
            while j >= 0 { p = p * tau + p0[j]; q = q * tau + q0[j]; j -= 1 }
            c = ((c + p) * step + q) * step
            k -= 2
        }
        if k == 1 { c = (c + (V(repeating: coefficients[1]) * tau + coefficients[0])) * step }
        return V.log1pSmall(c)
    }
}
