import CMPFR

/// What a ball says about one printed part: its digits, an exact zero, a zero within a bound, or not yet.
public enum PartReading: Sendable, Equatable {
    /// Exactly zero (radius 0).
    case exactZero
    /// Every point of the ball rounds to this text at the requested digits.
    case digits(String)
    /// The ball contains 0 and lies within |x| < 2^bound: a zero to the precision used, or a value too small to see yet.
    case nearZero(bound: Int)
    /// Not decided: the ends round to different digits, or the ball is not finite.
    case undecided
}

extension Ball {
    /// The reading at `digits` significant digits: decided when both ends of the ball round to the same
    /// decimal (rounding to nearest is monotone, so every point between them does too).
    public func reading(digits: Int) -> PartReading {
        if isZero { return .exactZero }
        if isExactInfinity { return .digits(midpointValue.decimalString(digits: digits)) }
        guard isFinite else { return .undecided }
        if containsZero { return .nearZero(bound: magnitudeExponent) }
        // Ends rounded outward 64 bits below both the midpoint's bits and the digits asked for.
        let bits = max(Int(arf_bits(midpoint)), Precision.bits(forDigits: digits)) + 64
        let (lower, upper) = bounds(bits: bits)
        let a = lower.decimalString(digits: digits)
        return a == upper.decimalString(digits: digits) ? .digits(a) : .undecided
    }

    /// Bits of relative accuracy (Arb's estimate from the radius), for choosing the next precision.
    public var relativeAccuracyBits: Int { arb_rel_accuracy_bits(pointer) }
}
