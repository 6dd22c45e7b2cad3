/// One lexical token with its UTF-8 offset.
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case number(NumberLiteral)
        case identifier(String)
        case symbol(Unicode.Scalar)   // + - * / ^ ( ) [ ] , =
        case end
    }
    public let kind: Kind
    public let position: Int
}

/// Splits a line into tokens. Literals keep their exact value; nothing is converted to Double.
public enum Lexer {
    /// + - * / ^ ( ) [ ] , = (a switch: hashing a byte into a Set cost more than the comparisons).
    static func isSymbol(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "/"), UInt8(ascii: "^"), UInt8(ascii: "("),
             UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: ","), UInt8(ascii: "="): return true
        default: return false
        }
    }

    public static func tokenize(_ source: String) throws(SyntaxError) -> [Token] {
        let bytes = Array(source.utf8)
        var tokens: [Token] = []
        tokens.reserveCapacity(bytes.count / 2 + 2)  // growing from empty cost four allocations on a short line
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 32 || byte == 9 || byte == 13 || byte == 10 { index += 1; continue }
            let start = index
            if isDigit(byte) || (byte == UInt8(ascii: ".") && index + 1 < bytes.count && isDigit(bytes[index + 1])) {
                let literal = try number(bytes, &index)
                if isImaginaryUnit(bytes, at: index) {
                    // 4i is one literal, (4*i): 4i^2 = (4i)^2 and 2^3i = 2^(3i), as the engine prints 3 + 4i.
                    let unit = index
                    tokens += [Token(kind: .symbol("("), position: start), Token(kind: .number(literal), position: start),
                               Token(kind: .symbol("*"), position: unit), Token(kind: .identifier("i"), position: unit),
                               Token(kind: .symbol(")"), position: unit)]
                    index += 1
                    continue
                }
                tokens.append(Token(kind: .number(literal), position: start))
            } else if isLetter(byte) {
                while index < bytes.count && (isLetter(bytes[index]) || isDigit(bytes[index])) { index += 1 }
                tokens.append(Token(kind: .identifier(String(decoding: bytes[start..<index], as: UTF8.self)), position: start))
            } else if isSymbol(byte) {
                tokens.append(Token(kind: .symbol(Unicode.Scalar(byte)), position: start))
                index += 1
            } else {
                throw SyntaxError("unexpected character \(describe(bytes, at: index))", at: start)
            }
        }
        tokens.append(Token(kind: .end, position: bytes.count))
        return tokens
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }

    /// An `i` right after a number and not the start of a name: the imaginary unit of a literal such as 4i.
    static func isImaginaryUnit(_ bytes: [UInt8], at index: Int) -> Bool {
        index < bytes.count && bytes[index] == UInt8(ascii: "i")
            && !(index + 1 < bytes.count && (isLetter(bytes[index + 1]) || isDigit(bytes[index + 1]) || bytes[index + 1] == UInt8(ascii: ".")))
    }
    static func isHexDigit(_ b: UInt8) -> Bool {
        let lower = b | 0x20
        return isDigit(b) || (lower >= 97 && lower <= 102)
    }
    static func isLetter(_ b: UInt8) -> Bool {
        let lower = b | 0x20
        return (lower >= 97 && lower <= 122) || b == 95
    }

    /// A printable description of the (possibly multi-byte or invalid) character at `index`.
    static func describe(_ bytes: [UInt8], at index: Int) -> String {
        let tail = bytes[index..<min(bytes.count, index + 4)]
        if let scalar = String(decoding: tail, as: UTF8.self).unicodeScalars.first {
            let hex: String = String(scalar.value, radix: 16, uppercase: true)
            let code = "U+" + hex.leftPadded(to: 4)
            if scalar.properties.isWhitespace || scalar.value < 32 || scalar.value == 127 || scalar.value == 0xFFFD { return code }
            return "'\(scalar)' (\(code))"
        }
        return "byte 0x" + String(bytes[index], radix: 16)
    }

    /// `text` as one number literal of the language (no sign, nothing else), or nil.
    public static func numberLiteral(_ text: String) -> NumberLiteral? {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, isDigit(first) || first == UInt8(ascii: ".") else { return nil }
        var index = 0
        guard let literal = try? number(bytes, &index), index == bytes.count else { return nil }
        return literal
    }

    /// Decimal `123`, `1.5`, `.5`, `1e-20`, or hexadecimal `0x1F`, `0x1.8p3`.
    static func number(_ bytes: [UInt8], _ index: inout Int) throws(SyntaxError) -> NumberLiteral {
        let start = index
        let hex = bytes[index] == 48 && index + 1 < bytes.count && (bytes[index + 1] | 0x20) == 120
        if hex { index += 2 }
        // The digits as bytes, one String at the end: a Character append per digit cost more than the rest.
        let digitsStart = index
        var fractionDigits = 0
        var seenPoint = false
        while index < bytes.count {
            let b = bytes[index]
            if hex ? isHexDigit(b) : isDigit(b) {
                if seenPoint { fractionDigits += 1 }
            } else if b == UInt8(ascii: ".") && !seenPoint {
                seenPoint = true
            } else { break }
            index += 1
        }
        let digitCount = index - digitsStart - (seenPoint ? 1 : 0)
        if digitCount == 0 { throw SyntaxError("hexadecimal literal needs digits after 0x", at: start) }
        let mantissa = String(unsafeUninitializedCapacity: digitCount) { out in
            var n = 0
            for b in bytes[digitsStart..<index] where b != UInt8(ascii: ".") { out[n] = hex ? b | 0x20 : b; n += 1 }
            return n
        }
        var exponent = 0
        let marker: UInt8 = hex ? UInt8(ascii: "p") : UInt8(ascii: "e")
        if index < bytes.count && (bytes[index] | 0x20) == marker {
            let exponentStart = index
            var j = index + 1
            var negative = false
            if j < bytes.count && (bytes[j] == UInt8(ascii: "+") || bytes[j] == UInt8(ascii: "-")) {
                negative = bytes[j] == UInt8(ascii: "-"); j += 1
            }
            guard j < bytes.count && isDigit(bytes[j]) else {
                throw SyntaxError("exponent of number needs digits", at: exponentStart)
            }
            var value = 0
            while j < bytes.count && isDigit(bytes[j]) {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(Int(bytes[j] - 48))
                if o1 || o2 || s > 1_000_000_000_000_000 {  // 10^15
                    throw SyntaxError("exponent of number is too large (limit 10^15)", at: exponentStart)
                }
                value = s; j += 1
            }
            exponent = negative ? -value : value
            index = j
        }
        if index < bytes.count && (isLetter(bytes[index]) || isDigit(bytes[index]) || bytes[index] == UInt8(ascii: ".")),
           !isImaginaryUnit(bytes, at: index) {
            throw SyntaxError("malformed number", at: index)
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if hex {
            return NumberLiteral(text: text, mantissa: mantissa, radix: 16, base: 2, exponent: exponent - 4 * fractionDigits)
        }
        return NumberLiteral(text: text, mantissa: mantissa, radix: 10, base: 10, exponent: exponent - fractionDigits)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
