import EMLKit

enum BigRealLiteral {
    /// A decimal or hex-float literal read exactly (at 256 bits, far past any format here).
    static func parse(_ text: String) -> BigReal? {
        let trimmed = text.trimmingSpaces()
        let negative = trimmed.hasPrefix("-")
        let body = negative ? String(trimmed.dropFirst()) : trimmed
        guard !body.isEmpty, !body.hasPrefix("-"), !body.hasPrefix("+") else { return nil }
        return BigReal(literal: (negative ? "-" : "") + body, precision: 256)
    }
}

enum DecimalFraction {
    /// A number literal of the language (`2.37`, `15`, `0.5e-3`, `0x1.8p3`) as numerator/denominator in
    /// lowest terms when both fit in 63 bits, for the machine-integer certificates; nil for anything else
    /// (signs, long digit strings), which takes the general path.
    static func parse<C: Collection<UInt8>>(_ bytes: C) -> (numerator: UInt64, denominator: UInt64)? {
        if let q = plainDecimal(bytes) { return q }
        guard let l = Lexer.numberLiteral(String(decoding: bytes, as: UTF8.self)) else { return nil }
        return l.machineFraction ?? Rational(mantissa: l.mantissa, radix: l.radix, base: l.base, exponent: l.exponent)?.machineParts
    }

    /// `ddd` or `ddd.ddd` with at most 18 digits (so both parts fit in 63 bits), read from the bytes, in
    /// lowest terms; nil for anything else. A `v x` line's two numbers cost more through the lexer's
    /// literal (its strings) than the rest of the line but the certificate.
    static func plainDecimal<S: Sequence<UInt8>>(_ bytes: S) -> (numerator: UInt64, denominator: UInt64)? {
        var numerator: UInt64 = 0, denominator: UInt64 = 1, digits = 0, point = false
        for b in bytes {
            if b == UInt8(ascii: "."), !point { point = true; continue }
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            digits += 1
            guard digits <= 18 else { return nil }
            numerator = numerator * 10 + UInt64(b - UInt8(ascii: "0"))
            if point { denominator *= 10 }
        }
        guard digits > 0 else { return nil }
        return NumberLiteral.lowestTerms(numerator, denominator)
    }
}
