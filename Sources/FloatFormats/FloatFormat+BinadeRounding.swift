/// Rounding of a double to one format as integer operations on its bit pattern, where the format holds
/// x's whole binade (normal there, no overflow, p < 53); nil elsewhere, for `FloatFormat.rounded`.
///
/// A plain value (no String, no optionals) and inlinable, so that a scan over 2^30 products (the RoPE
/// walls) rounds in a few instructions instead of a call that copies the format.
@frozen
public struct BinadeRounding: Sendable {
    /// Bits of a double's significand below the format's precision.
    @usableFromInline let shift: UInt64
    /// Unbiased double exponents e (2^e ≤ |x| < 2^(e+1)) whose binade the format holds.
    @usableFromInline let lowest: Int, highest: Int

    public init(_ format: FloatFormat) {
        shift = UInt64(Swift.max(1, 53 - format.precision))
        // The quantum 2^max(e + 1 − p, emin − 1) of `ulp` is 2^(e + 1 − p) (p full bits) from e = emin + p − 2;
        // a carry out of the top binade must stay finite (e ≤ emax − 2), and formats with a short top binade
        // (E4M3) or p ≥ 53 take the general path.
        let usable = format.precision < 53 && format.largestFinite == nil
        lowest = usable ? Swift.max(format.emin + format.precision - 2, -1022) : 1
        highest = usable ? Swift.min(format.emax - 2, 1023) : 0
    }

    /// x rounded to nearest, ties to even, or nil where x is not in a binade this rounding holds
    /// (zero, subnormal doubles, ±∞ and NaN included: their exponent fields fall outside).
    @inlinable @inline(__always)
    public func rounded(_ x: Double) -> Double? {
        let bits = x.bitPattern
        let e = Int((bits &>> 52) & 0x7FF) &- 1023
        guard e >= lowest && e <= highest else { return nil }
        let tieToEven = (bits &>> shift) & 1
        // A carry into the exponent field is exactly the step up to the next binade.
        return Double(bitPattern: (bits &+ ((1 &<< (shift &- 1)) &- 1) &+ tieToEven) & ~((1 &<< shift) &- 1))
    }

    /// Whether every value within `bound` of x rounds as x does: no rounding boundary (a midpoint between
    /// neighbours) lies in [x − bound, x + bound]. False where this rounding does not hold x, and at ties.
    ///
    /// The distance to the nearest midpoint is read from the bits dropped by rounding; going below the
    /// binade, midpoints are twice as dense, so the bound must also stay under a quarter ulp.
    @inlinable @inline(__always)
    public func isDecided(_ x: Double, within bound: Double) -> Bool {
        let bits = x.bitPattern
        let e = Int((bits &>> 52) & 0x7FF) &- 1023
        guard e >= lowest && e <= highest else { return false }
        let half: UInt64 = 1 &<< (shift &- 1)
        let dropped = bits & ((1 &<< shift) &- 1)
        let distance = dropped > half ? dropped - half : half - dropped  // in ulps of the double x
        // bound in ulps of x: bound·2^(52 − e) (e ≤ 1023 − 52 + … holds: the format's binades are inside float64's).
        let units = bound * Double(bitPattern: UInt64(52 &- e &+ 1023) &<< 52)
        return units < Double(Swift.min(distance, half >> 1))
    }
}
