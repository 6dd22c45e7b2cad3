extension FixedPoint {
    /// √b for 2^−200 ≤ b < 2^62 known within `inputError` ulps, and a bound on the result's absolute error
    /// in ulps; nil elsewhere.
    ///
    /// b = m·4^j with m ∈ [¼, 1) (a shift: exact left, ≤ 1 ulp right), then Newton's iteration for
    /// y = 1/√m, y ← y + y(1 − my²)/2, from the double (53 bits, then 106, 212, past 256), and √m = m·y.
    /// The bound is a posteriori, from the residual ρ = 1 − my²: with u = √m·y, √m − my = √m(1 − u) =
    /// √m·ρ/(1 + u), below |ρ|. ρ is formed within 8 ulp (two truncated products), m·y within 4 more.
    /// An error δ in m adds δ/(2√m) ≤ δ; the shift back by 2^j scales everything by 2^j.
    static public func squareRoot(_ b: FixedPoint, inputError: Double) -> (value: FixedPoint, error: Double)? {
        let bd = b.doubleValue
        guard !b.isNegative, bd >= 0x1p-200, bd < 0x1p62 else { return nil }
        // 2^e ≤ b < 2^(e+1); j = ⌈(e + 1)/2⌉ puts m = b/4^j in [¼, 1).
        let e = b.leadingBit - fractionBits
        let j = e >= -1 ? (e + 2) / 2 : -((-e - 1) / 2)
        let m = j >= 0 ? b.shiftedRight(by: 2 * j) : b.shiftedLeft(by: -2 * j)
        let inputErrorM = j >= 0 ? inputError / Double(sign: .plus, exponent: 2 * j, significand: 1) + 1 : inputError * Double(sign: .plus, exponent: -2 * j, significand: 1)
        var y = FixedPoint(approximately: 1 / m.doubleValue.squareRoot())
        for _ in 0..<3 {
            let residual = one - multiply(m, multiply(y, y))
            let correction = multiply(y, residual.isNegative ? -residual : residual).shiftedRight(by: 1)
            y = residual.isNegative ? y - correction : y + correction
        }
        let residual = one - multiply(m, multiply(y, y))
        let rho = (residual.isNegative ? -residual : residual).doubleValue * 0x1p256
        let root = multiply(m, y)
        let error = (rho + 12 + inputErrorM) * 1.001
        let scale = Double(sign: .plus, exponent: j, significand: 1)
        return j >= 0 ? (root.shiftedLeft(by: j), error * scale) : (root.shiftedRight(by: -j), error * scale + 1)
    }
}
