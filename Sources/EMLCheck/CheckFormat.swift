import FloatFormats
import Glibc
import FPCore

/// The format a program runs in, and how its operations are computed there.
///
/// binary64 and binary32 call the system libm (glibc), as Herbie's default "c" platform does; every
/// narrower or custom format rounds each operation's exact result once into the format (MPFR, then
/// `FloatFormats`), since no libm exists for bf16 or fp8.
public struct CheckFormat: Sendable, Hashable, CustomStringConvertible {
    public enum Arithmetic: Sendable, Hashable { case libm64, libm32, emulated }

    public let name: String
    public let format: FloatFormat
    public let arithmetic: Arithmetic

    public static let binary64 = CheckFormat(name: "binary64", format: .float64, arithmetic: .libm64)
    public static let binary32 = CheckFormat(name: "binary32", format: .float32, arithmetic: .libm32)
    /// The sweep of `--format all`, widest first.
    public static let all: [CheckFormat] = [.binary64, .binary32] + [FloatFormat.tensorFloat32, .bfloat16, .float16, .float8E4M3, .float8E5M2].map {
        CheckFormat(name: $0 == .float16 ? "binary16" : $0.name, format: $0, arithmetic: .emulated)
    }

    public init(name: String, format: FloatFormat, arithmetic: Arithmetic) {
        self.name = name
        self.format = format
        self.arithmetic = arithmetic
    }

    public var description: String { name }

    /// A format by name (binary64, binary32, binary16, bfloat16, tf32, fp8e4m3, fp8e5m2 and their
    /// aliases) or a custom `p=…,emin=…,emax=…`; its values must be Doubles (p ≤ 53, float64's range).
    public static func named(_ text: String) throws(FloatFormatError) -> CheckFormat {
        switch text.lowercased() {
        case "binary64", "float64", "fp64", "double": return .binary64
        case "binary32", "float32", "fp32", "single", "float": return .binary32
        case "binary16": return CheckFormat(name: "binary16", format: .float16, arithmetic: .emulated)
        default: break
        }
        let f = try FloatFormat.named(text)
        guard f.fitsInDouble else {
            throw FloatFormatError("format '\(text)' is wider than binary64 (p ≤ 53 and float64's exponent range are needed to simulate it)")
        }
        if f == .float64 { return .binary64 }
        if f == .float32 { return .binary32 }
        return CheckFormat(name: f.name, format: f, arithmetic: .emulated)
    }

    /// An FPCore `:precision`; nil for real, integer, posit, fixed (not simulated).
    public static func of(_ precision: FPCorePrecision) -> CheckFormat? {
        switch precision {
        case .binary64: return .binary64
        case .binary32: return .binary32
        case .float(let e, let n):
            if e == 11 && n == 64 { return .binary64 }
            if e == 8 && n == 32 { return .binary32 }
            let f = FloatFormat(name: "(float \(e) \(n))", exponentBits: e, precision: n - e)
            return f.fitsInDouble ? CheckFormat(name: f.name, format: f, arithmetic: .emulated) : nil
        case .real, .integer, .unsupported: return nil
        }
    }

    /// Bits that a NaN on one side only scores: the width of the encoding (64 for binary64).
    public var width: Int {
        if let e = format.exponentBits { return e + format.precision }
        // Custom formats: enough bits to number every value, both signs and the infinities.
        let top = Double(format.ordinal(.infinity) ?? 1)
        return Int(log2(2 * top + 2).rounded(.up))
    }
}
