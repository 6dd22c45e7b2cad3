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
        if let q = NumberLiteral.plainDecimal(bytes) { return q }
        guard let l = Lexer.numberLiteral(String(decoding: bytes, as: UTF8.self)) else { return nil }
        return l.machineFraction ?? Rational(mantissa: l.mantissa, radix: l.radix, base: l.base, exponent: l.exponent)?.machineParts
    }
}
