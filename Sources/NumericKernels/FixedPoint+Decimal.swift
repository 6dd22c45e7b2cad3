import EMLNumbers

extension FixedPoint {
    /// Most significant digits a reading gives: 256 fraction bits hold about 77 decimal places.
    static let readableDigits = 90

    /// The `digits` significant decimal digits that every point of [self − 2^errorExponent, self +
    /// 2^errorExponent] rounds to (nearest, ties to even: rounding is monotone, so both ends agreeing
    /// decides every point between), written as every decimal of the engine (`ScientificNotation`); nil
    /// where the ends round apart or the interval reaches 0. `errorExponent` counts 2^−256 ulps (0: one ulp).
    ///
    /// Exact integer arithmetic on the limbs, where reading the same interval as an MPFR ball costs two
    /// `mpfr_get_str` conversions and the ball's ends: a fifth of a certified log I value's time.
    public func decimalReading(errorExponent: Int, digits: Int) -> String? {
        guard (1...Self.readableDigits).contains(digits), (0..<250).contains(errorExponent) else { return nil }
        let error = FixedPoint(1, shiftedLeftBy: errorExponent)
        let lower = self - error, upper = self + error
        // Both ends on one side of 0, away from it; the ends of a negative interval swap.
        guard lower.isNegative == upper.isNegative, lower.leadingBit >= 0, upper.leadingBit >= 0 else { return nil }
        let negative = upper.isNegative
        let (low, high) = negative ? (-upper, -lower) : (lower, upper)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * (Self.readableDigits + 40)) { scratch -> String? in
            let a = UnsafeMutableBufferPointer(rebasing: scratch[..<(Self.readableDigits + 40)])
            let b = UnsafeMutableBufferPointer(rebasing: scratch[(Self.readableDigits + 40)...])
            guard let ea = low.roundedDecimal(digits: digits, into: a), let eb = high.roundedDecimal(digits: digits, into: b),
                  ea == eb, (0..<digits).allSatisfy({ a[$0] == b[$0] }) else { return nil }
            return ScientificNotation.text(digits: UnsafeBufferPointer(rebasing: a[..<digits]), negative: negative, exponent: ea)
        }
    }

    /// A positive value rounded to `digits` significant decimal digits, written as ASCII into `out` (which
    /// holds `digits` + 40 bytes); its decimal exponent, nil for 0.
    func roundedDecimal(digits: Int, into out: UnsafeMutableBufferPointer<UInt8>) -> Int? {
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
        // Significant digits needed: `digits` and one more to round by; past them only whether any is non-zero.
        while count <= digits && (f0 | f1 | f2 | f3) != 0 {
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
            }
        }
        return exponent
    }
}
