import ArgumentParser
import EMLSyntax
import NumericKernels
import TestSupport
import XCTest
@testable import eml

/// The plain reading of `eml eval` and `eml bessel` arguments against ArgumentParser's: the same command
/// for every form it takes, and nil (ArgumentParser's turn) for every form it must not.
final class PlainInvocationTests: XCTestCase {
    func testEvalFormsParseAsArgumentParserDoes() throws {
        let forms: [[String]] = [
            [], ["--digits", "64"], ["--prec", "212"], ["--mode", "eml", "--digits", "40"], ["--json"],
            ["--threads", "1"], ["sin(1)", "--digits", "20", "cos(2)"], ["--threads", "2", "--json", "x = 2", "x^2"],
        ]
        for form in forms {
            let plain = try XCTUnwrap(PlainInvocation.job(["eval"] + form), "\(form)")
            let parsed = try (Eval.parseAsRoot(form) as! Eval).job()
            XCTAssertEqual(plain, .eval(parsed), "\(form)")
        }
        XCTAssertEqual(PlainInvocation.job(["eval", "--prec", "212", "--json", "1/3"]),
                       .eval(EvalJob(digits: 64, mode: .direct, json: true, threads: ParallelMap.availableCores, expressions: ["1/3"])))
    }

    func testReplFormsParseAsArgumentParserDoes() throws {
        for form: [String] in [[], ["--digits", "64"], ["--prec", "100", "--mode", "eml"]] {
            let plain = try XCTUnwrap(form.isEmpty ? PlainInvocation.job([]) : PlainInvocation.job(["repl"] + form), "\(form)")
            let parsed = try (Repl.parseAsRoot(form) as! Repl).job()
            XCTAssertEqual(plain, .repl(parsed), "\(form)")
        }
        XCTAssertEqual(PlainInvocation.job([]), .repl(ReplJob(digits: 30, mode: .direct)))
    }

    func testBesselFormsParseAsArgumentParserDoes() throws {
        let forms: [[String]] = [
            ["logi"], ["logk", "--digits", "60"], ["i", "0.5", "2"], ["k", "--double"], ["logi", "--double", "--binary", "--threads", "1"],
            ["logk", "2.5", "--digits", "40", "1e-300"],
        ]
        for form in forms {
            let plain = try XCTUnwrap(PlainInvocation.job(["bessel"] + form), "\(form)")
            let parsed = (try BesselCommand.parseAsRoot(form) as! BesselCommand).job
            XCTAssertEqual(plain, .bessel(parsed), "\(form)")
        }
        XCTAssertEqual(PlainInvocation.job(["bessel", "logk", "2.5", "--digits", "40", "1e-300"]),
                       .bessel(BesselJob(kind: .logK, values: ["2.5", "1e-300"], double: false, digits: 40,
                                         threads: ParallelMap.availableCores, binary: false)))
    }

    /// Help, other spellings, unknown or repeated options, bad values and other commands are left to
    /// ArgumentParser, whose messages name them.
    func testOtherFormsAreLeftToArgumentParser() {
        let forms: [[String]] = [
            ["eval", "--help"], ["eval", "-h"], ["eval", "--digits=64"], ["eval", "--digits", "x"], ["eval", "--digits", "0"],
            ["eval", "--digits", "1", "--digits", "2"], ["eval", "--mode", "fast"], ["eval", "--threads", "0"], ["eval", "--digits"],
            ["eval", "-2^2"], ["eval", "--", "1"], ["eval", "--mode", "eml", "--digits", "20000"], ["eval", "--verbose"],
            ["bessel"], ["bessel", "logj"], ["bessel", "logi", "-1", "2"], ["bessel", "logi", "--binary"], ["bessel", "logi", "1"],
            ["bessel", "logi", "--digits", "0"], ["compile", "x"], ["repl", "x"], ["repl", "--json"], ["--help"], ["--digits", "64"],
        ]
        for form in forms { XCTAssertNil(PlainInvocation.job(form), "\(form)") }
    }
}

/// `eml bessel`'s reading of a decimal operand as p/q: the byte reader agrees with the language's literal.
final class DecimalFractionTests: XCTestCase {
    func testPlainDecimalsMatchTheLiteralReading() throws {
        var rng = SplitMix(seed: 43)
        var texts = ["0", "0.0", "2.", ".5", "2.50", "10", "0.001", "123456789012345678", "1234567890.12345678", "007.250"]
        for _ in 0..<2000 {
            let whole = String(UInt64.random(in: 0...999_999, using: &rng))
            let fraction = String(UInt64.random(in: 0...9_999_999, using: &rng))
            texts.append(Bool.random(using: &rng) ? whole : whole + "." + fraction)
        }
        for text in texts {
            let literal = try XCTUnwrap(Lexer.numberLiteral(text)?.machineFraction, text)
            let plain = try XCTUnwrap(NumberLiteral.plainDecimal(text.utf8), text)
            XCTAssertTrue(plain == literal, "\(text): \(plain) against \(literal)")
        }
        XCTAssertTrue(DecimalFraction.parse("2.37".utf8)! == (237, 100))
        XCTAssertTrue(DecimalFraction.parse("0.5e-3".utf8)! == (1, 2000))  // not plain: the literal's way
        for text in ["", ".", "1.2.3", "-1", "1e5", "0x10", "1234567890123456789", "1 2"] {
            XCTAssertNil(NumberLiteral.plainDecimal(text.utf8), text)
        }
    }
}

/// The REPL's line editor, opened by name at run time.
final class LineEditorTests: XCTestCase {
    /// A libedit that cannot be opened is reported with the loader's reason, naming the library.
    func testMissingLineEditorSaysWhy() {
        guard case .failure(let error) = LineEditor.open(["libeml-no-such-editor.so.9"]) else { return XCTFail("opened a missing library") }
        XCTAssertTrue(error.message.contains("libeml-no-such-editor.so.9"), error.message)
        guard case .success = LineEditor.open(["libeml-no-such-editor.so.9", "libedit.so.2"]) else { return XCTFail("libedit.so.2 did not open") }
    }
}
