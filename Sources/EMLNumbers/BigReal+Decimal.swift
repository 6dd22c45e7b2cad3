import CMPFR

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
        var text = String(cString: raw)
        var sign = ""
        if text.hasPrefix("-") { sign = "-"; text.removeFirst() }
        let head = text.prefix(1)
        let tail = text.dropFirst()
        let power = Int(exponent) - 1
        var result = sign + head
        if !tail.isEmpty { result += "." + tail }
        if power != 0 { result += "e\(power)" }
        return result
    }
}
