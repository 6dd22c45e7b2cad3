extension FixedPoint {
    /// Arguments `exponential` takes: e^42 < 2^61 fits the integer part; below −40 the value keeps fewer
    /// than 200 of its bits in 256 fraction bits.
    static public let exponentialArgumentRange = -40.0...42.0

    /// e^x for x in −40…42 known within `inputError` ulps, and a bound on the result's absolute error in
    /// ulps; nil elsewhere.
    ///
    /// x = m·log 2 + r, m = round(x/log 2) in double, r = x − m·log 2 in fixed point: exact but for log 2's
    /// ½ ulp times |m|, |r| < 0.35 + 2^−40. e^r from its Taylor series, then e^x = e^r·2^m as a shift:
    /// exact left (the error grows by 2^m with the value), truncated right (≤ 1 ulp more).
    /// An error δ in r adds at most e^0.36·δ < 1.5δ to e^r.
    static public func exponential(_ x: FixedPoint, inputError: Double) -> (value: FixedPoint, error: Double)? {
        let xd = x.doubleValue
        guard exponentialArgumentRange.contains(xd) else { return nil }
        let logTwo = logarithmTables.logTwo
        let m = Int((xd / 0.693147180559945309).rounded())
        let reduction = logTwo.multiplied(by: UInt64(m.magnitude))
        let r = m >= 0 ? x - reduction : x + reduction
        let negative = r.isNegative
        let t = negative ? -r : r
        let td = t.doubleValue * (1 + 0x1p-40)
        // Horner's rule, p ← 1/k! ± t·p from the last k down: every p in (0, 1.5) (t·p < 1/k! · t/(k+1)
        // when they alternate), one truncated product a step (≤ 4 ulp) and 1/k!'s 2 ulp, earlier errors
        // shrunk by t < 0.36: below 10 ulp. The terms stop where t^(k+1)/(k+1)! < 2^−257; the rest is
        // below twice that (t/(k+2) < ½).
        var k = 0
        var next = td
        while next >= 0x1p-257 && k + 1 < factorialReciprocals.count - 1 {
            k += 1
            next *= td / Double(k + 1)
        }
        var p = factorialReciprocals[k]
        var sumError = 2.0
        while k >= 1 {
            k -= 1
            let product = multiply(p, t)
            p = negative ? factorialReciprocals[k] - product : factorialReciprocals[k] + product
            sumError = sumError * td + 6
        }
        sumError += 2 * next * 0x1p256
        let error = sumError + 1.5 * (inputError + Double(m.magnitude) / 2)
        if m >= 0 { return (p.shiftedLeft(by: m), error * 1.001 * Double(sign: .plus, exponent: m, significand: 1)) }
        return (p.shiftedRight(by: -m), (error * Double(sign: .plus, exponent: m, significand: 1) + 1) * 1.001)
    }
}
