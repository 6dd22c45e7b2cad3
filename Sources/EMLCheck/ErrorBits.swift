import FloatFormats
import Glibc

/// Herbie's error metric: log2(1 + the number of format values between a result and the correctly
/// rounded truth). 0 bits is correctly rounded, 1 bit one value off; +0 and −0 are one value; a NaN
/// on one side only scores the format's width, NaN against NaN nothing.
public enum ErrorBits {
    public static func bits(_ computed: Double, _ truth: Double, in format: CheckFormat) -> Double {
        if computed.isNaN || truth.isNaN { return computed.isNaN && truth.isNaN ? 0 : Double(format.width) }
        guard let a = format.format.ordinal(format.format.rounded(computed)), let b = format.format.ordinal(format.format.rounded(truth)) else {
            return Double(format.width)
        }
        // binary64 ordinals span ±2^63: their difference may not fit an Int64.
        let (d, overflow) = a.subtractingReportingOverflow(b)
        let distance = overflow ? abs(Double(a) - Double(b)) : Double(d.magnitude)
        return log2(1 + distance)
    }
}
