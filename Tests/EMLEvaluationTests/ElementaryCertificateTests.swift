@testable import EMLEvaluation
import EMLKit
import EMLSyntax
import NumericKernels
import XCTest

/// The fixed-point certificates of f(literal) print what the balls print, digit for digit, wherever they
/// decide; and they decide nearly everywhere they are meant to.
final class ElementaryCertificateTests: XCTestCase {
    /// The general way: balls, raised in precision until decided.
    func throughBalls(_ e: MathExpression, digits: Int) throws -> String {
        try Evaluator.certify(digits: digits) { p throws(EvaluationError) in try Evaluator.balls(e, p, [:]) }.text
    }

    func testAgreesWithBallsAtSeveralPrecisions() throws {
        var rng = SplitMix(seed: 61)
        var literals: [String] = []
        for _ in 0..<60 {
            literals.append("\(rng.next() % 1_000_000)e-4")                 // 0…100, four decimals
            literals.append("\(rng.next() % 30).\(rng.next() % 10_000_000)")             // seven decimals
            literals.append("-\(rng.next() % 40_000)e-3")                   // −40…0
        }
        // Near the zeros of sin and cos, where r loses leading bits; a large argument; literals past 63 bits.
        literals += ["3.14159265358979", "1.5707963267949", "-6.2831853", "710", "1048575.5", "1048577",
                     "0.1", "1", "0", "-0", "2", "41.99", "-39.5", "1e-5", "123456789012345678901234567890", "1e-30"]
        var decided = 0, tried = 0
        for digits in [1, 7, 20, 40, 64, 70] {
            for literal in literals {
                for f in ["sin", "cos", "tan", "exp", "ln", "sinh", "cosh", "log2", "log10", "sqrt"] {
                    let text = "\(f)(\(literal))"
                    let e = try EML.parse(text)
                    let general = try? throughBalls(e, digits: digits)
                    guard let fast = ElementaryCertificate.certified(e, digits: digits) else { continue }
                    XCTAssertEqual(fast.text, general, "\(text) at \(digits) digits")
                    if digits >= 20, let printed = Double(fast.text), let midpoint = fast.real?.doubleValue {
                        XCTAssertEqual(midpoint, printed, accuracy: 1e-15 * abs(printed), text)  // the midpoint behind the digits
                    }
                    if digits == 64 { decided += 1 }
                }
                if digits == 64 { tried += 10 }
            }
        }
        // Out of 10 × 196 at 64 digits: logs of negatives, exp, sinh, cosh beyond ±25, literals past 63 bits,
        // and values near 0 go the general way, about a third.
        XCTAssertGreaterThan(decided, tried / 2)
    }

    /// The hard places, against the balls at 64 and 70 digits: 18-digit decimals of kπ/2 (sin and cos
    /// near 0 and ±1, r at the reduction's edges), of m·log 2 ± ½ log 2 (exp at its reduction's edges),
    /// near 1 (ln near 0), at the range limits (|x| = 2^20, x = 42, −40), and random 18-digit literals.
    func testAgreesWithBallsWhereTheReductionsAreHardest() throws {
        var rng = SplitMix(seed: 67)
        var literals: [String] = []
        for k in [1, 2, 3, 4, 5, 7, 100, 1001, 355, 65_536, 667_544] {
            for quarter in [0.0, 0.5] {
                // kπ/2 (+ π/4) to 18 significant digits, and a neighbour.
                let text = plain(try EML.evaluate("\(k)*pi/2 + \(quarter)*pi/2", digits: 18).text)
                literals += [text, text.dropLast() + String((Int(String(text.last!))! + 1) % 10)]
            }
        }
        for m in -57...60 {
            literals.append(plain(try EML.evaluate("\(m)*ln(2) + ln(2)/2", digits: 18).text))
        }
        literals += ["1.00000000000000001", "0.99999999999999999", "1048576", "-1048576", "1048575.99999999999",
                     "42", "41.9999999999999999", "-40", "-39.9999999999999999", "0.785398163397448310"]
        for _ in 0..<300 { literals.append("\(rng.next() % 1_000_000_000).\(rng.next() % 1_000_000_000)") }
        var decided = 0
        for digits in [64, 70] {
            for literal in literals {
                guard let l = Lexer.numberLiteral(literal.hasPrefix("-") ? String(literal.dropFirst()) : literal),
                      l.machineFraction != nil else { return XCTFail(literal) }
                for f in ["sin", "cos", "tan", "exp", "sinh", "cosh", "ln", "log2", "log10", "sqrt"] {
                    let e = try EML.parse("\(f)(\(literal))")
                    guard let fast = ElementaryCertificate.certified(e, digits: digits) else { continue }
                    decided += 1
                    XCTAssertEqual(fast.text, try throughBalls(e, digits: digits), "\(f)(\(literal)) at \(digits) digits")
                }
            }
        }
        XCTAssertGreaterThan(decided, 3000)
    }

    /// `d.ddd…e±X` (the engine's output) as a plain decimal, `-0.000ddd` or `ddd.ddd`.
    func plain(_ text: String) -> String {
        let negative = text.hasPrefix("-")
        let parts = text.dropFirst(negative ? 1 : 0).split(separator: "e")
        let exponent = parts.count > 1 ? Int(parts[1])! : 0
        let digits = Array(parts[0].replacingOccurrences(of: ".", with: ""))
        let point = exponent + 1  // digits before the point
        let body = point <= 0 ? "0." + String(repeating: "0", count: -point) + String(digits)
            : point >= digits.count ? String(digits) + String(repeating: "0", count: point - digits.count)
            : String(digits[..<point]) + "." + String(digits[point...])
        return (negative ? "-" : "") + body
    }

    /// What the certificates leave to the balls: a value at 0, a complex logarithm, a literal past 63 bits.
    func testLeavesToTheGeneralWay() throws {
        for text in ["sin(0)", "ln(1)", "ln(-2)", "ln(0)", "sin(123456789012345678901234567890)", "exp(50)", "sin(2^3)", "sinh(0)",
                     "log10(1)", "cosh(41)", "tan(1.5707963267948966)", "asin(0.5)", "sqrt(-2)", "sqrt(0)"] {
            XCTAssertNil(ElementaryCertificate.certified(try EML.parse(text), digits: 30), text)
        }
        XCTAssertNil(ElementaryCertificate.certified(try EML.parse("sin(2)"), digits: 71))
        XCTAssertEqual(try EML.evaluate("ln(-2)", digits: 10).text, "6.931471806e-1 + 3.141592654i")
        XCTAssertEqual(try EML.evaluate("sin(0)", digits: 10).text, "0")
    }
}
