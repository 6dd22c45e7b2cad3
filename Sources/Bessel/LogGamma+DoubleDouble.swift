extension DoubleDouble {
    /// log Γ(w) for w ≥ 1 with absolute error about 2^−100·log Γ(w) + 2^−66.
    ///
    /// Stirling's series at z = w + N ≥ 15, where nine terms leave less than 10^−22, and
    /// log Γ(w) = log Γ(z) − log(w (w+1) … (w+N−1)); the product is formed in double-double, since a
    /// rounded product would lose its error straight into the result (log Γ(21) ≈ 42, result ≈ 0).
    static func logGamma(_ w: DoubleDouble) -> DoubleDouble {
        let shift = max(0, 15 - Int(w.hi))
        var product = DoubleDouble(1)
        for j in 0..<shift { product = product * (w + Double(j)) }
        let z = w + Double(shift)
        let y = 1 / z.hi
        let y2 = y * y
        // Σ B_2n / (2n(2n − 1) z^(2n−1)), n = 1 … 9 (the first term is below 2^−7, so double suffices).
        var s = 43867.0 / 244188
        s = s * y2 - 3617.0 / 122400
        s = s * y2 + 1.0 / 156
        s = s * y2 - 691.0 / 360360
        s = s * y2 + 1.0 / 1188
        s = s * y2 - 1.0 / 1680
        s = s * y2 + 1.0 / 1260
        s = s * y2 - 1.0 / 360
        s = s * y2 + 1.0 / 12
        s *= y
        var result = (z - 0.5) * log(z) - z + DebyeExpansion.halfLogTwoPi + s
        if shift > 0 { result = result - log(product) }
        return result
    }
}
