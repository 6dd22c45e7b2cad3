extension Parser {
    /// A line that is exactly one built-in function of one argument applied to one plain decimal, with no
    /// spaces: `sin(71.0018)`, `exp(-2.5)`. The function, the number's sign and the number in lowest
    /// terms (`NumberLiteral.plainDecimal`), read from the bytes; nil for any other line, which the parser
    /// reads. Built-in names cannot be redefined, so the name means what the parser would resolve it to.
    ///
    /// The commonest batch line then skips the tokens and the tree: a third of its cost once its value
    /// comes from a fixed-point certificate.
    public static func elementaryCall(_ line: String) -> (function: Function, negative: Bool, numerator: UInt64, denominator: UInt64)? {
        var line = line
        return line.withUTF8 { b -> (Function, Bool, UInt64, UInt64)? in
            guard b.count >= 4, b[b.count - 1] == UInt8(ascii: ")"),
                  let open = b.firstIndex(of: UInt8(ascii: "(")), open > 0, open <= 8 else { return nil }
            for c in b[..<open] where !(c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z") || c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) {
                return nil
            }
            guard let function = Function(rawValue: String(decoding: b[..<open], as: UTF8.self)), function.arity == 1 else { return nil }
            var start = open + 1
            let negative = start < b.count && b[start] == UInt8(ascii: "-")
            if negative { start += 1 }
            guard let (n, d) = NumberLiteral.plainDecimal(b[start..<(b.count - 1)]) else { return nil }
            return (function, negative, n, d)
        }
    }
}
