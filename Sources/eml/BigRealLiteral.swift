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
