import Foundation

/// exp and the eml operator's logarithm on complex doubles, with IEEE signed zeros and infinities and
/// the engine's branch convention: arg ∈ [−π, π), so a value on the negative real axis (either sign of
/// zero) takes −π, as `LogLowerEdge` does in MPC. No MPFR: this is the fast, approximate side of the
/// search, whose finalists are verified in MPFR/MPC.
public enum ComplexDouble {
    /// exp(re + i·im); a real argument keeps its signed zero imaginary part (cexp(x ± 0i) = e^x ± 0i).
    @inlinable @inline(__always)
    public static func exp(_ re: Double, _ im: Double) -> (re: Double, im: Double) {
        if im == 0 { return (Foundation.exp(re), im) }
        let m = Foundation.exp(re)
        return (m * Foundation.cos(im), m * Foundation.sin(im))
    }

    /// Log(re + i·im) with arg ∈ [−π, π): ln|z| + i·atan2(im, re), −π on the negative axis; ln 0 = −∞.
    /// A value within 2^−40 (2^(−3p/4), p = 53) of the negative axis relative to its size counts as on it,
    /// as in `LogLowerEdge`: rounding noise must not pick the side of the cut (e^e/z for z < 0 comes out
    /// as −12.1 + 1.5·10^−15 i, which would take +π and turn the derived ln's +iπ into −iπ).
    @inlinable @inline(__always)
    public static func log(_ re: Double, _ im: Double) -> (re: Double, im: Double) {
        if im == 0 {
            if re > 0 { return (Foundation.log(re), im) }
            if re == 0 { return (-.infinity, 0) }
        }
        if re < 0 && abs(im) <= -re * 0x1p-40 { return (Foundation.log(Foundation.hypot(re, im)), -Double.pi) }
        return (Foundation.log(Foundation.hypot(re, im)), Foundation.atan2(im, re))
    }

    /// eml(a, b) = exp(a) − Log(b).
    @inlinable @inline(__always)
    public static func eml(_ a: (re: Double, im: Double), _ b: (re: Double, im: Double)) -> (re: Double, im: Double) {
        let e = exp(a.re, a.im), l = log(b.re, b.im)
        return (e.re - l.re, e.im - l.im)
    }
}
