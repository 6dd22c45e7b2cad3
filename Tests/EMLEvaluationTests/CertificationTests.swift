@testable import EMLEvaluation
import Bessel
import EMLKit
@testable import NumericKernels
import TestSupport
import Foundation
import XCTest

/// Hidden cancellations: two working precisions lose the same small term, so only an error bound can
/// tell a lost term from a true zero. Every case is exact to the digits printed, or an honest error.
final class CertificationTests: XCTestCase {
    func value(_ text: String, digits: Int = 30, mode: EvaluationMode = .direct) throws -> String {
        try EML.evaluate(text, digits: digits, mode: mode).text
    }

    /// The inputs that printed wrong digits as certified (issue "Never a wrong digit"), in both modes.
    func testCancellationsThatTwoPrecisionsMissed() throws {
        let cases: [(String, String)] = [
            ("ln(1+1e-100)", "1.00000000000000000000000000000e-100"),
            ("(1+1e-100)-1+1e-300", "1.00000000000000000000000000000e-100"),
            ("cos(2^300+1/3) - cos(2^300)", "-3.31426054416402188716356848321e-1"),  // mpmath at 200 digits
            ("(-1)^(2^300+1/3)", "5.00000000000000000000000000000e-1 + 8.66025403784438646763723170753e-1i"),
            ("atan(1e300)-pi/2", "-1.00000000000000000000000000000e-300"),
            ("1/(1+1e-100-1)", "1.00000000000000000000000000000e100"),
        ]
        for (input, expected) in cases {
            XCTAssertEqual(try value(input), expected, input)
        }
        for (input, expected) in cases where !input.contains("2^300") {
            // In eml mode the tree must reproduce the certified digits (2^300 as a tree of doublings is beyond it).
            XCTAssertEqual(try value(input, mode: .eml), expected, "eml: \(input)")
        }
    }

    /// f(a + t) − f(a) against a form of the same difference that does not cancel, at several t.
    func testGeneratedCancellationFamily() throws {
        let forms: [(String, String)] = [
            ("sin(A+T) - sin(A)", "2*cos(A + T/2)*sin(T/2)"),
            ("cos(A+T) - cos(A)", "-2*sin(A + T/2)*sin(T/2)"),
            ("exp(A+T) - exp(A)", "2*exp(A + T/2)*sinh(T/2)"),
            ("ln(A+T) - ln(A)", "2*atanh(T/(2*A + T))"),
            ("sqrt(A+T) - sqrt(A)", "T/(sqrt(A+T) + sqrt(A))"),
            ("atan(A+T) - atan(A)", "atan(T/(1 + A*(A+T)))"),
            ("(A + T) - A", "T"),
            ("1/((A + T) - A)", "1/T"),
        ]
        for t in ["1e-20", "3e-60", "7e-150"] {
            for a in ["0.75", "2.5", "13"] {
                for (naive, stable) in forms {
                    let n = naive.replacingOccurrences(of: "A", with: a).replacingOccurrences(of: "T", with: t)
                    let s = stable.replacingOccurrences(of: "A", with: a).replacingOccurrences(of: "T", with: t)
                    XCTAssertEqual(try value(n, digits: 25), try value(s, digits: 25), n)
                }
            }
        }
        // Huge arguments: the reduction modulo 2π needs bits of the argument that a low precision drops.
        for k in [100, 300, 1000] {
            XCTAssertEqual(try value("sin(2^\(k) + 1e-30) - sin(2^\(k))", digits: 20),
                           try value("2*cos(2^\(k) + 5e-31)*sin(5e-31)", digits: 20), "k = \(k)")
            XCTAssertEqual(try value("(-1)^(2^\(k) + 1/3)", digits: 20), try value("exp(i*pi/3)", digits: 20), "k = \(k)")
        }
    }

    /// A true zero prints as 0 only with its bound; an exact zero without one.
    func testZeroIsNeverAGuess() throws {
        let sinPi = try EML.evaluate("sin(pi)", digits: 30)
        XCTAssertEqual(sinPi.text, "0 (|x| < 2^\(sinPi.zeroBound!))")
        XCTAssertEqual(try value("0.1*3 - 0.3"), "0")
        XCTAssertEqual(try value("exp(i*pi)", digits: 10).prefix(13), "-1.000000000 ")
        XCTAssertTrue(try value("exp(i*pi)", digits: 10).hasSuffix("(|Im| < 2^-4152)"))
        // A ball around 0 still as wide as π at the cap is not a zero: honest error.
        XCTAssertThrowsError(try value("ln(exp(i*pi))")) { XCTAssertTrue("\($0)".contains("could not certify"), "\($0)") }
    }

    /// Balls have no signed zero: an exact real on a cut takes the real convention, and a ball across a
    /// branch point joins both sides instead of staying undecided.
    func testCutsAndBranchPoints() throws {
        XCTAssertEqual(try value("asin(2+0*i)", digits: 8), try value("asin(2)", digits: 8))
        XCTAssertEqual(try value("atanh(2+0*i)", digits: 8), "5.4930614e-1 + 1.5707963i")
        XCTAssertEqual(try value("asin(sin(pi/2))", digits: 8), "1.5707963 (|Im| < 2^-2072)")
        XCTAssertEqual(try value("acosh(-sin(pi/2))", digits: 8), "0 + 3.1415927i (|Re| < 2^-2072)")
        XCTAssertEqual(try value("(-3)^(1/2)", digits: 8), "0 + 1.7320508i")
        XCTAssertEqual(try value("(-0.75)^(5/2)", digits: 8), "0 + 4.8713929e-1i")
        // Exactly on the cut, a ball straddling it: honest error, not the side rounding noise picks.
        XCTAssertThrowsError(try value("asin(exp(10)^ln(-3))", digits: 8))
    }

    /// MPFR's tgeneric, on balls: the ball at p bits contains the value at 3p for every function.
    func testBallsContainTheValueAtHigherPrecision() throws {
        var g = SplitMix(seed: 18)
        let functions = Function.allCases.filter { $0.arity == 1 } + [.hypot, .atan2, .logBase, .eml, .logbesseli, .logbesselk]
        for f in functions {
            for _ in 0..<6 {
                let x = Double(g.next() % 20_000) / 1000 - 10, y = Double(g.next() % 10_000) / 1000 + 0.01
                let args = f.arity == 1 ? "\(x)" : (f.isBessel ? "\(abs(x)), \(y)" : "\(y), \(x)")
                let e = try EML.parse("\(f.name)(\(args))")
                for p in [64, 200] {
                    let (low, _) = try Evaluator.balls(e, p, [:])
                    let (high, _) = try Evaluator.balls(e, 3 * p, [:])
                    for (a, b) in [(low.parts.real, high.parts.real), (low.parts.imaginary, high.parts.imaginary)] {
                        guard let a, let b, a.isFinite, b.isFinite else { continue }
                        let (lo, hi) = a.bounds(bits: 6 * p)
                        let m = b.midpointValue
                        XCTAssertTrue(lo <= m && m <= hi, "\(f.name)(\(args)) at \(p) bits does not contain its \(3 * p)-bit value")
                    }
                }
            }
        }
    }

    /// What the engine prints, it reads back: random reals and complex values at random digits.
    func testPrintedValuesReadBack() throws {
        var g = SplitMix(seed: 8)
        for _ in 0..<200 {
            let digits = Int(g.next() % 40) + 1
            let re = "\(Int(g.next() % 2_000_000) - 1_000_000)e\(Int(g.next() % 600) - 300)"
            let im = "\(Int(g.next() % 2_000_000) - 1_000_000)e\(Int(g.next() % 600) - 300)"
            for text in ["sqrt(2)*\(re)", "\(re)/7 + i*\(im)/3", "(\(re))*i/9"] {
                let printed = try value(text, digits: digits)
                XCTAssertEqual(try value(printed, digits: digits), printed, "\(text) at \(digits) digits printed \(printed)")
            }
        }
    }

    /// The facade speaks bits as well as digits: 212 bits are 64 digits.
    func testEvaluateByBits() throws {
        let e = try EML.parse("pi")
        XCTAssertEqual(try EML.evaluate(e, bits: 212).text, try EML.evaluate(e, digits: 64).text)
        XCTAssertThrowsError(try EML.evaluate(e, bits: 1)) { XCTAssertTrue("\($0)".contains("bits must be between 2 and 332193"), "\($0)") }
    }

    /// Eml mode refuses digits its trees cannot reach in bounded time; the direct mode takes them.
    func testLimitsAreNamed() throws {
        XCTAssertThrowsError(try value("1", digits: 20_000, mode: .eml)) { XCTAssertTrue("\($0)".contains("between 1 and 10000"), "\($0)") }
        XCTAssertThrowsError(try value("logbesseli(1, 1e10000000)")) { XCTAssertTrue("\($0)".contains("below 2^1024"), "\($0)") }
        XCTAssertThrowsError(try value("logbesseli(1., 32584.500000002860000000000000237e9995000059)", digits: 13))
        // Found by libFuzzer (scripts/fuzz): an inexact order of 1.1·10^17 kept Arb busy for minutes.
        XCTAssertThrowsError(try value("BesselK[0111111111111111111.-e+5255211111, 1]")) { XCTAssertTrue("\($0)".contains("within ±10^9"), "\($0)") }
        XCTAssertThrowsError(try value("logbesseli(1e9 - 0.5, 1e9)", digits: 1300)) { XCTAssertTrue("\($0)".contains("at most 4096 bits"), "\($0)") }
        XCTAssertThrowsError(try value("exp(1e30)")) { XCTAssertTrue("\($0)".contains("overflow in exp"), "\($0)") }
        XCTAssertEqual(try value("exp(-1e30)"), "0 (|x| < 2^-4611686018427387900)")
    }

    /// NaN and infinities through the format functions and the Bessel entry points: values or errors, no trap.
    func testNonFiniteInputs() throws {
        XCTAssertThrowsError(try value("ulp(fp16, 1/0)")) { XCTAssertTrue("\($0)".contains("not finite"), "\($0)") }
        XCTAssertEqual(try value("round(fp16, 1/0)"), "inf")
        XCTAssertEqual(try value("next(fp16, -1/0)"), "-6.55040000000000000000000000000e4")
        XCTAssertThrowsError(try value("ulps(fp16, 1, 0/0)"))
        // The public Bessel API bounds what it asks MPFR and GMP for: the argument's exponent and the precision.
        let huge = try XCTUnwrap(BigReal(literal: "3.2e9995000063", precision: 64))
        XCTAssertThrowsError(try LogBessel.logI(BigReal(1, precision: 64), huge, precision: 64))
        XCTAssertThrowsError(try LogBessel.certified(.logK, BigReal(1, precision: 64), BigReal(2, precision: 64), bits: 1 << 40))
        XCTAssertThrowsError(try value("logbesseli(1, 1/0)"))
        for kind in LogBessel.Kind.allCases {
            for (v, x) in [(Double.nan, 1.0), (1, .nan), (1, .infinity), (.infinity, 1), (-.infinity, 2), (1, -.infinity)] {
                let r = LogBessel.double(kind, v, x)
                XCTAssertTrue(r.isNaN || r.isInfinite || r.isFinite, "\(kind)(\(v), \(x))")
                XCTAssertThrowsError(try LogBessel.correctlyRounded(kind, v, x))
            }
        }
    }

    /// A seeded fuzzer over the grammar: random functions, extreme literals (±10^±10^6, 0, huge integers),
    /// NaN-making and infinite operations, both modes, random digits. Each input gives a value or an error
    /// with a message; a crash would end the test process. EML_FUZZ_ITERATIONS runs it longer by hand.
    func testRandomExpressionsGiveAValueOrAnError() {
        var g = SplitMix(seed: 1818)
        let iterations = Int(ProcessInfo.processInfo.environment["EML_FUZZ_ITERATIONS"] ?? "") ?? 300
        let unary = Function.allCases.filter { $0.arity == 1 }.map(\.name)
        let binary = ["hypot", "atan2", "log", "eml", "logbesseli", "logbesselk", "besseli", "besselk", "ulps(fp16,"]
        let leaves = ["0", "1", "-1", "0.1", "1e-300", "1e300", "1e1000000", "1e-1000000", "2^1000", "pi", "i", "3 + 4i",
                      "1/0", "ln(0)", "0x1p-1074", "123456789012345678901234567890", "2.5e-3i", "e"]
        func expression(_ depth: Int) -> String {
            let pick = Int(g.next() % 10)
            if depth == 0 || pick < 3 { return leaves[Int(g.next() % UInt64(leaves.count))] }
            let a = expression(depth - 1)
            switch pick {
            case 3, 4: return "\(unary[Int(g.next() % UInt64(unary.count))])(\(a))"
            case 5:
                let f = binary[Int(g.next() % UInt64(binary.count))]
                return f.hasSuffix(",") ? "\(f) \(a), \(expression(depth - 1)))" : "\(f)(\(a), \(expression(depth - 1)))"
            case 6: return "round(bf16, \(a))"
            default: return "(\(a)) \(["+", "-", "*", "/", "^"][Int(g.next() % 5)]) (\(expression(depth - 1)))"
            }
        }
        for _ in 0..<iterations {
            let text = expression(4)
            let digits = Int(g.next() % 80) + 1
            for mode in [EvaluationMode.direct, .eml] {
                do { _ = try EML.evaluate(text, digits: digits, mode: mode) } catch {
                    XCTAssertFalse(error.description.isEmpty, text)
                }
            }
        }
    }
}

/// The machine-integer reading of number literals against GMP's: equal wherever it answers, and it
/// answers for the short decimals of `eml bessel` lines.
final class MachineFractionTests: XCTestCase {
    func testMachineFractionIsRationalInLowestTerms() throws {
        var generator = SplitMix(seed: 47)
        var answered = 0
        for _ in 0..<3000 {
            let digits = String((0..<Int.random(in: 1...22, using: &generator)).map { _ in "0123456789".randomElement(using: &generator)! })
            let point = Int.random(in: 0...digits.count, using: &generator)
            var text = digits
            if point < digits.count { text.insert(".", at: text.index(text.startIndex, offsetBy: point)) }
            if text.first == "." { text = "0" + text }
            if Bool.random(using: &generator) { text += "e\(Int.random(in: -25...25, using: &generator))" }
            let literal = try XCTUnwrap(Lexer.numberLiteral(text), text)
            let exact = Rational(mantissa: literal.mantissa, radix: literal.radix, base: literal.base, exponent: literal.exponent)?.machineParts
            if let fraction = literal.machineFraction {
                answered += 1
                XCTAssertEqual(fraction.numerator, exact?.numerator, text)
                XCTAssertEqual(fraction.denominator, exact?.denominator, text)
            }
        }
        XCTAssertGreaterThan(answered, 1000)
        for (text, n, d) in [("2.37", 237, 100), ("0.50", 1, 2), ("15", 15, 1), ("0x1.8p3", 12, 1), ("0.5e-3", 1, 2000), ("0", 0, 1), ("1.00000000000000000000", 1, 1)] as [(String, UInt64, UInt64)] {
            let literal = try XCTUnwrap(Lexer.numberLiteral(text))
            let fraction = literal.machineFraction ?? Rational(mantissa: literal.mantissa, radix: literal.radix, base: literal.base, exponent: literal.exponent)?.machineParts
            XCTAssertEqual(fraction?.numerator, n, text)
            XCTAssertEqual(fraction?.denominator, d, text)
        }
    }
}

/// log I's decimal reading in integer arithmetic against the same certificate read as a ball: the same
/// text wherever the integer reading decides, at several precisions, and it decides nearly everywhere the
/// ball does.
final class FixedPointDecimalReadingTests: XCTestCase {
    func testIntegerReadingIsTheBallReading() {
        var rng = SplitMix(seed: 41)
        var compared = 0, decidedByBall = 0
        for _ in 0..<1500 {
            // Decimal orders and arguments over the certificate's range, from 1e-6 to 1e3.
            let scale = { (e: Int) -> UInt64 in (0..<e).reduce(1) { r, _ in r * 10 } }
            let v = (numerator: UInt64(rng.uniform(0, 5000).rounded()), denominator: scale(Int(rng.uniform(0, 3.99))))
            let x = (numerator: UInt64(rng.uniform(1, 100_000).rounded()), denominator: scale(Int(rng.uniform(0, 6.99))))
            for digits in [1, 3, 16, 30, 60] {
                guard let ball = LogBessel.logIBall(order: v, argument: x) else { continue }
                let byBall = Evaluator.certified(real: ball, digits: digits)?.text
                let byIntegers = LogBessel.logIDigits(order: v, argument: x, digits: digits)
                if byBall != nil { decidedByBall += 1 }
                if let byIntegers {
                    compared += 1
                    XCTAssertEqual(byIntegers, byBall, "v = \(v), x = \(x), \(digits) digits")
                } else {
                    XCTAssertNil(byBall, "v = \(v), x = \(x), \(digits) digits: the ball decides, the integers do not")
                }
            }
        }
        XCTAssertGreaterThan(compared, 1500)
        XCTAssertEqual(compared, decidedByBall)
    }

    /// The fixed-point reading (the lower end and its distance to the next rounding boundary) against the
    /// ball's (both ends by MPFR): the same digits wherever it decides, and it decides where the ball does
    /// but for intervals within 2^−40 of a unit of a boundary. Values at every scale, near decimal ties
    /// (k + ½)·10^−m within a few ulps, at all digit counts.
    func testDecimalReadingAgreesWithTheBallsReading() {
        var rng = SplitMix(seed: 71)
        var compared = 0, decidedByBall = 0, missed = 0
        for n in 0..<6000 {
            var x = FixedPoint.zero
            let digits = Int(rng.next() % 90) + 1
            if n % 2 == 0 {
                // Random limbs below a random top bit: values from 2^−250 to 2^62.
                for i in 0..<5 { x.limbs[i] = rng.next() }
                x = x.shiftedRight(by: Int(rng.next() % 310) + 2)
            } else {
                // Near a tie at the digit past the last: (k + ½)·10^(e − digits) ± a few ulps.
                let e = Int(rng.next() % 30) - 20
                let k = String(rng.next() % 9 + 1) + String((0..<(digits - 1)).map { _ in Character(String(rng.next() % 10)) })
                guard let tie = BigReal(literal: "\(k)5e\(e - digits)", precision: 800), tie.exponent <= 62 else { continue }
                x = FixedPoint(tie) + FixedPoint(rng.next() % 64, shiftedLeftBy: 0) - FixedPoint(32, shiftedLeftBy: 0)
            }
            if rng.next() % 4 == 0 { x = -x }
            let errorExponent = Int(rng.next() % 100)
            let fixed = x.decimalReading(errorExponent: errorExponent, digits: digits)
            let ball = Ball(x.bigReal, errorExponent: errorExponent - FixedPoint.fractionBits).reading(digits: digits)
            if let fixed {
                compared += 1
                XCTAssertEqual(ball, .digits(fixed), "\(x.bigReal) ± 2^\(errorExponent - 256) at \(digits) digits")
            }
            // Near the ties the margin refuses what the ball decides; elsewhere it must not.
            guard n % 2 == 0, case .digits = ball else { continue }
            decidedByBall += 1
            if fixed == nil { missed += 1 }
        }
        XCTAssertGreaterThan(compared, 1000)
        XCTAssertGreaterThan(decidedByBall, 500)
        XCTAssertEqual(missed, 0, "decided by the ball, not by the fixed-point reading")
    }

    /// Rounding at the edges: ties to even (exact values), 9.99… carrying into a new digit, negative values,
    /// and an interval that holds a tie, which no reading decides.
    func testRoundingEdges() {
        func fixed(_ value: Double) -> FixedPoint {
            // value exactly (a double is a short binary fraction).
            let m = abs(value)
            let bits = m.significandWidth, exponent = Int(m.exponent)
            let x = FixedPoint(UInt64(m.significandBitPattern | (1 << 52)) >> UInt64(52 - bits), shiftedLeftBy: 256 + exponent - bits)
            return value < 0 ? -x : x
        }
        func exact(_ value: Double, _ digits: Int) -> String? {
            var buffer = [UInt8](repeating: 0, count: digits + 40)
            let exponent = buffer.withUnsafeMutableBufferPointer { fixed(abs(value)).roundedDecimal(digits: digits, into: $0) }
            return exponent.map { String(decoding: buffer[..<digits], as: UTF8.self) + " e\($0.exponent)" }
        }
        XCTAssertEqual(exact(2.5, 1), "2 e0")        // ties to even
        XCTAssertEqual(exact(3.5, 1), "4 e0")
        XCTAssertEqual(exact(0.125, 2), "12 e-1")
        XCTAssertEqual(exact(0.375, 2), "38 e-1")
        XCTAssertEqual(exact(9.96875, 2), "10 e1")   // carries into a new leading digit
        XCTAssertEqual(exact(1234.5, 6), "123450 e3")
        XCTAssertEqual(exact(0x1p-200, 3), "622 e-61")
        XCTAssertNil(fixed(2.5).decimalReading(errorExponent: 0, digits: 1))  // 2.5 ± 2^−256 holds the tie
        XCTAssertEqual(fixed(2.3).decimalReading(errorExponent: 0, digits: 2), "2.3")
        XCTAssertEqual(fixed(-0.3125).decimalReading(errorExponent: 0, digits: 2), "-3.1e-1")
        XCTAssertEqual(fixed(9.96875).decimalReading(errorExponent: 10, digits: 2), "1.0e1")
        XCTAssertEqual(fixed(1).decimalReading(errorExponent: 100, digits: 3), "1.00")
        XCTAssertNil(fixed(1).decimalReading(errorExponent: 250, digits: 3))  // past the bound's range
        XCTAssertNil(FixedPoint.zero.decimalReading(errorExponent: 0, digits: 3))  // an interval around 0
    }
}
