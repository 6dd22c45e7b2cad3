import CMPFR
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension BigReal {
    /// The value rounded to `digits` significant decimal digits, as `d.ddd…e±X` (`e` omitted for X = 0),
    /// or `inf`, `-inf`, `nan`, `0`.
    ///
    /// Trailing zeros are kept: they are significant digits the caller asked for.
    public func decimalString(digits: Int) -> String {
        if isNaN { return "nan" }
        if isInfinite { return isNegative ? "-inf" : "inf" }
        if isZero { return isNegative ? "-0" : "0" }
        var exponent: mpfr_exp_t = 0
        guard let raw = mpfr_get_str(nil, &exponent, 10, max(digits, 1), storage.pointer, MPFR_RNDN) else { return "nan" }
        defer { mpfr_free_str(raw) }
        let count = Int(strlen(raw))
        return raw.withMemoryRebound(to: UInt8.self, capacity: count) { d in
            let negative = d[0] == UInt8(ascii: "-")
            let digits = UnsafeBufferPointer(start: d + (negative ? 1 : 0), count: count - (negative ? 1 : 0))
            return ScientificNotation.text(digits: digits, negative: negative, exponent: Int(exponent) - 1)
        }
    }
}

/// The one way the engine writes a decimal: `-d.ddd…e±X`, `e` omitted for X = 0, every digit given kept.
public enum ScientificNotation {
    /// Built as bytes: this runs once or twice per printed value, and Swift's string slicing and
    /// interpolation cost more than reading the digits.
    public static func text(digits d: UnsafeBufferPointer<UInt8>, negative: Bool, exponent: Int) -> String {
        String(unsafeUninitializedCapacity: d.count + 24) { out in
            var k = 0
            if negative { out[k] = UInt8(ascii: "-"); k += 1 }
            out[k] = d[0]; k += 1
            if d.count > 1 {
                out[k] = UInt8(ascii: "."); k += 1
                for j in 1..<d.count { out[k] = d[j]; k += 1 }
            }
            if exponent != 0 {
                out[k] = UInt8(ascii: "e"); k += 1
                if exponent < 0 { out[k] = UInt8(ascii: "-"); k += 1 }
                var e = exponent.magnitude, width = 1
                while e >= 10 { e /= 10; width += 1 }
                e = exponent.magnitude
                for j in stride(from: k + width - 1, through: k, by: -1) { out[j] = UInt8(ascii: "0") + UInt8(e % 10); e /= 10 }
                k += width
            }
            return k
        }
    }
}
