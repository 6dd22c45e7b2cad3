import EMLNumbers
import EMLSyntax
import NumericKernels

/// Certified digits of one elementary function of one number, `sin(71.0018)`, `exp(-3.5)`, `ln(0.25)`
/// (sin, cos, tan, exp, sinh, cosh, ln, log2, log10, sqrt), from the 256-bit fixed-point kernels
/// (`FixedPoint.sine`, `.tangent`, `.exponential`, `.log`, `.squareRoot`) and their error bounds, read to decimal in integer arithmetic
/// (`FixedPoint.decimalReading`).
///
/// A batch of such lines is the commonest use of `eml eval`. Through balls, each line paid Arb's load
/// (1.5–2 ms a process) and about 25,000 instructions of ball machinery; here a line costs a few
/// thousand. nil wherever the bound does not decide the digits (a value near 0, more digits than 256
/// bits carry, an argument out of the kernels' range, a literal past 63 bits): the caller then takes
/// the general way, so the printed digits are the same either way.
enum ElementaryCertificate {
    /// 256 fraction bits less the bounds' few: 236 bits hold 71 digits; past 70 the reading rarely decides.
    static let maximumDigits = 70

    static func certified(_ e: MathExpression, digits: Int) -> CertifiedValue? {
        guard digits <= maximumDigits, case .call(let function, let arguments) = e.kind, arguments.count == 1,
              let (negative, n, d) = rational(arguments[0]) else { return nil }
        return certified(function, negative: negative, numerator: n, denominator: d, digits: digits)
    }

    /// f(±n/d) for n, d < 2^63.
    static func certified(_ function: Function, negative: Bool, numerator n: UInt64, denominator d: UInt64, digits: Int) -> CertifiedValue? {
        guard digits <= maximumDigits, n < 1 << 63, d > 0, d < 1 << 63 else { return nil }
        /// |x| = n/d: one truncated division (≤ 1 ulp), none for an integer; the logarithms take n and d apart.
        func magnitude() -> (value: FixedPoint, error: Double) { (FixedPoint(integer: Int(n)).divided(by: d), d == 1 ? 0 : 1) }
        let result: (value: FixedPoint, error: Double)?
        switch function {
        case .sin, .cos, .tan, .exp:
            let (m, inputError) = magnitude()
            let x = negative ? -m : m
            switch function {
            case .exp: result = FixedPoint.exponential(x, inputError: inputError)
            case .tan: result = FixedPoint.tangent(x, inputError: inputError)
            default: result = FixedPoint.sine(x, inputError: inputError, cosine: function == .cos)
            }
        case .sqrt:
            // A negative number's root is imaginary: the balls' way.
            guard !negative, n > 0 else { return nil }
            let (m, inputError) = magnitude()
            result = FixedPoint.squareRoot(m, inputError: inputError)
        case .sinh, .cosh:
            // (e^x ∓ e^−x)/2: both exponentials within their bounds, the halving ≤ 1 ulp more.
            let (m, inputError) = magnitude()
            guard let (up, errorUp) = FixedPoint.exponential(negative ? -m : m, inputError: inputError),
                  let (down, errorDown) = FixedPoint.exponential(negative ? m : -m, inputError: inputError) else { return nil }
            let twice = function == .cosh ? up + down : up - down
            let half = twice.isNegative ? -(-twice).shiftedRight(by: 1) : twice.shiftedRight(by: 1)
            result = (half, (errorUp + errorDown) / 2 + 1)
        case .ln, .log2, .log10:
            // ln(n/d) = ln n − ln d, each within its stated ulps; log_b = ln·(1/ln b), the constant within ½ ulp
            // (times |ln x| < 44) and the product within 4.
            guard !negative, n > 0 else { return nil }
            let (a, errorA) = FixedPoint.log(integer: n), (b, errorB) = FixedPoint.log(integer: d)
            let ln = a - b
            guard function != .ln else { result = (ln, errorA + errorB); break }
            let scale = function == .log2 ? FixedPoint.inverseLogTwo : FixedPoint.inverseLogTen
            let magnitude = FixedPoint.multiply(ln.isNegative ? -ln : ln, scale)
            result = (ln.isNegative ? -magnitude : magnitude, (errorA + errorB) * scale.doubleValue + ln.doubleValue.magnitude / 2 + 4)
        default:
            return nil
        }
        guard let (value, error) = result else { return nil }
        let errorExponent = Int((Swift.max(error, 1)).exponent) + 1  // 2^errorExponent ulps > error
        guard let text = value.decimalReading(errorExponent: errorExponent, digits: digits) else { return nil }
        return CertifiedValue(realPart: .fixedPoint(value, errorExponent: errorExponent), imaginaryPart: nil,
                              digits: digits, workingPrecision: FixedPoint.fractionBits, zeroBound: nil, text: text,
                              realText: text, imaginaryText: nil)
    }

    /// A number literal, possibly negated or behind a defined name, as sign, numerator and denominator
    /// (both below 2^63); nil for anything else.
    static func rational(_ e: MathExpression) -> (negative: Bool, numerator: UInt64, denominator: UInt64)? {
        switch e.kind {
        case .number(let literal):
            return literal.machineFraction.map { (false, $0.numerator, $0.denominator) }
        case .negate(let x):
            guard case .number(let literal) = x.kind, let (n, d) = literal.machineFraction else { return nil }
            return (true, n, d)
        case .variable(_, let definition?):
            return rational(definition)
        default:
            return nil
        }
    }
}
