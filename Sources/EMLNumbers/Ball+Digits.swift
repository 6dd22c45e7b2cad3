import CMPFR
#if canImport(Glibc)
import Glibc
#endif

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
        if let text = scaledReading(digits: digits, bits: bits) { return .digits(text) }
        return readingByEnds(digits: digits, bits: bits)
    }

    /// The reading from both ends of the ball, each converted by MPFR: the general case (ties, a ball
    /// across a power of ten) behind `scaledReading`.
    func readingByEnds(digits: Int, bits: Int) -> PartReading {
        let (lower, upper) = bounds(bits: bits)
        let a = lower.decimalString(digits: digits)
        return a == upper.decimalString(digits: digits) ? .digits(a) : .undecided
    }

    /// The digits every point of the ball rounds to, found in one step: with 10^E ≤ |mid| < 10^(E+1), the
    /// ball t = x·10^(digits−1−E) lies strictly within 1/2 of one integer n with 10^(digits−1) < |n| < 10^digits,
    /// so every point is in that decade and rounds to n's digits (ties cannot occur strictly inside). nil
    /// where it does not (a wide ball, a tie, n at a power of ten): `readingByEnds` decides those. Two
    /// `mpfr_get_str` conversions of the ends cost five times this.
    func scaledReading(digits: Int, bits: Int) -> String? {
        let exponent = midpoint.pointer(to: \.exp)!
        guard digits <= 100_000, fmpz_fits_si(exponent) != 0 else { return nil }
        let binary = fmpz_get_si(exponent)  // 2^(binary−1) ≤ |mid| < 2^binary
        guard Swift.abs(binary) < 1 << 20 else { return nil }
        // log10 of 2^(binary−1): E itself or one below it.
        let decimal = Int((Double(binary - 1) * 0.301_029_995_663_981_2).rounded(.down))
        // Temporaries on the stack: three heap allocations were a tenth of reading a 64-digit value.
        return withUnsafeTemporaryAllocation(of: arb_struct.self, capacity: 1) { tb in
            withUnsafeTemporaryAllocation(of: fmpz.self, capacity: 2) { nb in
                withUnsafeTemporaryAllocation(of: mag_struct.self, capacity: 1) { mb in
                    let (t, n, m) = (tb.baseAddress!, nb.baseAddress!, mb.baseAddress!)
                    arb_init(t); n.initialize(repeating: 0, count: 2); mag_init(m)
                    defer { arb_clear(t); fmpz_clear(n); fmpz_clear(n + 1); mag_clear(m) }
                    return scaledReading(digits: digits, bits: bits, decimal: decimal, t, n, n + 1, m)
                }
            }
        }
    }

    /// `scaledReading`'s two tries, with its temporaries: t, the integer n, a power of ten past the table, a mag.
    private func scaledReading(digits: Int, bits: Int, decimal: Int, _ t: UnsafeMutablePointer<arb_struct>,
                               _ n: UnsafeMutablePointer<fmpz>, _ scratchPower: UnsafeMutablePointer<fmpz>,
                               _ m: UnsafeMutablePointer<mag_struct>) -> String? {
        var decimal = decimal
        for _ in 0..<2 {
            let scale = digits - 1 - decimal
            let power: UnsafeMutablePointer<fmpz>
            if Swift.abs(scale) < Self.powersOfTen.count { power = Self.powersOfTen.table + Swift.abs(scale) } else {
                fmpz_ui_pow_ui(scratchPower, 10, UInt(Swift.abs(scale)))
                power = scratchPower
            }
            if scale >= 0 { arb_mul_fmpz(t, pointer, power, bits) } else { arb_div_fmpz(t, pointer, power, bits) }
            arf_get_fmpz(n, t.pointer(to: \.mid)!, ARF_RND_NEAR)
            arb_sub_fmpz(t, t, n, bits)
            arb_get_mag(m, t)
            guard mag_cmp_2exp_si(m, -1) < 0 else { return nil }  // |t − n| < 1/2 for every point
            let negative = fmpz_sgn(n) < 0
            fmpz_abs(n, n)
            let count = Int(fmpz_sizeinbase(n, 10)) + 2
            let text = withUnsafeTemporaryAllocation(of: CChar.self, capacity: count) { buffer -> String? in
                fmpz_get_str(buffer.baseAddress, 10, n)
                let length = Int(strlen(buffer.baseAddress!))
                return buffer.withMemoryRebound(to: UInt8.self) { d -> String? in
                    if length > digits { decimal += 1; return nil }  // E was one too small
                    if length < digits { decimal -= 1; return nil }
                    // n = 10^(digits−1): points below it belong to the decade under, read at a finer step.
                    if d[0] == UInt8(ascii: "1"), (1..<length).allSatisfy({ d[$0] == UInt8(ascii: "0") }) { decimal = .min; return nil }
                    return ScientificNotation.text(digits: UnsafeBufferPointer(rebasing: d[..<length]), negative: negative, exponent: decimal)
                }
            }
            if let text { return text }
            if decimal == .min { return nil }
        }
        return nil
    }

    /// 10^0 … 10^255, made once and only read after: the scale of a reading of up to about 250 digits of a
    /// value near 1 (making 10^63 for each 64-digit line was a sixth of reading it).
    nonisolated(unsafe) static let powersOfTen: (table: UnsafeMutablePointer<fmpz>, count: Int) = {
        let count = 256
        let table = UnsafeMutablePointer<fmpz>.allocate(capacity: count)
        table.initialize(repeating: 0, count: count)
        for k in 0..<count { fmpz_ui_pow_ui(table + k, 10, UInt(k)) }
        return (table, count)
    }()

    /// Bits of relative accuracy (Arb's estimate from the radius), for choosing the next precision.
    public var relativeAccuracyBits: Int { arb_rel_accuracy_bits(pointer) }
}
