import CMPFR
import EMLNumbers
import EMLSyntax
import FloatFormats

/// The float-format functions of the expression language, on exact values.
enum FormatOps {
    static func apply(_ f: FormatFunction, _ format: FloatFormat, _ xs: [BigReal], precision p: Int, position: Int) throws(EvaluationError) -> Number {
        let x = xs[0]
        if f == .round { return .real(format.rounded(x)) }
        if f == .ulp {
            // 2^max(e − p, emin − 1) for 2^(e−1) ≤ |x| < 2^e, exactly.
            let e = x.isZero ? Int.min : x.exponent
            guard x.isFinite else { throw .undefined(operation: "ulp", position: position, detail: "x is not finite") }
            let k = max(e == Int.min ? format.emin - 1 : e - format.precision, format.emin - 1)
            var r = BigReal(precision: 2)
            r.withMutablePointer { _ = mpfr_set_si_2exp($0, 1, k, MPFR_RNDN) }
            return .real(r)
        }
        guard format.fitsInDouble else {
            throw .invalidArgument(message: "\(f.rawValue) needs a format that fits in float64; \(format.name) does not", position: position)
        }
        let r = format.rounded(x).doubleValue
        switch f {
        case .next: return .real(BigReal(format.next(r), precision: 64))
        case .prev: return .real(BigReal(format.previous(r), precision: 64))
        case .ulps: return .real(BigReal(Int(format.ulpDistance(r, format.rounded(xs[1]).doubleValue)), precision: 64))
        case .round, .ulp: fatalError("handled above")
        }
    }
}
