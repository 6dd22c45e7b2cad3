import CMPFR
import EMLNumbers
import FloatFormats
import FPCore

/// The correctly rounded real result of an expression at a point, by Ziv's strategy: evaluate on balls,
/// and accept only when every point of the ball rounds to one value of the format; else double the
/// precision, up to Herbie's cap of 10,000 bits. Two precisions agreeing is never taken as proof:
/// √(x + 1) − √x at x = 10^85 is exactly 0 at 80 and at 160 bits, and its ball says so.
public enum Truth {
    public static let precisionCap = 10_000
    static let schedule: [Int] = {
        var s = [80]
        while s.last! < precisionCap { s.append(min(precisionCap, s.last! * 2)) }
        return s
    }()

    public enum Outcome: Sendable, Equatable {
        /// The correctly rounded value in the format (±∞ where the exact value rounds to overflow).
        case value(Double)
        /// The exact result does not exist (the reason): not a valid point.
        case undefined(String)
        /// No precision up to the cap decided it, or a value left MPFR's exponent range.
        case unsettled
    }

    /// `expression` over `names` = `values`, rounded once into `format`.
    public static func rounded(_ expression: FPCoreExpression, names: [String], values: [Double], format: FloatFormat) -> Outcome {
        for precision in schedule {
            let evaluator = RealEvaluator(precision: precision)
            let scope = inputs(names, values)
            do throws(RealFailure) {
                guard case .number(let ball) = try evaluator.evaluate(expression, scope) else { return .undefined("the result is a boolean") }
                if let r = roundedUniquely(ball, format, bits: precision) { return .value(r) }
            } catch {
                switch error {
                case .undefined(let why): return .undefined(why)
                case .outOfRange: return .unsettled
                case .undecided: continue
                }
            }
        }
        return .unsettled
    }

    /// Whether the boolean `expression` holds (nil: undefined or never decided up to the cap).
    public static func holds(_ expression: FPCoreExpression, names: [String], values: [Double]) -> Bool? {
        for precision in schedule {
            let evaluator = RealEvaluator(precision: precision)
            let scope = inputs(names, values)
            do throws(RealFailure) {
                return try evaluator.boolean(expression, scope)
            } catch {
                if case .undecided = error { continue }
                return nil
            }
        }
        return nil
    }

    static func inputs(_ names: [String], _ values: [Double]) -> RealEvaluator.Scope {
        zip(names, values).map { name, value in (name, RealValue.number(Ball.make { arb_set_d($0, value) })) }
    }

    /// The one value of `format` every point of `ball` rounds to, or nil when its ends round apart.
    static func roundedUniquely(_ ball: Ball, _ format: FloatFormat, bits: Int) -> Double? {
        guard ball.isFinite else { return nil }
        if ball.isExact { return format.rounded(ball.midpointValue).doubleValue }
        // The ends, rounded outward with a few spare bits: a wider interval, so agreement still proves it.
        let (lower, upper) = ball.bounds(bits: bits + 16)
        let a = format.rounded(lower).doubleValue, b = format.rounded(upper).doubleValue
        return a == b ? (a == 0 ? (lower.isNegative && upper.isNegative ? -0.0 : 0.0) : a) : nil
    }
}
