import CMPFR
import EMLNumbers
import Foundation
@testable import NumericKernels
import TestSupport
import XCTest

/// 256-bit fixed point: its arithmetic, log and log Γ within their stated ulps of MPFR at 700 and 400 bits.
final class FixedPointTests: XCTestCase {
    /// |a − b| in ulps of the fixed point, 2^−256.
    func ulps(_ a: FixedPoint, _ b: BigReal) -> Double { Ulps.between(a.bigReal, b, unitExponent: -256) }

    func random(_ rng: inout SplitMix, _ a: Double, _ b: Double) -> FixedPoint { FixedPoint(BigReal(rng.uniform(a, b), precision: 53)) }

    /// Products, machine-integer products and quotients, and shifts against MPFR: each within its stated ulps,
    /// signs and carries across limbs included, and the round trip through MPFR exact.
    func testArithmeticWithinItsBounds() {
        var rng = SplitMix(seed: 31)
        for _ in 0..<2000 {
            // Values with all limbs busy: a double plus a tiny random tail.
            var a = random(&rng, -1000, 1000), b = random(&rng, -8, 8)
            a.limbs[0] = rng.next(); a.limbs[1] = rng.next(); b.limbs[0] = rng.next(); b.limbs[2] ^= rng.next() >> 8
            let A = a.bigReal, B = b.bigReal
            XCTAssertEqual(FixedPoint(A).limbs[0], a.limbs[0])
            XCTAssertEqual(FixedPoint(A).limbs[4], a.limbs[4])
            let sum = BigReal.binary(A, B, precision: 700) { r, x, y in _ = mpfr_add(r, x, y, MPFR_RNDN) }
            XCTAssertEqual(ulps(a + b, sum), 0)
            let difference = BigReal.binary(A, B, precision: 700) { r, x, y in _ = mpfr_sub(r, x, y, MPFR_RNDN) }
            XCTAssertEqual(ulps(a - b, difference), 0)
            let m = a.isNegative ? -a : a, mb = b.isNegative ? -b : b
            let M = m.bigReal
            let product = BigReal.binary(M, mb.bigReal, precision: 700) { r, x, y in _ = mpfr_mul(r, x, y, MPFR_RNDN) }
            XCTAssertLessThanOrEqual(ulps(FixedPoint.multiply(m, mb), product), 4)
            let d = rng.next() >> UInt64(rng.next() % 64) | 1, s = Int(rng.next() % 64)
            let quotient = BigReal.unary(M, precision: 700) { r, x in
                _ = mpfr_mul_2ui(r, x, UInt(s), MPFR_RNDN); _ = mpfr_div_ui(r, r, UInt(d), MPFR_RNDN)
            }
            if quotient.exponent < 62 { XCTAssertLessThanOrEqual(ulps(m.divided(by: d, shiftedLeftBy: s), quotient), 1) }
            let f = rng.next() >> 10
            let scaled = BigReal.unary(M, precision: 700) { r, x in
                _ = mpfr_mul_ui(r, x, UInt(f), MPFR_RNDN); _ = mpfr_div_2ui(r, r, UInt(s + 20), MPFR_RNDN)
            }
            XCTAssertLessThanOrEqual(ulps(m.multiplied(by: f, shiftedRightBy: s + 20), scaled), 1)
            let half = BigReal.unary(M, precision: 700) { r, x in _ = mpfr_div_2ui(r, x, UInt(s), MPFR_RNDN) }
            XCTAssertLessThanOrEqual(ulps(m.shiftedRight(by: s), half), 1)
        }
    }

    /// log(m·2^e) within 10 + |e|/2 ulp across the table's cells and near 1; log Γ(w) within its bound.
    /// The generated constants are MPFR's at 1088 bits rounded to the nearest 2^−256, entry for entry, and the
    /// term counts they give are the MPFR table's (or one more, from the 1/64-bit margin).
    func testGeneratedTablesEqualMPFRs() {
        let logs = FixedPoint.LogarithmTables(), computedLogs = FixedPoint.LogarithmTables(computedAt: 1088)
        let stirling = FixedPoint.StirlingTables(), computedStirling = FixedPoint.StirlingTables(computedAt: 1088)
        XCTAssertEqual(logs.constants.count, 385)
        XCTAssertEqual(stirling.constants.count, 65)
        for (i, (a, b)) in zip(logs.constants, computedLogs.constants).enumerated() { XCTAssertEqual((0..<5).map { a.limbs[$0] }, (0..<5).map { b.limbs[$0] }, "log entry \(i)") }
        for (i, (a, b)) in zip(stirling.constants, computedStirling.constants).enumerated() { XCTAssertEqual((0..<5).map { a.limbs[$0] }, (0..<5).map { b.limbs[$0] }, "Stirling entry \(i)") }
        for w in stride(from: 32.0, through: 4096, by: 0.75) {
            let mpfrCount = StirlingSeries.termCount(at: w, bits: 258) ?? 64, count = stirling.termCount(at: w, bits: 258) ?? 64
            XCTAssert(count == mpfrCount || count == mpfrCount + 1, "w = \(w): \(count) terms against \(mpfrCount)")
        }
    }

    func testLogarithmAndLogGammaWithinTheirBounds() {
        var rng = SplitMix(seed: 32)
        var worst = 0.0
        for k in 0..<3000 {
            var m = k < 128 ? FixedPoint(BigReal(1 + Double(k) / 128, precision: 53)) : random(&rng, 1, 2)
            if k >= 128 { m.limbs[0] = rng.next(); m.limbs[1] = rng.next() }
            if k % 7 == 0 { m = FixedPoint.one; m.limbs[3] = rng.next() >> 44 }  // near 1: u < 2^−20
            let e = Int(rng.next() % 200) - 100
            let truth = BigReal.unary(m.bigReal, precision: 400) { r, x in
                _ = mpfr_log(r, x, MPFR_RNDN)
                var l2 = BigReal(precision: 400)
                l2.withMutablePointer { _ = mpfr_const_log2($0, MPFR_RNDN); _ = mpfr_mul_si($0, $0, e, MPFR_RNDN); _ = mpfr_add(r, r, $0, MPFR_RNDN) }
            }
            let bound = 10 + Double(Swift.abs(e)) / 2
            let error = ulps(FixedPoint.log(mantissa: m, exponent: e), truth)
            XCTAssertLessThanOrEqual(error, bound, "log at k = \(k), e = \(e)")
            worst = Swift.max(worst, error)
        }
        XCTAssertGreaterThan(worst, 0.5)
        for _ in 0..<300 {
            let s = Int(rng.next() % 55), w = rng.uniform(32, 300)
            let W = UInt64(w * Foundation.scalbn(1.0, s))
            let (value, bound) = FixedPoint.logGamma(W, scale: s)
            let truth = BigReal.unary(BigReal(Double(W) * Foundation.scalbn(1.0, -s), precision: 64), precision: 400) { r, x in _ = mpfr_lngamma(r, x, MPFR_RNDN) }
            XCTAssertLessThanOrEqual(ulps(value, truth), bound, "log Γ(\(W)/2^\(s))")
        }
    }

    /// log n of a machine integer within its bound: every 2^i·5^j below 2^60 (the two constants' way) and
    /// random others (the series'), and log Γ(W/q) at decimal denominators, which take the first.
    func testLogOfIntegersWithinTheirBounds() {
        var integers: [UInt64] = []
        for i in 0..<60 {
            var n = UInt64(1) << UInt64(i)
            while n < 1 << 60 { integers.append(n); n *= 5 }
        }
        var rng = SplitMix(seed: 33)
        integers += (0..<300).map { _ in rng.next() >> (4 + rng.next() % 60) | 1 }
        for n in integers where n > 0 {
            let (value, bound) = FixedPoint.log(integer: n)
            let truth = BigReal.unary(BigReal(Int(n), precision: 64), precision: 400) { r, x in _ = mpfr_log(r, x, MPFR_RNDN) }
            XCTAssertLessThanOrEqual(ulps(value, truth), bound, "log \(n)")
        }
        for q in [UInt64(2), 4, 5, 10, 20, 25, 100, 1000, 3125, 10_000_000, 3, 7, 99] {
            for W in [32 * q + 1, 41 * q + 7, 300 * q + q / 2 + 1] {
                let (value, bound) = FixedPoint.logGamma(W, denominator: q)
                let truth = BigReal.binary(BigReal(Int(W), precision: 64), BigReal(Int(q), precision: 64), precision: 400) { r, a, b in
                    _ = mpfr_div(r, a, b, MPFR_RNDN); _ = mpfr_lngamma(r, r, MPFR_RNDN)
                }
                XCTAssertLessThanOrEqual(ulps(value, truth), bound, "log Γ(\(W)/\(q))")
            }
        }
    }
}
