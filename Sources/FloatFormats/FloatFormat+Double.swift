import EMLNumbers

/// Rounding to a format from a Double, exactly (one rounding), for formats that fit in a Double:
/// p ≤ 53 and an exponent range inside float64's. This is the fast path of the RoPE simulation.
extension FloatFormat {
    /// Whether every value of the format is a Double (so the Double paths are exact).
    public var fitsInDouble: Bool { precision <= 53 && emin >= FloatFormat.float64.emin && emax <= FloatFormat.float64.emax }

    /// Largest finite magnitude.
    public var largestFiniteValue: Double {
        if let l = largestFinite { return Double(l.significand) * pow2(l.exponent) }
        return (pow2(precision) - 1) * pow2(emax - precision)
    }

    /// Smallest positive value: 2^(emin−1) (a subnormal where the format has them).
    public var smallestPositiveValue: Double { pow2(emin - 1) }

    /// The spacing of the format at |x|: 2^max(e − p, emin − 1) for 2^(e−1) ≤ |x| < 2^e.
    public func ulp(_ x: Double) -> Double {
        guard x.isFinite, x != 0 else { return x == 0 ? pow2(emin - 1) : .nan }
        let e = Int(x.exponent) + 1
        return pow2(Swift.max(e - precision, emin - 1))
    }

    /// x rounded to nearest, ties to even, with subnormals and the overflow rule of the format.
    public func rounded(_ x: Double) -> Double {
        // Most values lie in a binade the format holds: bit operations (`BinadeRounding`), 5× the general path.
        if let r = BinadeRounding(self).rounded(x) { return r }
        guard x.isFinite else { return x.isNaN ? x : overflowed(x) }
        if x == 0 { return x }
        // A format wider than float64 (or longer): MPFR rounds once, then to the nearest double, which is
        // all a Double can hold (quanta below 2^−1074 would be 0 here and give NaN).
        guard fitsInDouble else { return rounded(BigReal(x, precision: 53)).doubleValue }
        let quantum = ulp(x)
        var r = (x / quantum).rounded(.toNearestOrEven) * quantum
        if !subnormals && Swift.abs(r) < pow2(emin - 1) {
            // Flush: below the smallest normal, MPFR rounds to 0 or to it, by nearest.
            r = Swift.abs(x) <= pow2(emin - 2) ? 0 * x : (x < 0 ? -pow2(emin - 1) : pow2(emin - 1))
        }
        let top = largestFiniteValue
        if Swift.abs(r) > top {
            // Between the largest finite and the next binade, ties go to the even neighbour.
            let threshold = top + ulp(top) / 2
            let topIsEven = largestFinite.map { $0.significand % 2 == 0 } ?? false
            if Swift.abs(x) < threshold || (Swift.abs(x) == threshold && topIsEven) { return x < 0 ? -top : top }
            return overflowed(x)
        }
        return r == 0 ? (x < 0 ? -0.0 : 0.0) : r
    }

    func overflowed(_ x: Double) -> Double {
        switch overflow {
        case .infinity: return x < 0 ? -.infinity : .infinity
        case .saturate: return x < 0 ? -largestFiniteValue : largestFiniteValue
        case .nan: return .nan
        }
    }

    /// The position of a representable x among the format's values (0 ↦ 0, smallest positive ↦ 1,
    /// −x ↦ −ordinal(x), ±∞ one past the largest finite value); nil for NaN, which has no position.
    public func ordinal(_ x: Double) -> Int64? {
        if x.isNaN { return nil }
        if x < 0 { return ordinal(-x).map { -$0 } }
        if x == 0 { return 0 }
        if x.isInfinite { return ordinal(largestFiniteValue)! + 1 }
        let quantum = ulp(x)
        let m = Int64(x / quantum)
        let qe = Int(quantum.exponent)
        if qe == emin - 1 { return m }
        return (Int64(1) << Int64(precision)) + Int64(qe - emin) << Int64(precision - 1) + (m - (Int64(1) << Int64(precision - 1)))
    }

    /// The representable value at `ordinal` (inverse of `ordinal`).
    public func value(ordinal n: Int64) -> Double {
        if n < 0 { return -value(ordinal: -n) }
        let full = Int64(1) << Int64(precision)
        if n < full { return Double(n) * pow2(emin - 1) }
        let k = n - full
        let binade = Int(k >> Int64(precision - 1))
        let m = (k & ((Int64(1) << Int64(precision - 1)) - 1)) + (Int64(1) << Int64(precision - 1))
        let v = Double(m) * pow2(emin + binade)
        return v > largestFiniteValue ? overflowed(v) : v
    }

    /// The next representable value above round(x) (NaN for NaN).
    public func next(_ x: Double) -> Double { ordinal(rounded(x)).map { value(ordinal: $0 + 1) } ?? .nan }
    /// The representable value below round(x) (NaN for NaN).
    public func previous(_ x: Double) -> Double { ordinal(rounded(x)).map { value(ordinal: $0 - 1) } ?? .nan }

    /// How many representable values separate round(a) from round(b); nil where either is NaN.
    public func ulpDistance(_ a: Double, _ b: Double) -> Int64? {
        guard let i = ordinal(rounded(a)), let j = ordinal(rounded(b)) else { return nil }
        return i > j ? i - j : j - i
    }

    /// The encoding sign | exponent | stored significand, for formats with an IEEE-style layout.
    public func bitPattern(_ x: Double) -> UInt64? {
        guard let eb = exponentBits else { return nil }
        let r = rounded(x)
        let storedBits = precision - 1
        let sign: UInt64 = r.sign == .minus ? 1 << UInt64(eb + storedBits) : 0
        let expMask = UInt64((1 << eb) - 1)
        if r.isNaN { return expMask << UInt64(storedBits) | 1 << UInt64(storedBits - 1) }  // the canonical quiet NaN
        if r.isInfinite { return sign | expMask << UInt64(storedBits) }
        let a = Swift.abs(r)
        if a == 0 { return sign }
        let quantum = ulp(a)
        let m = UInt64(a / quantum)
        let qe = Int(quantum.exponent)
        if qe == emin - 1 && m < UInt64(1) << UInt64(storedBits) { return sign | m }
        let biased = UInt64(Int(a.exponent) + (1 << (eb - 1)) - 1)
        return sign | biased << UInt64(storedBits) | (m & ((UInt64(1) << UInt64(storedBits)) - 1))
    }

    /// `bitPattern` in hex with the format's width (`0x3c00` for 1 in fp16).
    public func hexBits(_ x: Double) -> String? {
        guard let bits = bitPattern(x), let eb = exponentBits else { return nil }
        let digits = (eb + precision + 3) / 4
        let s = String(bits, radix: 16)
        return "0x" + String(repeating: "0", count: Swift.max(0, digits - s.count)) + s
    }
}

/// 2^k as a Double, exact over float64's range (subnormals included).
@inline(__always) func pow2(_ k: Int) -> Double {
    if k >= -1022 { return Double(sign: .plus, exponent: k, significand: 1) }
    return Double(sign: .plus, exponent: -1022, significand: 1) * Double(sign: .plus, exponent: k + 1022, significand: 1)
}
