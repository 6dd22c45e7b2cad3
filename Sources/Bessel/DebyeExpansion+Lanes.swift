extension DebyeExpansion {
    /// Whether the lane kernel takes (v, x): v ≥ 0, 0 < x, both below 2^500 (so that v² + x² is
    /// finite), x ≥ v·2^−900 (so that (v + ρ)/x is a normal double), and ρ past ρ₂₄ (with a margin
    /// for the rounding of v² + x²). The rest, NaN included, goes to the scalar code.
    @inline(__always) static func lanesAccept(_ v: Double, _ x: Double) -> Bool {
        let least = tables.thresholds[maximumTerms]
        return v >= 0 && x > 0 && v <= 0x1p500 && x <= 0x1p500 && x >= v * 0x1p-900
            && v * v + x * x >= least * least * (1 + 0x1p-40)
    }

    /// log I_v(x) (sign +1) or log K_v(x) (sign −1) at every lane, for lanes that `lanesAccept`.
    ///
    /// The scalar expansion's sum, with asinh(v/x) = log((v + ρ)/x) (one double-double division and
    /// log, where w + √(w² + 1) costs a division, a product and a square root). Each lane sums its own
    /// number of terms: terms past a lane's count enter Horner's rule as exact zeros, so a lane's bits
    /// do not depend on its neighbours.
    @inline(__always) static func logBessel<V: DoubleLanes>(sign: Double, _ v: V, _ x: V) -> V {
        typealias Lanes = DoubleDoubleLanes<V>
        let tables = self.tables
        let rho = Lanes.squareRoot(Lanes.twoProduct(v, v) + Lanes.twoProduct(x, x))
        var laneTerms = V(), most = 0
        for i in 0..<V.scalarCount {
            var terms = 0
            while rho.hi[i] < tables.thresholds[terms] { terms += 1 }
            laneTerms[i] = Double(terms)
            most = max(most, terms)
        }
        let t = v / rho.hi
        let tau = t * t, step = sign / rho.hi
        var corrected = V()
        var k = most
        while k >= 1 {
            let c = tables.coefficients + (k - 1) * (k + 2) / 2
            var p = V(repeating: c[k])
            var j = k - 1
            while j >= 0 { p = p * tau + c[j]; j -= 1 }
            p.replace(with: 0, where: laneTerms .< Double(k))
            corrected = (corrected + p) * step
            k -= 1
        }
        let logRho = Lanes.log(rho)
        let vAsinh = Lanes.log((rho + v) / x) * v
        var sum = sign > 0 ? rho - vAsinh - Lanes(halfLogTwoPi) : vAsinh - rho + Lanes(halfLogHalfPi)
        sum = sum - Lanes(0.5 * logRho.hi, 0.5 * logRho.lo)
        // log1p(c) for |c| < 2^−7, as in the scalar code.
        let c = corrected
        var l = V(repeating: -1.0 / 8)
        l = l * c + 1.0 / 7
        l = l * c - 1.0 / 6
        l = l * c + 1.0 / 5
        l = l * c - 1.0 / 4
        l = l * c + 1.0 / 3
        l = l * c - 1.0 / 2
        return (sum + (c + c * c * l)).value
    }
}
