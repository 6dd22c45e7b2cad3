extension FixedPoint {
    /// 1/b for b in [2^−30, 2] known within `inputError` ulps, and a bound on the result's error in ulps;
    /// nil elsewhere.
    ///
    /// Newton's iteration y ← y + y(1 − by) from the double 1/b: 53 bits, then 106, 212, past 256. The bound
    /// is a posteriori, from the residual ρ = 1 − by (exact): 1/b − y = ρ/b. The residual is formed from
    /// a product truncated by at most 4 ulp, so |1/b − y| ≤ (|ρ̃| + 4)/b; an error δ in b adds δ/b² more
    /// (to first order: δ ≪ b, with 1% for the rest).
    static public func reciprocal(_ b: FixedPoint, inputError: Double) -> (value: FixedPoint, error: Double)? {
        let bd = b.doubleValue
        guard !b.isNegative, bd >= 0x1p-30, bd <= 2, inputError * 0x1p-256 < bd * 0x1p-20 else { return nil }
        var y = FixedPoint(approximately: 1 / bd)
        for _ in 0..<3 {
            let residual = one - multiply(b, y)
            let correction = multiply(y, residual.isNegative ? -residual : residual)
            y = residual.isNegative ? y - correction : y + correction
        }
        let residual = one - multiply(b, y)
        let rho = (residual.isNegative ? -residual : residual).doubleValue * 0x1p256
        let lower = bd * (1 - 0x1p-50)
        return (y, ((rho + 4) / lower + inputError / (lower * lower) * 1.01) * 1.001)
    }
}
