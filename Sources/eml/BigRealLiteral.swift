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
    /// A plain non-negative decimal (`2.37`, `15`, `0.5e-3`) as numerator/denominator in lowest terms when
    /// both fit in 63 bits, for the machine-integer certificates; nil for anything else (signs, hex, long
    /// digit strings), which takes the general path.
    static func parse<S: StringProtocol>(_ text: S) -> (numerator: UInt64, denominator: UInt64)? {
        var numerator: UInt64 = 0, scale = 0, digits = 0, seenPoint = false, seenDigit = false
        var bytes = text.utf8.makeIterator()
        var exponentPart: [UInt8] = []
        while let b = bytes.next() {
            if b >= 48 && b <= 57 {
                guard digits < 18 else { return nil }
                numerator = numerator * 10 + UInt64(b - 48)
                seenDigit = true
                if numerator > 0 { digits += 1 }
                if seenPoint { scale += 1 }
            } else if b == 46 && !seenPoint {  // "."
                seenPoint = true
            } else if (b == 101 || b == 69) && seenDigit {  // "e", "E"
                while let c = bytes.next() { exponentPart.append(c) }
                guard !exponentPart.isEmpty else { return nil }
            } else {
                return nil
            }
        }
        guard seenDigit else { return nil }
        if !exponentPart.isEmpty {
            guard let e = Int(String(decoding: exponentPart, as: UTF8.self)), abs(e) <= 18 else { return nil }
            scale -= e
        }
        var denominator: UInt64 = 1
        while scale < 0 {
            let (m, overflow) = numerator.multipliedReportingOverflow(by: 10)
            guard !overflow, m < 1 << 63 else { return nil }
            numerator = m
            scale += 1
        }
        guard scale <= 18 else { return nil }
        for _ in 0..<scale { denominator *= 10 }
        var (a, b) = (numerator, denominator)
        while b != 0 { (a, b) = (b, a % b) }
        return a == 0 ? (0, 1) : (numerator / a, denominator / a)
    }
}
