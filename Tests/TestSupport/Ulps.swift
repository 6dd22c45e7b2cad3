import CMPFR
import EMLNumbers

/// The one measure of error the tests use: a difference in units of a stated power of two, computed
/// exactly in MPFR (a double subtraction would round the error it measures).
public enum Ulps {
    /// |a − b| / 2^unitExponent.
    public static func between(_ a: BigReal, _ b: BigReal, unitExponent: Int) -> Double {
        let d = BigReal.binary(a, b, precision: 64) { r, x, y in _ = mpfr_sub(r, x, y, MPFR_RNDN) }
        guard d.isFinite else { return a == b ? 0 : .infinity }
        return abs(BigReal.unary(d, precision: 64) { r, x in _ = mpfr_mul_2si(r, x, -unitExponent, MPFR_RNDN) }.doubleValue)
    }

    /// |got − truth| in ulps of a `bits`-bit number at the truth, 2^(e − bits) with 2^(e−1) ≤ |truth| < 2^e.
    public static func at(bits: Int, _ got: BigReal, _ truth: BigReal) -> Double {
        if got == truth { return 0 }
        guard truth.isFinite, !truth.isZero else { return .infinity }
        return between(got, truth, unitExponent: truth.exponent - bits)
    }

    /// The double kernels' measure: |got − truth| in units of 2^−52·max(1, |truth|), relative where
    /// |truth| ≥ 1 and absolute below (a log near 0 has no relative accuracy to lose).
    public static func ofDouble(_ got: Double, _ truth: Double) -> Double {
        if got == truth { return 0 }
        if !got.isFinite || !truth.isFinite { return .infinity }
        return between(BigReal(got, precision: 53), BigReal(truth, precision: 53), unitExponent: -52) / max(1, abs(truth))
    }

    /// The larger of the parts' errors, in ulps of a `bits`-bit number at the larger part of the truth.
    public static func at(bits: Int, _ got: UnsafeMutablePointer<__mpc_struct>, _ truth: UnsafeMutablePointer<__mpc_struct>) -> Double {
        func value(_ x: UnsafeMutablePointer<__mpfr_struct>) -> BigReal {
            BigReal.unary(BigReal(precision: 2), precision: Int(mpfr_get_prec(x))) { r, _ in _ = mpfr_set(r, x, MPFR_RNDN) }
        }
        let (a, b) = ((value(realPart(got)), value(imaginaryPart(got))), (value(realPart(truth)), value(imaginaryPart(truth))))
        let exponents = [b.0, b.1].filter { $0.isFinite && !$0.isZero }.map(\.exponent)
        guard let e = exponents.max() else { return a.0 == b.0 && a.1 == b.1 ? 0 : .infinity }
        return max(between(a.0, b.0, unitExponent: e - bits), between(a.1, b.1, unitExponent: e - bits))
    }
}

/// A test oracle beside the certificates, never one of them: the value to `digits` digits where two
/// working precisions give the same digits (the second 50% + 32 bits wider), else nil.
public func agreedDigits(_ digits: Int, _ value: (_ workingPrecision: Int) throws -> BigReal) rethrows -> String? {
    let p = Precision.bits(forDigits: digits) + 32
    let a = try value(p).decimalString(digits: digits)
    let b = try value(p + p / 2 + 32).decimalString(digits: digits)
    return a == b ? a : nil
}
