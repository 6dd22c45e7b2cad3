/// An FPCore literal, kept exact: ±significand (digits in `radix`) × base^exponent / denominator.
/// Every literal is an exact rational; only the context's precision rounds it (FPCore 2.0).
public struct FPCoreNumber: Sendable, Hashable, CustomStringConvertible {
    public let negative: Bool
    /// Digits of the integer significand, in `radix` (10 or 16), without sign or point.
    public let significand: String
    public let radix: Int
    public let base: Int
    public let exponent: Int
    /// Decimal digits of the denominator ("1" unless the literal is a fraction).
    public let denominator: String
    /// The text as written (for messages and reports).
    public let text: String

    public init(negative: Bool, significand: String, radix: Int, base: Int, exponent: Int, denominator: String, text: String) {
        self.negative = negative
        self.significand = significand
        self.radix = radix
        self.base = base
        self.exponent = exponent
        self.denominator = denominator
        self.text = text
    }

    /// Exponents beyond this are refused: 10^(10^6) already needs 3.3 million bits to hold exactly.
    public static let exponentLimit = 1_000_000

    public var description: String { text }

    /// Reads a rational `-1/2`, a decimal `1.5e-3`, or a hex float `0x1.8p3`; nil if `text` is none of them.
    public static func parse(_ text: String) throws(FPCoreError) -> FPCoreNumber? {
        var s = Substring(text.lowercased())
        var negative = false
        if s.first == "-" || s.first == "+" { negative = s.first == "-"; s = s.dropFirst() }
        guard let first = s.first, first.isNumber || first == "." else { return nil }
        if s.hasPrefix("0x") {
            s = s.dropFirst(2)
            let parts = s.split(separator: "p", maxSplits: 1, omittingEmptySubsequences: false)
            let mantissa = parts[0].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            let whole = String(mantissa[0]), fraction = mantissa.count > 1 ? String(mantissa[1]) : ""
            guard !(whole + fraction).isEmpty, (whole + fraction).allSatisfy(\.isHexDigit) else { return nil }
            var exponent = 0
            if parts.count > 1 { guard let e = Int(parts[1]) else { return nil }; exponent = e }
            guard abs(exponent) <= exponentLimit else { throw FPCoreError("exponent of \(text) is beyond ±\(exponentLimit)", at: nil) }
            return FPCoreNumber(negative: negative, significand: whole + fraction, radix: 16, base: 2,
                                exponent: exponent - 4 * fraction.count, denominator: "1", text: text)
        }
        if let slash = s.firstIndex(of: "/") {
            let num = s[..<slash], den = s[s.index(after: slash)...]
            guard !num.isEmpty, !den.isEmpty, num.allSatisfy(\.isASCII), num.allSatisfy(\.isNumber),
                  den.allSatisfy(\.isASCII), den.allSatisfy(\.isNumber) else { return nil }
            guard den.contains(where: { $0 != "0" }) else { throw FPCoreError("rational \(text) has a zero denominator", at: nil) }
            return FPCoreNumber(negative: negative, significand: String(num), radix: 10, base: 10, exponent: 0,
                                denominator: String(den), text: text)
        }
        let parts = s.split(separator: "e", maxSplits: 1, omittingEmptySubsequences: false)
        let mantissa = parts[0].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = String(mantissa[0]), fraction = mantissa.count > 1 ? String(mantissa[1]) : ""
        let digits = whole + fraction
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        var exponent = 0
        if parts.count > 1 { guard let e = Int(parts[1]) else { return nil }; exponent = e }
        guard abs(exponent) <= exponentLimit else { throw FPCoreError("exponent of \(text) is beyond ±\(exponentLimit)", at: nil) }
        return FPCoreNumber(negative: negative, significand: digits, radix: 10, base: 10,
                            exponent: exponent - fraction.count, denominator: "1", text: text)
    }

    /// `(digits m e b)` = m·b^e exactly.
    public static func digits(_ m: Int, _ e: Int, _ b: Int, text: String) throws(FPCoreError) -> FPCoreNumber {
        guard b >= 2, b <= 1 << 20 else { throw FPCoreError("digits base must be at least 2, not \(b)", at: nil) }
        guard abs(e) <= exponentLimit else { throw FPCoreError("digits exponent \(e) is beyond ±\(exponentLimit)", at: nil) }
        return FPCoreNumber(negative: m < 0, significand: String(m.magnitude), radix: 10, base: b, exponent: e, denominator: "1", text: text)
    }

    /// The value as a Double, rounded once by the standard library's decimal reader; for range bounds only.
    public var approximateValue: Double {
        let magnitude: Double
        if radix == 16 {
            magnitude = Double("0x" + significand + "p\(exponent)") ?? .nan
        } else if base == 10 {
            magnitude = (Double(significand + "e\(exponent)") ?? .nan) / (Double(denominator) ?? .nan)
        } else {
            magnitude = (Double(significand) ?? .nan) * pow(Double(base), exponent)
        }
        return negative ? -magnitude : magnitude
    }
}

private func pow(_ b: Double, _ e: Int) -> Double {
    var r = 1.0, x = b, n = e.magnitude
    while n > 0 { if n & 1 == 1 { r *= x }; x *= x; n >>= 1 }
    return e < 0 ? 1 / r : r
}
