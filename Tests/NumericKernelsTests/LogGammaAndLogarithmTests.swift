import CMPFR
import EMLNumbers
import Foundation
@testable import NumericKernels
import TestSupport
import XCTest

/// Stirling's series for log Γ and the tabled logarithm within their stated bounds of MPFR.
final class LogGammaAndLogarithmTests: XCTestCase {
    func real(_ s: String, _ p: Int = 256) -> BigReal { BigReal(literal: s, precision: p)! }

    /// log Γ by Stirling's series with a shift is within its stated bound of MPFR's correctly rounded
    /// log Γ, at three precisions, including a z wider than the working precision.
    func testStirlingSeriesWithinItsBound() {
        for q in [80, 250, 1000] {
            for z in ["1", "1.5", "2.000001", "7.25", "11", "150.5", "3e4", "1.1234567890123456789012345678901234567890"] {
                let zr = real(z, 140)
                let (value, bound) = StirlingSeries.logGamma(zr, workingPrecision: q)
                var exact = BigReal(precision: q + 64)
                exact.withMutablePointer { r in zr.withPointer { _ = mpfr_lngamma(r, $0, MPFR_RNDN) } }
                let error = BigReal.binary(value, exact, precision: q + 64) { r, a, b in _ = mpfr_sub(r, a, b, MPFR_RNDN) }
                let limit = Foundation.log2(bound) - Double(q)
                XCTAssertTrue(error.isZero || Double(error.exponent) <= limit, "z = \(z), q = \(q): error 2^\(error.exponent), bound 2^\(limit)")
                // The bound is not vacuous: within 40 bits of the working precision.
                XCTAssertLessThan(limit, Double(40 - q))
            }
        }
    }

    /// The tabled log stays within (|log y| + 2)·2^−q of MPFR's, at table boundaries, near 1 on both sides,
    /// at huge and tiny exponents and for y wider than q, at q from 30 to 1024.
    func testTabledLogarithmWithinItsBound() {
        var rng = SplitMix(seed: 5)
        var values: [BigReal] = (0..<200).map { _ in BigReal(rng.logUniform(1e-300, 1e300), precision: 53) }
        for special in ["1", "2", "0.5", "1.0078125", "1.0078124999999999999999", "0.99999999999999999999999", "1.00000000000000000000001",
                        "1.99999999999999999999999", "3e-100000", "7e123456"] {
            values.append(BigReal(literal: special, precision: 1200)!)
        }
        for q in [30, 53, 113, 240, 256, 700, 1024] {
            for y in values {
                let ours = TabledLogarithm.log(y, precision: q)
                let exact = BigReal.unary(y, precision: q + 100) { r, u in _ = mpfr_log(r, u, MPFR_RNDN) }
                let bound = (Swift.abs(exact.doubleValue) + 2) * Foundation.exp2(Double(-q))
                let difference = BigReal.binary(ours, exact, precision: 64) { r, a, b in _ = mpfr_sub(r, a, b, MPFR_RNDN) }
                XCTAssertLessThanOrEqual(Swift.abs(difference.doubleValue), bound, "log \(y.doubleValue) at \(q) bits")
            }
        }
    }
}
