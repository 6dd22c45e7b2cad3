/// A binary floating-point format: precision, exponent range, subnormals, and what overflow does.
///
/// Exponents follow MPFR's convention (x = 0.1b…b × 2^e): `emin` is the exponent of the smallest
/// subnormal (or of the smallest normal without subnormals), `emax` of the largest finite binade.
public struct FloatFormat: Hashable, Sendable, CustomStringConvertible {
    public enum Overflow: String, Hashable, Sendable {
        /// Round to ±∞ (IEEE formats).
        case infinity
        /// Clamp to ±largest finite (OCP fp8 "saturating" conversion).
        case saturate
        /// Produce NaN (OCP fp8 conversion in NaN mode).
        case nan
    }

    public let name: String
    /// Significand bits, the hidden bit included (float32: 24).
    public let precision: Int
    public let emin: Int
    public let emax: Int
    public let subnormals: Bool
    public let overflow: Overflow
    /// Largest finite magnitude, as (significand, exponent) with value significand × 2^exponent,
    /// when it is less than the binade allows (E4M3 gives its top code to NaN: 448, not 480).
    public let largestFinite: (significand: Int, exponent: Int)?
    /// Exponent field width, when the format has an IEEE-style encoding (for bit patterns).
    public let exponentBits: Int?

    /// An IEEE-style format with `exponentBits` exponent bits and `precision` − 1 stored significand bits.
    public init(name: String, exponentBits: Int, precision: Int, subnormals: Bool = true,
                overflow: Overflow = .infinity, largestFinite: (Int, Int)? = nil) {
        let bias = (1 << (exponentBits - 1)) - 1
        let minNormal = 1 - bias
        self.name = name
        self.precision = precision
        // MPFR's emax: 2^emax bounds the values. A format whose top exponent holds finite values (E4M3:
        // 448 = 7·2^6 < 2^9) takes it from its largest finite value, not from the bias.
        self.emax = largestFinite.map { (Int.bitWidth - $0.0.leadingZeroBitCount) + $0.1 } ?? bias + 1
        self.emin = subnormals ? minNormal - precision + 2 : minNormal + 1
        self.subnormals = subnormals
        self.overflow = overflow
        self.largestFinite = largestFinite.map { (significand: $0.0, exponent: $0.1) }
        self.exponentBits = exponentBits
    }

    /// A custom format from its parameters (MPFR exponent convention).
    public init(name: String, precision: Int, emin: Int, emax: Int, subnormals: Bool, overflow: Overflow) {
        self.name = name
        self.precision = precision
        self.emin = emin
        self.emax = emax
        self.subnormals = subnormals
        self.overflow = overflow
        self.largestFinite = nil
        self.exponentBits = nil
    }

    public static func == (a: FloatFormat, b: FloatFormat) -> Bool {
        a.name == b.name && a.precision == b.precision && a.emin == b.emin && a.emax == b.emax
            && a.subnormals == b.subnormals && a.overflow == b.overflow
            && a.largestFinite?.significand == b.largestFinite?.significand && a.largestFinite?.exponent == b.largestFinite?.exponent
    }

    public func hash(into h: inout Hasher) { h.combine(name); h.combine(precision); h.combine(emin); h.combine(emax) }

    public var description: String { name }

    /// Machine epsilon, 2^(1−p): the gap from 1 to the next value.
    public var machineEpsilonExponent: Int { 1 - precision }
    /// Unit roundoff, 2^(−p).
    public var unitRoundoffExponent: Int { -precision }

    public static let float64 = FloatFormat(name: "fp64", exponentBits: 11, precision: 53)
    public static let float32 = FloatFormat(name: "fp32", exponentBits: 8, precision: 24)
    /// NVIDIA TensorFloat-32: float32's exponent, 10 stored significand bits.
    public static let tensorFloat32 = FloatFormat(name: "tf32", exponentBits: 8, precision: 11)
    public static let float16 = FloatFormat(name: "fp16", exponentBits: 5, precision: 11)
    public static let bfloat16 = FloatFormat(name: "bf16", exponentBits: 8, precision: 8)
    /// OCP fp8 E4M3 ("fn"): no infinities; 448 is the largest finite (the top code is NaN).
    public static let float8E4M3 = FloatFormat(name: "fp8e4m3", exponentBits: 4, precision: 4, overflow: .saturate, largestFinite: (7, 6))
    public static let float8E5M2 = FloatFormat(name: "fp8e5m2", exponentBits: 5, precision: 3)

    public static let standard: [FloatFormat] = [.float64, .float32, .tensorFloat32, .float16, .bfloat16, .float8E4M3, .float8E5M2]

    /// Names and aliases: `fp32`, `float32`, `bf16`, `bfloat16`, … (case-insensitive).
    public static let aliases: [String: FloatFormat] = {
        var table: [String: FloatFormat] = [:]
        for f in standard { table[f.name] = f }
        table["float64"] = .float64; table["double"] = .float64
        table["float32"] = .float32; table["float"] = .float32; table["single"] = .float32
        table["float16"] = .float16; table["half"] = .float16
        table["bfloat16"] = .bfloat16
        table["tensorfloat32"] = .tensorFloat32
        table["e4m3"] = .float8E4M3; table["float8_e4m3fn"] = .float8E4M3
        table["e5m2"] = .float8E5M2; table["float8_e5m2"] = .float8E5M2
        return table
    }()

    /// A format by name, or a custom one: `p=8,emin=-132,emax=128[,subnormals=no][,overflow=saturate|nan|inf]`.
    public static func named(_ text: String) throws(FloatFormatError) -> FloatFormat {
        let key = text.lowercased()
        if let f = aliases[key] { return f }
        guard key.contains("=") else {
            let hint = aliases.keys.sorted().min { distance($0, key) < distance($1, key) }.flatMap { distance($0, key) <= 2 ? " (did you mean \($0)?)" : nil } ?? ""
            throw FloatFormatError("unknown float format '\(text)'\(hint); known: \(standard.map(\.name).joined(separator: ", ")), or p=…,emin=…,emax=…")
        }
        var fields: [String: String] = [:]
        for part in key.split(separator: ",") {
            let kv = part.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: " ") }
            guard kv.count == 2 else { throw FloatFormatError("malformed format field '\(part)' (expected name=value)") }
            fields[kv[0]] = kv[1]
        }
        for k in fields.keys where !["p", "emin", "emax", "subnormals", "overflow"].contains(k) {
            throw FloatFormatError("unknown format field '\(k)' (fields: p, emin, emax, subnormals, overflow)")
        }
        guard let p = fields["p"].flatMap(Int.init), (2...1024).contains(p) else {
            throw FloatFormatError("custom format needs p=2…1024, not p=\(fields["p"] ?? "(missing)")")
        }
        // Exponents within ±10^9: beyond, the format's values leave what MPFR's default range and a Double's scale hold.
        for name in ["emin", "emax"] {
            guard let text = fields[name] else { throw FloatFormatError("custom format needs \(name)=…") }
            guard let e = Int(text), e > -1_000_000_000, e < 1_000_000_000 else {
                throw FloatFormatError("custom format's \(name)=\(text) is out of range: it must be an integer between -999999999 and 999999999")
            }
        }
        let emin = Int(fields["emin"]!)!, emax = Int(fields["emax"]!)!
        guard emin < emax else { throw FloatFormatError("custom format needs emin < emax (MPFR convention), not emin=\(emin), emax=\(emax)") }
        let subnormals: Bool
        switch fields["subnormals"] ?? "yes" {
        case "yes", "true", "1": subnormals = true
        case "no", "false", "0": subnormals = false
        case let v: throw FloatFormatError("subnormals must be yes or no, not '\(v)'")
        }
        let overflow: Overflow
        switch fields["overflow"] ?? "inf" {
        case "inf", "infinity": overflow = .infinity
        case "saturate": overflow = .saturate
        case "nan": overflow = .nan
        case let v: throw FloatFormatError("overflow must be inf, saturate or nan, not '\(v)'")
        }
        return FloatFormat(name: text, precision: p, emin: emin, emax: emax, subnormals: subnormals, overflow: overflow)
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = Swift.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}

public struct FloatFormatError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
