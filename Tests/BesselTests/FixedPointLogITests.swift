@testable import Bessel
@testable import NumericKernels
import CMPFR
import EMLNumbers
import Foundation
import TestSupport
import XCTest

/// The 256-bit fixed-point phase of log I's certificate: its arithmetic, its log and log Γ, and the
/// whole evaluation within their stated bounds against MPFR at 400 bits, and its roundings equal to the
/// two-precision certificate's.
final class FixedPointLogITests: XCTestCase {
    /// |a − b| in ulps of the fixed point, 2^−256.
    func ulps(_ a: FixedPoint, _ b: BigReal) -> Double { Ulps.between(a.bigReal, b, unitExponent: -256) }

    func big(_ x: Double) -> BigReal { BigReal(x, precision: 53) }

    func random(_ rng: inout SplitMix, _ a: Double, _ b: Double) -> FixedPoint { FixedPoint(BigReal(rng.uniform(a, b), precision: 53)) }

    /// The whole evaluation within its bound of log I at 400 bits over its range and at its edges, and
    /// certifying nearly every point of [0.1, 10]² at 200 bits.
    func testLogIWithinItsBound() throws {
        var rng = SplitMix(seed: 33)
        var points = (0..<1500).map { k in
            k < 500 ? (rng.uniform(0.1, 10), rng.uniform(0.1, 10))
                : (k % 9 == 0 ? 0 : rng.logUniform(0x1p-4, 64), rng.logUniform(0x1p-30, 24))
        }
        points += [(0, 0x1p-30), (0, 24), (64, 24), (64, 0x1p-30), (0x1p-4, 24), (0.5, 1), (1, 1), (39, 2), (40, 2), (2.5, 2)]
        var evaluated = 0, certified = 0
        for (k, (v, x)) in points.enumerated() {
            guard let (value, bound) = FixedPointLogI.logI(v, x) else { continue }
            evaluated += 1
            let truth = try LogBessel.logI(big(v), big(x), precision: 400)
            XCTAssertLessThanOrEqual(ulps(value, truth), bound / 1.01, "v = \(v), x = \(x)")
            if k < 500, FixedPointLogI.certified(v, x, bits: 200) != nil { certified += 1 }
        }
        XCTAssertGreaterThan(evaluated, 1450)
        XCTAssertGreaterThan(certified, 495)
    }

    /// Its roundings at 100 and 212 bits equal the two-precision certificate's (which never uses it).
    func testRoundingsMatchTwoPrecisions() throws {
        var rng = SplitMix(seed: 34)
        for _ in 0..<150 {
            let v = rng.uniform(0, 1) < 0.1 ? 0 : rng.logUniform(0x1p-4, 64), x = rng.logUniform(0x1p-10, 24)
            for bits in [100, 212] {
                guard let fast = FixedPointLogI.certified(v, x, bits: bits) else { continue }
                let slow = try LogBessel.certifiedByBalls(.logI, big(v), big(x), bits: bits)
                XCTAssertTrue(fast == slow, "v = \(v), x = \(x), \(bits) bits")
            }
        }
    }
}
