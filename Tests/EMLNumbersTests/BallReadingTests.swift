import CMPFR
@testable import EMLNumbers
import TestSupport
import XCTest

/// `Ball.reading` decides in one scaled step where it can (`scaledReading`) and from both ends otherwise
/// (`readingByEnds`): the two must agree wherever both decide, and the public reading must be right at
/// the cases the scaled step leaves to the ends (ties, powers of ten, carries into the next decade).
final class BallReadingTests: XCTestCase {
    func testScaledReadingAgreesWithTheEndsOnRandomBalls() {
        var rng = SplitMix(seed: 41)
        var decidedByBoth = 0, leftToTheEnds = 0
        for trial in 0..<4000 {
            let digits = [1, 2, 5, 17, 40, 64, 100][trial % 7]
            let precision = 80 + Int.random(in: 0...300, using: &rng)
            var mid = BigReal(precision: precision)
            mid.withMutablePointer { m in
                mpfr_set_d(m, Double.random(in: -1...1, using: &rng), MPFR_RNDN)
                for _ in 0..<(precision / 50) { mpfr_add_d(m, m, Double.random(in: -1...1, using: &rng) * 0x1p-50, MPFR_RNDN) }
                mpfr_mul_2si(m, m, Int.random(in: -1200...1200, using: &rng), MPFR_RNDN)
            }
            guard !mid.isZero else { continue }
            let ball = Ball(mid, errorExponent: mid.exponent - Int.random(in: 10...(precision + 20), using: &rng))
            let bits = max(precision, Precision.bits(forDigits: digits)) + 64
            let scaled = ball.scaledReading(digits: digits, bits: bits)
            let ends = ball.readingByEnds(digits: digits, bits: bits)
            if let scaled, case .digits(let text) = ends {
                XCTAssertEqual(scaled, text, "\(mid.decimalString(digits: 120)) at \(digits) digits")
                decidedByBoth += 1
            }
            if scaled == nil, case .digits(let text) = ends {
                // n = 10^(digits−1) is left to the ends by design: points below it read at a finer step.
                let mantissa = text.drop { $0 == "-" }.prefix { $0 != "e" }.filter { $0 != "." }
                if mantissa != "1" + String(repeating: "0", count: digits - 1) { leftToTheEnds += 1 }
            }
        }
        // Otherwise left to the ends only where the ball's radius is within a bound of the digits asked: rare.
        XCTAssertGreaterThan(decidedByBoth, 2000)
        XCTAssertLessThan(leftToTheEnds, 40, "\(leftToTheEnds)")
    }

    func testReadingAtTiesPowersOfTenAndCarries() {
        func exact(_ text: String) -> Ball { Ball(exactly: BigReal(literal: text, precision: 200)!) }
        // 0.125 is a tie at 2 digits: to even, as MPFR rounds.
        XCTAssertEqual(exact("0.125").reading(digits: 2), .digits("1.2e-1"))
        XCTAssertEqual(exact("-0.375").reading(digits: 2), .digits("-3.8e-1"))
        XCTAssertEqual(exact("1000").reading(digits: 3), .digits("1.00e3"))
        XCTAssertEqual(exact("0.001").reading(digits: 1), .digits("1e-3"))
        XCTAssertEqual(exact("9.9996").reading(digits: 4), .digits("1.000e1"))
        XCTAssertEqual(exact("99.94").reading(digits: 3), .digits("9.99e1"))
        XCTAssertEqual(exact("-123456789").reading(digits: 9), .digits("-1.23456789e8"))
        XCTAssertEqual(exact("3").reading(digits: 1), .digits("3"))
        // A ball across 10 whose every point still rounds to 1.00e1.
        XCTAssertEqual(Ball(BigReal(literal: "10", precision: 200)!, errorExponent: -20).reading(digits: 3), .digits("1.00e1"))
        // A ball across a rounding boundary: undecided.
        XCTAssertEqual(Ball(BigReal(literal: "1.235", precision: 200)!, errorExponent: -30).reading(digits: 3), .undecided)
    }
}
