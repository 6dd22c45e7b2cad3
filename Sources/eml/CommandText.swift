/// What several subcommands read or write alike: `--shard K/N`, JSON strings and numbers, XML text.
enum ShardOption {
    /// K/N with 1 ≤ K ≤ N ≤ 10^6, as (index from 0, count); nil for anything else.
    static func parse(_ text: String) -> (index: Int, count: Int)? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), (1...1_000_000).contains(n), (1...n).contains(k) else { return nil }
        return (k - 1, n)
    }

    static func message(_ text: String) -> String { "--shard must be K/N with 1 ≤ K ≤ N ≤ 1000000, not '\(text)'" }
}

/// Words of an `.allUnrecognized` argument without the `--` that ends the options (ArgumentParser passes
/// it through): `eml compile -- -x` compiles −x, not −(−x).
func droppingOptionTerminator(_ words: [String]) -> [String] {
    words.first == "--" ? Array(words.dropFirst()) : words
}

enum JSONText {
    /// A string literal with JSON's escapes.
    static func string(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default: out += u.value < 0x20 ? "\\u" + String(repeating: "0", count: 4 - String(u.value, radix: 16).count) + String(u.value, radix: 16) : String(u)
            }
        }
        return out + "\""
    }

    /// A Double as JSON: the shortest decimal that reads back to it; ±∞ and NaN as strings.
    static func number(_ x: Double) -> String {
        if x.isNaN { return "\"nan\"" }
        if x.isInfinite { return x < 0 ? "\"-inf\"" : "\"inf\"" }
        return "\(x)"
    }
}

enum XMLText {
    /// Text safe in XML content and in double-quoted attributes (SVG, JUnit).
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
