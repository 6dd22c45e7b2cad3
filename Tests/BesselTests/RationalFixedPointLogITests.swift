@testable import Bessel
@testable import NumericKernels
import CMPFR
import EMLNumbers
import Foundation
import TestSupport
import XCTest

/// log I's fixed-point certificate for decimal arguments (v = p/q, x = a/b): the whole evaluation within
/// its bound against MPFR at 400 bits, and its roundings inside Arb's ball of the same rationals.
final class RationalFixedPointLogITests: XCTestCase {
    func ulps(_ a: FixedPoint, _ b: BigReal) -> Double { Ulps.between(a.bigReal, b, unitExponent: -256) }

    /// n/d at 700 bits: far below the 2^−256 ulp of the values compared.
    func fraction(_ n: UInt64, _ d: UInt64) -> BigReal {
        BigReal.binary(BigReal(Double(n), precision: 64), BigReal(Double(d), precision: 64), precision: 700) { r, a, b in
            _ = mpfr_div(r, a, b, MPFR_RNDN)
        }
    }

    /// Two-decimal points of [0.01, 10] × [0.1, 10] (the CLI benchmark's), three- and seven-digit decimals
    /// over the whole range, v = 0, and the range's edges.
    func points() -> [(UInt64, UInt64, UInt64, UInt64)] {
        var rng = SplitMix(seed: 35)
        var points: [(UInt64, UInt64, UInt64, UInt64)] = (0..<400).map { _ in (1 + rng.next() % 1000, 100, 10 + rng.next() % 991, 100) }
        points += (0..<300).map { _ in (rng.next() % 64_000, 1000, 1 + rng.next() % 24_000, 1000) }
        points += (0..<200).map { _ in (1 + rng.next() % 9_999_999, 1_000_000, 1 + rng.next() % 9_999_999, 7_000_000) }
        points += (0..<50).map { _ in (0, 1, 1 + rng.next() % 2400, 100) }
        points += [(1, 16, 1, 1 << 20), (64, 1, 24, 1), (1, 16, 24, 1), (64, 1, 3, 10), (237, 100, 3, 2), (1, 3, 1, 7)]
        // Small orders, down to 10^−7: v·log(x/2) and log Γ(v + 1 + N) as for any other.
        points += (0..<100).map { _ in (1 + rng.next() % 62, 1000, 1 + rng.next() % 2400, 100) }
        points += [(1, 10_000_000, 1, 1000), (1, 10_000_000, 24, 1), (3, 1000, 1, 1 << 20), (1, 100, 2399, 100)]
        return points
    }

    func testLogIWithinItsBound() throws {
        var evaluated = 0
        for (p, q, a, b) in points() {
            guard let (value, bound) = RationalFixedPointLogI.logI(p, q, a, b) else { continue }
            evaluated += 1
            let truth = try LogBessel.logI(fraction(p, q), fraction(a, b), precision: 400)
            XCTAssertLessThanOrEqual(ulps(value, truth), bound / 1.01, "v = \(p)/\(q), x = \(a)/\(b)")
        }
        XCTAssertGreaterThan(evaluated, 650)  // most seven-digit points decline: a²q·e^x passes 2^62
    }

    /// At 100 and 212 bits its roundings lie inside Arb's ball of the same rationals (where that ball decides),
    /// and it certifies nearly every two-decimal point.
    func testRoundingsAgreeWithArb() throws {
        var certified = 0
        for (k, (p, q, a, b)) in points().enumerated() where k % 3 == 0 {
            for bits in [100, 212] {
                guard let fast = RationalFixedPointLogI.certified((p, q), (a, b), bits: bits) else { continue }
                if k < 400 && bits == 212 { certified += 1 }
                let v = Rational(mantissa: String(p), radix: 10, base: 10, exponent: 0)! / Rational(mantissa: String(q), radix: 10, base: 10, exponent: 0)!
                let x = Rational(mantissa: String(a), radix: 10, base: 10, exponent: 0)! / Rational(mantissa: String(b), radix: 10, base: 10, exponent: 0)!
                let ball = try LogBessel.logBall(.logI, v!.ball(precision: 600), x!.ball(precision: 600), precision: 600)
                let (lower, upper) = ball.bounds(bits: bits + 64)
                let a = lower.rounded(toPrecision: bits), b = upper.rounded(toPrecision: bits)
                guard a == b else { continue }
                XCTAssertTrue(fast == a, "v = \(p)/\(q), x = \(a)/\(b), \(bits) bits")
            }
        }
        XCTAssertGreaterThan(certified, 130)
    }

    /// Out of its range, or with parts past 2^24, it declines.
    func testDeclinesOutsideItsRange() {
        XCTAssertNil(RationalFixedPointLogI.logI(65, 1, 1, 1))          // v > 64
        XCTAssertNil(RationalFixedPointLogI.logI(1, 1, 25, 1))          // x > 24
        XCTAssertNil(RationalFixedPointLogI.logI(1, 1, 1, 1 << 31))     // x < 2^−30
        XCTAssertNil(RationalFixedPointLogI.logI(1, 1, 1 << 25, 1 << 24))
        XCTAssertNil(RationalFixedPointLogI.certified((1, 1), (1, 1), bits: 225))
    }
}
