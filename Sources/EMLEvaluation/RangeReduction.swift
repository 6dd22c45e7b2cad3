import CMPFR
import EMLNumbers

/// sin, cos and exp of an imaginary part reduce their argument modulo 2π, which takes as many bits of
/// π as the argument's binary exponent: 2^(10^10) would need 3·10^10 bits (GMP aborts trying to
/// allocate them). Past 2^20 bits (|x| ≈ 10^315652) the engine reports the argument instead.
enum RangeReduction {
    static let exponentLimit = 1 << 20

    static func excess(_ x: UnsafeMutablePointer<__mpfr_struct>) -> Int? {
        mpfr_regular_p(x) != 0 && Int(mpfr_get_exp(x)) > exponentLimit ? Int(mpfr_get_exp(x)) : nil
    }

    static func error(_ operation: String, _ position: Int, exponent: Int) -> EvaluationError {
        .undefined(operation: operation, position: position,
                   detail: "an argument of magnitude 2^\(exponent) would need \(exponent) bits of π to reduce modulo 2π; the limit is 2^20")
    }
}
