import EMLSyntax
import XCTest

/// The byte reading of `f(number)` lines gives what the parser gives, and nothing for any other line.
final class ElementaryCallTests: XCTestCase {
    func testAgreesWithTheParser() throws {
        var lines = ["sin(71.0018)", "cos(-2)", "exp(.5)", "ln(5.)", "sqrt(007.250)", "tan(-0)", "atanh(0.99999999999999999)",
                     "log2(1)", "cbrt(123456789012345678)"]
        for n in 0..<300 { lines.append("\(["sin", "cos", "exp", "ln", "asinh"][n % 5])(\(n % 3 == 0 ? "-" : "")\(n * 7919 % 100_003).\(n))") }
        for line in lines {
            let call = try XCTUnwrap(Parser.elementaryCall(line), line)
            guard case .expression(let e) = try Parser.parseStatement(line, scope: Scope()),
                  case .call(let function, let arguments) = e.kind, arguments.count == 1 else { return XCTFail(line) }
            var argument = arguments[0], negative = false
            if case .negate(let x) = argument.kind { argument = x; negative = true }
            guard case .number(let literal) = argument.kind, let (n, d) = literal.machineFraction else { return XCTFail(line) }
            XCTAssertEqual(call.function, function, line)
            XCTAssertEqual(call.negative, negative, line)
            XCTAssertTrue((call.numerator, call.denominator) == (n, d), "\(line): \(call) against \(n)/\(d)")
        }
    }

    /// Everything else is the parser's: spaces, signs it reads otherwise, exponents, long literals, two
    /// arguments, aliases and Wolfram spellings, unknown names, trailing text.
    func testLeavesEverythingElseToTheParser() {
        for line in ["sin (1)", "sin( 1)", "sin(1) ", "sin(+1)", "sin(--1)", "sin(1e5)", "sin(0x10)", "sin(1234567890123456789)",
                     "log(2)", "atan2(1)", "arcsin(0.5)", "Sin[1]", "SIN(1)", "foo(1)", "sin(x)", "sin(1)+1", "sin(1)(2)",
                     "sin()", "sin(.)", "(1)", "sin(1", "sin1)", "hypot(3)", "sin(1)\r", "verylongname(1)"] {
            XCTAssertNil(Parser.elementaryCall(line), line)
        }
    }
}
