import EMLNumbers
import Foundation

extension FixedPoint {
    /// Most significant digits a reading gives: 256 fraction bits hold about 77 decimal places.
    static let readableDigits = 90

    /// The `digits` significant decimal digits that every point of [self − 2^errorExponent, self +
    /// 2^errorExponent] rounds to (nearest, ties to even), written as every decimal of the engine
    /// (`ScientificNotation`); nil where the ends may round apart or the interval reaches 0.
    /// `errorExponent` counts 2^−256 ulps (0: one ulp).
    ///
    /// Rounding is monotone, so the interval's points all round as its lower end does exactly when no
    /// rounding boundary (a tie, d.dd…d5 in the digit past the last) lies in it. The lower end is read in
    /// exact integer arithmetic with 17 digits past the last kept, which give its distance to the next
    /// boundary above to within 10^−16 of a unit: the interval must be shorter, with a margin. Reading
    /// both ends cost twice the digits; an MPFR ball's reading, two `mpfr_get_str` conversions.
    public func decimalReading(errorExponent: Int, digits: Int) -> String? {
        guard (1...Self.readableDigits).contains(digits), (0..<250).contains(errorExponent) else { return nil }
        let error = FixedPoint(1, shiftedLeftBy: errorExponent)
        let lower = self - error, upper = self + error
        // Both ends on one side of 0, away from it; the ends of a negative interval swap.
        guard lower.isNegative == upper.isNegative, lower.leadingBit >= 0, upper.leadingBit >= 0 else { return nil }
        let negative = upper.isNegative
        let low = negative ? -upper : lower
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.readableDigits + 40) { out -> String? in
            guard let (exponent, tail, carried) = low.roundedDecimal(digits: digits, into: out) else { return nil }
            // The tail t ∈ [0, 1) in units of the last digit: low rounds down below ½, up above; at ½ a tie.
            guard abs(tail - 0.5) > 0x1p-40 else { return nil }
            let room = tail < 0.5 ? 0.5 - tail : 1.5 - tail
            // The interval's length 2^(errorExponent + 1 − 256) in the same units, 10^(E − digits + 1).
            let unitExponent = exponent - (carried ? 1 : 0) - digits + 1  // −170…19
            let width = Double(sign: .plus, exponent: errorExponent + 1 - FixedPoint.fractionBits, significand: 1)
                / Foundation.pow(10, Double(unitExponent))  // within an ulp: the margin below covers it
            guard width * (1 + 0x1p-40) + 0x1p-40 < room else { return nil }
            return ScientificNotation.text(digits: UnsafeBufferPointer(rebasing: out[..<digits]), negative: negative, exponent: exponent)
        }
    }

    /// A positive value rounded to `digits` significant decimal digits, written as ASCII into `out` (which
    /// holds `digits` + 40 bytes); its decimal exponent, the digits past the last kept as a fraction of its
    /// unit (before rounding: 17 digits, within 10^−16), and whether rounding carried into a new leading
    /// digit (9.99… to 10.0…); nil for 0.
    func roundedDecimal(digits: Int, into out: UnsafeMutableBufferPointer<UInt8>) -> (exponent: Int, tail: Double, carried: Bool)? {
        let zero = UInt8(ascii: "0")
        var count = 0, exponent = -1
        /// `width` decimal digits of n, most significant first (leading zeros kept).
        func write(_ n: UInt64, width: Int) {
            var n = n
            for k in stride(from: count + width - 1, through: count, by: -1) {
                out[k] = zero &+ UInt8(truncatingIfNeeded: n % 10)
                n /= 10
            }
            count += width
        }
        func digitCount(_ n: UInt64) -> Int {
            var width = 1, power: UInt64 = 10
            while width < 20 && n >= power { width += 1; power = power &* 10 }
            return width
        }
        let integer = limbs[4]
        if integer > 0 {
            let width = digitCount(integer)
            write(integer, width: width)
            exponent = width - 1
        }
        // The fraction 19 digits at a time: F·10^19, the carry out of the 256 fraction bits the next 19 digits.
        var f0 = limbs[0], f1 = limbs[1], f2 = limbs[2], f3 = limbs[3]
        var skipped = 0
        // Significant digits needed: `digits` and 17 more for the tail; past them only whether any is non-zero.
        while count < digits + 17 && (f0 | f1 | f2 | f3) != 0 {
            var carry: UInt64 = 0
            func step(_ f: inout UInt64) {
                let (high, low) = f.multipliedFullWidth(by: 10_000_000_000_000_000_000)
                let (sum, overflow) = low.addingReportingOverflow(carry)
                f = sum
                carry = high &+ (overflow ? 1 : 0)
            }
            step(&f0); step(&f1); step(&f2); step(&f3)
            if count == 0 {
                // Still below the first significant digit: its zeros set the exponent.
                if carry == 0 { skipped += 19; continue }
                let width = digitCount(carry)
                exponent = -(skipped + 19 - width + 1)
                write(carry, width: width)
            } else {
                write(carry, width: 19)
            }
        }
        guard count > 0 else { return nil }
        while count < digits { out[count] = zero; count += 1 }
        var tail = 0.0
        for k in stride(from: Swift.min(count, digits + 17) - 1, through: digits, by: -1) { tail = (tail + Double(out[k] - zero)) / 10 }
        // Round to nearest, ties to even, on the exact expansion: the digits past `digits`, and the bits left.
        var up = false
        if count > digits {
            let first = out[digits]
            var beyond = (f0 | f1 | f2 | f3) != 0
            if !beyond { for k in (digits + 1)..<count where out[k] != zero { beyond = true; break } }
            up = first > zero + 5 || (first == zero + 5 && (beyond || (out[digits - 1] - zero) % 2 == 1))
        }
        if up {
            var i = digits - 1
            while i >= 0 && out[i] == zero + 9 { out[i] = zero; i -= 1 }
            if i >= 0 {
                out[i] += 1
            } else {
                // 9.99… rounded up to 10.0…: one digit more to the left.
                out[0] = zero + 1
                exponent += 1
                return (exponent, tail, true)
            }
        }
        return (exponent, tail, false)
    }
}
