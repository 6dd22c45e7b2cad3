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
        var s = [64]
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

    /// `expression` over `names` = `values`, rounded once into `format` (compiles it: for one-off values).
    public static func rounded(_ expression: FPCoreExpression, names: [String], values: [Double], format: FloatFormat) -> Outcome {
        guard let compiled = CompiledExpression(expression, arguments: names) else { return .undefined("an unbound variable") }
        return Evaluator(compiled).rounded(values, format)
    }

    /// Whether the boolean `expression` holds (nil: undefined or never decided up to the cap).
    public static func holds(_ expression: FPCoreExpression, names: [String], values: [Double]) -> Bool? {
        guard let compiled = CompiledExpression(expression, arguments: names) else { return nil }
        return Evaluator(compiled).holds(values)
    }

    /// One expression's Ziv loop with a machine per precision, made when first needed; one per thread.
    final class Evaluator {
        let program: CompiledExpression
        private var machines: [Int: RealEvaluator] = [:]
        private let ends: UnsafeMutablePointer<arf_struct>
        /// The double-double first try, where the program allows it (`fast`).
        private let fast: FastTruth?

        init(_ program: CompiledExpression, fast: Bool = false) {
            self.program = program
            self.fast = fast ? FastTruth(program) : nil
            ends = .allocate(capacity: 3)
            for k in 0..<3 { arf_init(ends + k) }
        }

        deinit {
            for k in 0..<3 { arf_clear(ends + k) }
            ends.deallocate()
        }

        func machine(_ precision: Int) -> RealEvaluator {
            if let m = machines[precision] { return m }
            let m = RealEvaluator(program, precision: precision)
            machines[precision] = m
            return m
        }

        func rounded(_ values: [Double], _ format: FloatFormat) -> Outcome {
            if let fast, format == .float64, let v = fast.rounded(values) { return .value(v) }
            for precision in Truth.schedule {
                let m = machine(precision)
                for (k, v) in values.enumerated() { m.setArgument(k, v) }
                do throws(RealFailure) {
                    let ball = try m.number()
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

        func holds(_ values: [Double]) -> Bool? {
            if let fast, let v = fast.holds(values) { return v }
            for precision in Truth.schedule {
                let m = machine(precision)
                for (k, v) in values.enumerated() { m.setArgument(k, v) }
                do throws(RealFailure) {
                    return try m.boolean()
                } catch {
                    if case .undecided = error { continue }
                    return nil
                }
            }
            return nil
        }

        /// The one value of `format` every point of `ball` rounds to, or nil when its ends round apart.
        func roundedUniquely(_ ball: UnsafePointer<arb_struct>, _ format: FloatFormat, bits: Int) -> Double? {
            guard arb_is_finite(ball) != 0 else { return nil }
            // The ends, rounded outward: a wider interval, so agreement still proves it.
            arb_get_lbound_arf(ends, ball, bits + 16)
            arb_get_ubound_arf(ends + 1, ball, bits + 16)
            // Fast path: both ends in the format's normal range, rounded by Arb to p bits (nearest, ties to even).
            if let a = nearest(ends, format), let b = nearest(ends + 1, format) {
                return a == b ? (a == 0 ? (arf_sgn(ends) < 0 && arf_sgn(ends + 1) < 0 ? -0.0 : 0.0) : a) : nil
            }
            let lower = BigReal.fromArf(ends), upper = BigReal.fromArf(ends + 1)
            let a = format.rounded(lower).doubleValue, b = format.rounded(upper).doubleValue
            return a == b ? (a == 0 ? (lower.isNegative && upper.isNegative ? -0.0 : 0.0) : a) : nil
        }

        /// x rounded to nearest in `format` when x is zero or a normal value short of overflow; else nil.
        func nearest(_ x: UnsafeMutablePointer<arf_struct>, _ format: FloatFormat) -> Double? {
            if arf_is_zero(x) != 0 { return 0 }
            guard arf_is_finite(x) != 0 else { return nil }
            // Normal: 2^(emin + p − 2) ≤ |x| < 2^emax (MPFR exponents).
            guard arf_cmpabs_2exp_si(x, format.emin + format.precision - 2) >= 0, arf_cmpabs_2exp_si(x, format.emax) < 0 else { return nil }
            let r = ends + 2
            arf_set_round(r, x, format.precision, ARF_RND_NEAR)
            let d = arf_get_d(r, ARF_RND_DOWN)  // exact: p ≤ 53 bits in double's normal range
            return Swift.abs(d) > format.largestFiniteValue ? nil : d
        }
    }
}

extension BigReal {
    /// The exact value of an Arb float.
    static func fromArf(_ x: UnsafeMutablePointer<arf_struct>) -> BigReal {
        var r = BigReal(precision: max(Int(arf_bits(x)), 2))
        r.withMutablePointer { _ = arf_get_mpfr($0, x, MPFR_RNDN) }
        return r
    }
}
