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
        // Built as bytes: this runs once or twice per printed value, and Swift's string slicing cost more than MPFR's conversion.
        let count = Int(strlen(raw))
        let power = Int(exponent) - 1
        return String(unsafeUninitializedCapacity: count + 24) { out in
            var n = 0, k = 0
            raw.withMemoryRebound(to: UInt8.self, capacity: count) { d in
                if d[0] == UInt8(ascii: "-") { out[n] = d[0]; n += 1; k = 1 }
                out[n] = d[k]; n += 1; k += 1
                if k < count {
                    out[n] = UInt8(ascii: "."); n += 1
                    while k < count { out[n] = d[k]; n += 1; k += 1 }
                }
            }
            if power != 0 {
                out[n] = UInt8(ascii: "e"); n += 1
                for byte in String(power).utf8 { out[n] = byte; n += 1 }
            }
            return n
        }
    }
}
