extension FixedPoint {
    /// π/2 rounded to the nearest ulp (within ½; `FixedPointTests` checks it against MPFR's π).
    static public let halfPi = FixedPoint(limbs: [0x04177d4c76273645, 0x52049c1114cf98e8, 0x898cc51701b839a2, 0x921fb54442d18469, 1])

    /// Largest |x| that `sine` takes: the reduction's error, k/2 ulp for k = round(2x/π), stays below 2^19 ulp.
    static public let trigonometricArgumentLimit = 0x1p20

    /// |x| = kπ/2 + r for |x| ≤ 2^20: k = round(2|x|/π) in double, r = |x| − k·(π/2) in fixed point, exact
    /// but for π/2's ½ ulp times k (the subtraction, not a remainder of doubles, is what keeps r's last bits
    /// when x is near a multiple of π/2); nil beyond 2^20. |r| ≤ π/4 + 2^−30.
    static func quarterTurns(_ x: FixedPoint) -> (k: UInt64, r: FixedPoint)? {
        let a = x.isNegative ? -x : x
        let magnitude = a.doubleValue
        guard magnitude <= trigonometricArgumentLimit else { return nil }
        let k = UInt64((magnitude * (2 / Double.pi)).rounded())
        return (k, a - halfPi.multiplied(by: k))
    }

    /// sin x, or cos x with `cosine`, for |x| ≤ 2^20 known within `inputError` ulps, and a bound on the
    /// result's absolute error in ulps; nil beyond 2^20.
    ///
    /// |x| = kπ/2 + r (`quarterTurns`), then sin r or cos r by k mod 4, from their Taylor series (`taylor`).
    /// Both functions are 1-Lipschitz: an error δ in x or r adds at most δ to the result.
    static public func sine(_ x: FixedPoint, inputError: Double, cosine: Bool = false) -> (value: FixedPoint, error: Double)? {
        guard let (k, r) = quarterTurns(x) else { return nil }
        // sin(kπ/2 + r) is sin r, cos r, −sin r, −cos r for k mod 4 = 0…3; cos|x| = sin(|x| + π/2); sin is odd.
        let quadrant = (k & 3) + (cosine ? 1 : 0)
        let useCosine = quadrant & 1 == 1
        var negative = quadrant & 2 != 0
        if x.isNegative && !cosine { negative.toggle() }
        if r.isNegative && !useCosine { negative.toggle() }
        let (value, seriesError) = taylor(r.isNegative ? -r : r, cosine: useCosine)
        let error = inputError + Double(k) / 2 + seriesError
        return (negative ? -value : value, error * 1.001)  // 0.1% for the bound's own double arithmetic
    }

    /// tan x for |x| ≤ 2^20 known within `inputError` ulps and |tan x| < 2^30, and a bound on the
    /// result's absolute error in ulps; nil elsewhere (near a pole).
    ///
    /// |x| = kπ/2 + r (`quarterTurns`), then tan(kπ/2 + r) = tan r for k even, −cot r for k odd: sin|r| and
    /// cos|r| from their series and one quotient (`reciprocal`, a posteriori bound). An error δ in x or r
    /// moves tan by sec²·δ = (1 + tan²)δ, taken at |tan| + 1 (δ < 2^−200 is far below the pole's
    /// distance, 1/|tan| > 2^−30).
    static public func tangent(_ x: FixedPoint, inputError: Double) -> (value: FixedPoint, error: Double)? {
        guard let (k, r) = quarterTurns(x) else { return nil }
        let t = r.isNegative ? -r : r
        let (s, errorS) = taylor(t, cosine: false), (c, errorC) = taylor(t, cosine: true)
        let odd = k & 1 == 1
        let (numerator, errorN, denominator, errorD) = odd ? (c, errorC, s, errorS) : (s, errorS, c, errorC)
        guard let (y, errorY) = reciprocal(denominator, inputError: errorD) else { return nil }
        let quotient = multiply(numerator, y)
        let q = quotient.doubleValue
        guard q < 0x1p30 else { return nil }
        // tan is odd; −cot r has the sign opposite to r's.
        var negative = r.isNegative != odd
        if x.isNegative { negative.toggle() }
        let reduction = inputError + Double(k) / 2
        let error = numerator.doubleValue * errorY + y.doubleValue * errorN + 4 + (1 + (q + 1) * (q + 1)) * reduction
        return (negative ? -quotient : quotient, error * 1.001)
    }

    /// sin t or cos t for 0 ≤ t ≤ 0.8, and a bound on the absolute error in ulps, t exact.
    ///
    /// Horner's rule in s = t²: p ← c_k − s·p from the last coefficient c_k = 1/k! (k odd for sin, even
    /// for cos) down, then sin t = t·p. Every p lies in (0, 1] (each s·p is below c_k·s/((k+1)(k+2)) < c_k),
    /// so the products are of magnitudes. One truncated product a step, where term-by-term summing took a
    /// product and a division by m(m+1). A step adds 2 (c_k) + 4 (the product) + 4 (s's own truncation,
    /// times p ≤ 1) and shrinks earlier errors by s ≤ 0.64: below 28 ulp, 32 after sin's last product by t.
    /// The terms stop where t^(k+2)/(k+2)! < 2^−257: the rest, alternating and falling, is below ½ ulp.
    static func taylor(_ t: FixedPoint, cosine: Bool) -> (value: FixedPoint, error: Double) {
        let s = multiply(t, t)
        let sd = t.doubleValue * t.doubleValue * (1 + 0x1p-40)
        // The last k: the first term past it, t^(k+2)/(k+2)!, is below 2^−257.
        var k = cosine ? 0 : 1
        var next = cosine ? sd / 2 : t.doubleValue * sd / 6
        while next >= 0x1p-257 && k + 2 < factorialReciprocals.count - 2 {
            k += 2
            next *= sd / Double((k + 1) * (k + 2))
        }
        var p = factorialReciprocals[k]
        var error = 2.0
        while k >= 2 {
            k -= 2
            p = factorialReciprocals[k] - multiply(p, s)
            error = error * sd + 10
        }
        if !cosine { p = multiply(p, t); error += 4 }
        return (p, error + 1 + next * 0x1p256)  // the tail: below ½ ulp once the terms stopped by it
    }

    /// 1/k! for k ≤ 64, each within 2 ulp: 1/k! = (1/(k − 1)!)/k, one truncated division a step.
    static let factorialReciprocals: [FixedPoint] = {
        var table = [one]
        for k in 1...64 { table.append(table[k - 1].divided(by: UInt64(k))) }
        return table
    }()
}
