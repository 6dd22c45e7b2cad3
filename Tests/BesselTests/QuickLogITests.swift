@testable import Bessel
@testable import NumericKernels
import CMPFR
import EMLNumbers
import Foundation
import TestSupport
import XCTest

/// The double-double quick phase of log I's certificate: its log and its whole evaluation within their
/// stated bounds (before the factor 4 of margin), and its roundings equal to the two-precision certificate.
final class QuickLogITests: XCTestCase {
    /// hi + lo exactly, and the difference of a double-double from an MPFR value, as a double.
    func exact(_ a: DoubleDouble) -> BigReal { a.bigReal(precision: 2200) }

    func difference(_ a: DoubleDouble, _ b: BigReal) -> Double {
        BigReal.binary(exact(a), b, precision: 64) { r, x, y in _ = mpfr_sub(r, x, y, MPFR_RNDN) }.doubleValue
    }

    /// `accurateLog` stays within 2^−72 + 2^−100·(|log a| + 1) over the table's cells, near 1 and across
    /// the exponent range, and the bound is not slack: the worst error is within 2^6 of it.
    func testAccurateLogWithinItsBound() {
        var rng = SplitMix(seed: 11)
        var inputs: [DoubleDouble] = []
        for _ in 0..<20_000 {
            let hi = rng.logUniform(0x1p-1000, 0x1p1000)
            inputs.append(DoubleDouble(hi, hi.ulp * rng.uniform(-0.5, 0.5)))
        }
        for c in 0..<128 {  // the edges of every table cell
            let edge = 1 + Double(c) / 128
            inputs += [DoubleDouble(edge), DoubleDouble(edge.nextDown), DoubleDouble(edge.nextUp, -edge.ulp / 4)]
        }
        inputs += [DoubleDouble(1), DoubleDouble(1, 0x1p-60), DoubleDouble(1.0.nextDown), DoubleDouble(2.0.nextDown)]
        var worst = 0.0
        for a in inputs {
            let truth = BigReal.unary(exact(a), precision: 300) { r, u in _ = mpfr_log(r, u, MPFR_RNDN) }
            let bound = QuickLogI.logError(DoubleDouble(truth.doubleValue))
            let error = Swift.abs(difference(DoubleDouble.accurateLog(a), truth))
            XCTAssertLessThanOrEqual(error, bound, "log(\(a.hi) + \(a.lo))")
            worst = Swift.max(worst, error / bound)
        }
        XCTAssertGreaterThan(worst, 0x1p-6)
    }

    /// The quick phase's value lies within a quarter of its returned bound (the bound before its margin) of
    /// log I at 300 bits, at random (v, x) and at the edges of its range.
    func testQuickLogIWithinItsBound() throws {
        var rng = SplitMix(seed: 12)
        var points = (0..<1500).map { k in
            (k % 7 == 0 ? 0 : rng.logUniform(1e-6, 1e4), k % 5 == 0 ? rng.logUniform(1e-140, 600) : rng.logUniform(1e-3, 300))
        }
        points += [(0, 1e-140), (0.5, 1), (1, 1), (30.999, 2), (31, 2), (31.5, 2), (1e4, 600), (2, 2.5), (0, 600), (1e-300, 1)]
        var evaluated = 0
        for (v, x) in points {
            guard let (value, bound) = QuickLogI.logI(v, x) else { continue }
            evaluated += 1
            let truth = try LogBessel.logI(BigReal(v, precision: 53), BigReal(x, precision: 53), precision: 300)
            let error = Swift.abs(difference(value, truth))
            XCTAssertLessThanOrEqual(error, bound / 4, "v = \(v), x = \(x)")
        }
        XCTAssertGreaterThan(evaluated, 1400)
    }

    /// At 53 bits, the quick phase rounds as agreement at two MPFR precisions does, and decides nearly every
    /// point of the benchmark's square; where log I is far below its absolute error (log I₀(10^−100) ≈ 2.5·10^−201) it declines.
    func testQuickCertificateMatchesTwoPrecisions() throws {
        var rng = SplitMix(seed: 13)
        let points = (0..<300).map { _ in (rng.uniform(0.1, 10), rng.uniform(0.1, 10)) }
        var decided = 0
        for (v, x) in points {
            let vr = BigReal(v, precision: 53), xr = BigReal(x, precision: 53)
            guard let quick = LogBessel.certifiedByDoubleDouble(vr, xr, bits: 53) else { continue }
            decided += 1
            let two = try LogBessel.certifiedByBalls(.logI, vr, xr, bits: 53)
            XCTAssertTrue(quick == two, "v = \(v), x = \(x): \(quick.decimalString(digits: 17)) vs \(two.decimalString(digits: 17))")
        }
        XCTAssertGreaterThan(decided, 290)
        XCTAssertNil(LogBessel.certifiedByDoubleDouble(BigReal(0, precision: 53), BigReal(1e-100, precision: 53), bits: 53))
    }
}
