import CMPFR
import EMLNumbers
import EMLSyntax
import FloatFormats

/// The float-format functions of the expression language, on balls: a result is exact when every
/// point of the argument's ball gives the same one (both ends round alike), else undecided.
enum FormatOps {
    static func apply(_ f: FormatFunction, _ format: FloatFormat, _ xs: [Ball], precision p: Int, position: Int) throws(EvaluationError) -> Ball {
        let ends = xs.map { decided($0, p) }
        guard ends.allSatisfy({ $0 != nil }) else { return .indeterminate() }
        func same(_ g: (BigReal) throws(EvaluationError) -> BigReal) throws(EvaluationError) -> Ball {
            let (lo, hi) = ends[0]!
            let a = try g(lo), b = try g(hi)
            return a == b || (a.isNaN && b.isNaN) ? Ball(exactly: a) : .indeterminate()
        }
        switch f {
        case .round: return try same { format.rounded($0) }
        case .ulp:
            return try same { x throws(EvaluationError) in
                guard !x.isInfinite && !x.isNaN else { throw .undefined(operation: "ulp", position: position, detail: "x is not finite") }
                // 2^max(e − p, emin − 1) for 2^(e−1) ≤ |x| < 2^e, exactly.
                let k = x.isZero ? format.emin - 1 : max(x.exponent - format.precision, format.emin - 1)
                var r = BigReal(precision: 2)
                r.withMutablePointer { _ = mpfr_set_si_2exp($0, 1, k, MPFR_RNDN) }
                return r
            }
        default: break
        }
        guard format.fitsInDouble else {
            throw .invalidArgument(message: "\(f.rawValue) needs a format that fits in float64; \(format.name) does not", position: position)
        }
        func double(_ x: BigReal) -> Double { format.rounded(x).doubleValue }
        switch f {
        case .next: return try same { BigReal(format.next(double($0)), precision: 64) }
        case .prev: return try same { BigReal(format.previous(double($0)), precision: 64) }
        case .ulps:
            let (a0, a1) = ends[0]!, (b0, b1) = ends[1]!
            let (r0, r1, s0, s1) = (double(a0), double(a1), double(b0), double(b1))
            guard r0 == r1 || (r0.isNaN && r1.isNaN), s0 == s1 || (s0.isNaN && s1.isNaN) else { return .indeterminate() }
            guard let d = format.ulpDistance(r0, s0) else {
                throw .undefined(operation: "ulps", position: position, detail: "round(\(format.name), x) is NaN: it has no place among the format's values")
            }
            return Ball(Int(d))
        case .round, .ulp: fatalError("handled above")
        }
    }

    /// The ball's ends (exact for an exact ball, ±∞ included), or nil for a ball without finite bounds.
    static func decided(_ x: Ball, _ p: Int) -> (BigReal, BigReal)? {
        if x.isExact { let m = x.midpointValue; return m.isNaN ? nil : (m, m) }
        guard x.isFinite else { return nil }
        return x.bounds(bits: p + 64)
    }
}
