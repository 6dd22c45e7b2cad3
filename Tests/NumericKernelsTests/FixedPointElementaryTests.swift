import CMPFR
import EMLNumbers
import Foundation
@testable import NumericKernels
import TestSupport
import XCTest

/// sin, cos and exp in 256-bit fixed point: the exact value (MPFR at 700 bits) inside every stated bound,
/// and the bounds tight enough to decide 64 digits.
final class FixedPointElementaryTests: XCTestCase {
    func ulps(_ a: FixedPoint, _ b: BigReal) -> Double { Ulps.between(a.bigReal, b, unitExponent: -256) }

    /// A value with every limb busy: a double in [lo, hi] plus random low bits.
    func random(_ rng: inout SplitMix, _ lo: Double, _ hi: Double) -> FixedPoint {
        var x = FixedPoint(BigReal(rng.uniform(lo, hi), precision: 53))
        x.limbs[0] = rng.next(); x.limbs[1] = rng.next()
        return x
    }

    func testConstantsAreMPFRsRoundedToTheNearestUlp() {
        let pi = BigReal.unary(BigReal(1, precision: 2), precision: 700) { r, _ in _ = mpfr_const_pi(r, MPFR_RNDN); _ = mpfr_div_2ui(r, r, 1, MPFR_RNDN) }
        XCTAssertLessThanOrEqual(ulps(FixedPoint.halfPi, pi), 0.5)
        for (constant, base) in [(FixedPoint.inverseLogTwo, 2), (FixedPoint.inverseLogTen, 10)] {
            let truth = BigReal.unary(BigReal(base, precision: 64), precision: 700) { r, x in _ = mpfr_log(r, x, MPFR_RNDN); _ = mpfr_ui_div(r, 1, r, MPFR_RNDN) }
            XCTAssertLessThanOrEqual(ulps(constant, truth), 0.5, "1/log \(base)")
        }
        let tables = FixedPoint.factorialReciprocals
        for k in [1, 2, 5, 20, 64] {
            let truth = BigReal.unary(BigReal(k + 1, precision: 64), precision: 700) { r, x in _ = mpfr_gamma(r, x, MPFR_RNDN); _ = mpfr_ui_div(r, 1, r, MPFR_RNDN) }
            XCTAssertLessThanOrEqual(ulps(tables[k], truth), 2, "1/\(k)!")
        }
    }

    /// Random arguments across the range, near multiples of π/2 (where r loses its leading bits), at the
    /// reduction's edges (|r| = π/4) and at ±2^20, with an input error that the bound must carry.
    func testSineAndCosineWithinTheirBounds() {
        var rng = SplitMix(seed: 47)
        var xs: [FixedPoint] = (0..<400).map { _ in random(&rng, -30, 30) }
        xs += (0..<200).map { _ in random(&rng, -0x1p20, 0x1p20) }
        for k in [1, 2, 3, 4, 7, 100, 355, 600_000] {
            let near = FixedPoint.halfPi.multiplied(by: UInt64(k))
            xs += [near, near + FixedPoint(1, shiftedLeftBy: 40), near - FixedPoint(1, shiftedLeftBy: 100), -near]
            xs.append(near + FixedPoint.halfPi.shiftedRight(by: 1))  // |r| = π/4
        }
        xs += [.zero, FixedPoint(integer: 1 << 20), -FixedPoint(integer: 1 << 20)]
        var largest = 0.0
        for x in xs {
            for cosine in [false, true] {
                guard let (value, error) = FixedPoint.sine(x, inputError: 0, cosine: cosine) else { XCTFail("\(x.doubleValue)"); continue }
                let truth = BigReal.unary(x.bigReal, precision: 700) { r, a in _ = cosine ? mpfr_cos(r, a, MPFR_RNDN) : mpfr_sin(r, a, MPFR_RNDN) }
                XCTAssertLessThanOrEqual(ulps(value, truth), error, "\(cosine ? "cos" : "sin")(\(x.doubleValue))")
                // k = 2^20·2/π: its half-ulps are the bound's largest share there.
                XCTAssertLessThan(error, 0x1p20)
                if x.doubleValue.magnitude < 64 { largest = max(largest, error) }
            }
        }
        XCTAssertLessThan(largest, 128, "the bound for small arguments")
        XCTAssertNil(FixedPoint.sine(FixedPoint(integer: (1 << 20) + 1), inputError: 0))
        // An input error δ moves the result by at most δ, and the bound says so.
        let x = FixedPoint(integer: 3).divided(by: 7)
        XCTAssertEqual(FixedPoint.sine(x, inputError: 1000)!.error - FixedPoint.sine(x, inputError: 0)!.error, 1000 * 1.001, accuracy: 1e-6)
    }

    /// tan near 0, near its poles (kπ/2 ± 2^−20, ± 2^−29), at |r| = π/4 and across the range; 1/b across
    /// [2^−30, 2], with an input error the bound must carry.
    func testTangentAndReciprocalWithinTheirBounds() {
        var rng = SplitMix(seed: 59)
        var xs: [FixedPoint] = (0..<300).map { _ in random(&rng, -30, 30) } + (0..<100).map { _ in random(&rng, -0x1p20, 0x1p20) }
        for k in [1, 2, 3, 5, 100, 600_001] {
            let near = FixedPoint.halfPi.multiplied(by: UInt64(k))
            for shift in [236, 227, 200] { xs += [near + FixedPoint(1, shiftedLeftBy: shift), near - FixedPoint(1, shiftedLeftBy: shift)] }
            xs.append(near + FixedPoint.halfPi.shiftedRight(by: 1))
        }
        var decided = 0
        for x in xs {
            guard let (value, error) = FixedPoint.tangent(x, inputError: 3) else { continue }
            decided += 1
            let truth = BigReal.unary(x.bigReal, precision: 700) { r, a in _ = mpfr_tan(r, a, MPFR_RNDN) }
            XCTAssertLessThanOrEqual(ulps(value, truth) - 3 * (1 + truth.doubleValue * truth.doubleValue), error, "tan(\(x.doubleValue))")
            // The reduction's k/2 ulp (k < 2^20) times sec² = 1 + tan² is the bound's largest share.
            XCTAssertLessThan(error / (1 + truth.doubleValue * truth.doubleValue), 0x1p20, "tan(\(x.doubleValue))")
        }
        XCTAssertGreaterThan(decided, 400)
        XCTAssertNil(FixedPoint.tangent(FixedPoint.halfPi, inputError: 0), "at the pole")
        for _ in 0..<500 {
            let b = random(&rng, 0x1p-30, 2)
            guard let (y, error) = FixedPoint.reciprocal(b, inputError: 0) else { XCTFail("\(b.doubleValue)"); continue }
            let truth = BigReal.unary(b.bigReal, precision: 700) { r, a in _ = mpfr_ui_div(r, 1, a, MPFR_RNDN) }
            XCTAssertLessThanOrEqual(ulps(y, truth), error, "1/\(b.doubleValue)")
            XCTAssertLessThan(error, 8 / b.doubleValue)
        }
        XCTAssertNil(FixedPoint.reciprocal(FixedPoint.zero, inputError: 0))
        XCTAssertNil(FixedPoint.reciprocal(FixedPoint(integer: 3), inputError: 0))
    }

    /// √b from 2^−200 to 2^62, at powers of four (m at ¼) and just below them, with an input error.
    func testSquareRootWithinItsBounds() {
        var rng = SplitMix(seed: 73)
        var bs: [FixedPoint] = (0..<300).map { _ in random(&rng, 0, 1000) } + (0..<100).map { _ in random(&rng, 0, 1) }
        for shift in stride(from: 56, through: 316, by: 13) { bs += [FixedPoint(1, shiftedLeftBy: shift), FixedPoint(1, shiftedLeftBy: shift) - FixedPoint(1, shiftedLeftBy: 0)] }
        bs.append(FixedPoint(integer: 2))
        var checked = 0
        for b in bs where b.doubleValue >= 0x1p-200 && b.doubleValue < 0x1p62 {
            guard let (value, error) = FixedPoint.squareRoot(b, inputError: 2) else { XCTFail("\(b.doubleValue)"); continue }
            checked += 1
            let truth = BigReal.unary(b.bigReal, precision: 700) { r, a in _ = mpfr_sqrt(r, a, MPFR_RNDN) }
            // The input error 2 moves √b by at most 2/(2√b) ulp: taken out before comparing with the bound.
            XCTAssertLessThanOrEqual(ulps(value, truth) - 1 / truth.doubleValue, error, "√\(b.doubleValue)")
            XCTAssertLessThan(error, 64 * max(1, truth.doubleValue) + 4 / truth.doubleValue, "√\(b.doubleValue)")
        }
        XCTAssertGreaterThan(checked, 420)
        XCTAssertNil(FixedPoint.squareRoot(FixedPoint.zero, inputError: 0))
        XCTAssertNil(FixedPoint.squareRoot(-FixedPoint.one, inputError: 0))
    }

    func testExponentialWithinItsBounds() {
        var rng = SplitMix(seed: 53)
        var xs: [FixedPoint] = (0..<600).map { _ in random(&rng, -40, 42) }
        xs += (0..<200).map { _ in random(&rng, -1, 1) }
        xs += [.zero, FixedPoint(integer: 42), FixedPoint(integer: -40), FixedPoint.logarithmTables.logTwo.shiftedRight(by: 1),
               FixedPoint.logarithmTables.logTwo.multiplied(by: 7)]
        for x in xs {
            guard let (value, error) = FixedPoint.exponential(x, inputError: 0) else { XCTFail("\(x.doubleValue)"); continue }
            let truth = BigReal.unary(x.bigReal, precision: 700) { r, a in _ = mpfr_exp(r, a, MPFR_RNDN) }
            XCTAssertLessThanOrEqual(ulps(value, truth), error, "exp(\(x.doubleValue))")
            if x.isNegative {
                // Below 1 the shift right leaves an absolute bound of a few ulps (64 digits down to e^−25).
                XCTAssertLessThan(error, 64, "exp(\(x.doubleValue))")
            } else {
                // Above 1 the bound grows with the value: relative, it stays near 2^−245 (64 digits are 213 bits).
                XCTAssertLessThan(error / (truth.doubleValue * 0x1p256), 0x1p-240, "exp(\(x.doubleValue))")
            }
        }
        XCTAssertNil(FixedPoint.exponential(FixedPoint(integer: 43), inputError: 0))
        XCTAssertNil(FixedPoint.exponential(FixedPoint(integer: -41), inputError: 0))
    }
}
