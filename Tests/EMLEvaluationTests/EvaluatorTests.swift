import Dispatch
@testable import EMLKit
@testable import EMLEvaluation
import NumericKernels
import XCTest

final class EvaluatorTests: XCTestCase {
    func value(_ text: String, digits: Int = 30, mode: EvaluationMode = .direct) throws -> String {
        try EML.evaluate(text, digits: digits, mode: mode).text
    }

    /// Cancellation costs more than depth: each case loses 50–70 bits at the first working precision.
    /// Expected digits from mpmath at 200 digits (log1p for the first).
    func testCancellationCasesInBothModes() throws {
        let cases: [(String, String, String)] = [
            ("ln(1 + 1e-20)", "9.99999999999999999995000000000e-21",
             "9.999999999999999999950000000000000000000333333333333333333330833e-21"),
            ("sin(1e-20)", "1.00000000000000000000000000000e-20",
             "9.999999999999999999999999999999999999999833333333333333333333333e-21"),
            ("arcsin(1)", "1.57079632679489661923132169164",
             "1.570796326794896619231321691639751442098584699687552910487472296"),
            ("sin(3.14159265358979)", "3.23846264338327950288419716939e-15",
             "3.238462643383279502884197169393714467270176474159265095500071914e-15"),
        ]
        for mode in EvaluationMode.allCases {
            for (text, at30, at64) in cases {
                XCTAssertEqual(try value(text, digits: 30, mode: mode), at30, "\(text) \(mode)")
                XCTAssertEqual(try value(text, digits: 64, mode: mode), at64, "\(text) \(mode)")
            }
        }
    }

    /// The branch convention is principal at every precision, however π rounds (it rounds up at
    /// 144 of the 247 precisions from 53 to 299 bits).
    func testPrincipalBranchesAtEveryPrecision() throws {
        for digits in stride(from: 10, through: 90, by: 1) {
            let i = try value("i", digits: digits, mode: .eml)
            XCTAssertTrue(i.hasPrefix("0 + 1.000"), "i at \(digits) digits: \(i)")
            let ln = try value("ln(-2)", digits: digits, mode: .eml)
            XCTAssertTrue(ln.hasPrefix("6.93147180") && ln.hasSuffix("i") && ln.contains(" + 3.14159"), "ln(-2) at \(digits): \(ln)")
        }
        XCTAssertEqual(try value("(-8)^(1/3)", digits: 20, mode: .eml), "1.0000000000000000000 + 1.7320508075688772935i")
        XCTAssertEqual(try value("(-8)^(1/3)", digits: 20, mode: .direct), "1.0000000000000000000 + 1.7320508075688772935i")
        XCTAssertEqual(try value("sqrt(-4)", digits: 5, mode: .eml), "0 + 2.0000i")
    }

    func testOutputFormat() throws {
        XCTAssertEqual(try value("0.1", digits: 5), "1.0000e-1")
        XCTAssertEqual(try value("-2^2", digits: 3), "-4.00")
        XCTAssertEqual(try value("2^3^2", digits: 3), "5.12e2")
        XCTAssertEqual(try value("1 - i", digits: 3), "1.00 - 1.00i")
        XCTAssertEqual(try value("1/0"), "inf")
        XCTAssertEqual(try value("ln(0)"), "-inf")
        XCTAssertEqual(try value("1 - 1"), "0")
        XCTAssertEqual(try value("0x1.8p3", digits: 2), "1.2e1")
        XCTAssertEqual(try value("exp(-1000)", digits: 6), "5.07596e-435")
        XCTAssertEqual(try value("10^10^10", digits: 3), "1.00e10000000000")
    }

    /// Literals are exact rationals: 0.1 is 1/10 at every precision, not the double nearest to it.
    func testLiteralsAreExact() throws {
        XCTAssertEqual(try value("0.1*3 - 0.3"), "0")
        XCTAssertEqual(try value("0.1", digits: 40), "1.000000000000000000000000000000000000000e-1")
        XCTAssertEqual(try value("0.1*3 - 0.3", mode: .eml), "0")
    }

    func testImaginaryNoiseOfRealResultsIsNotPrinted() throws {
        XCTAssertEqual(try value("cos(2)", digits: 15, mode: .eml), "-4.16146836547142e-1")
        XCTAssertEqual(try value("(-2)^2", digits: 5, mode: .eml), "4.0000")
    }

    func testOverflowAndNaNAreReportedWithTheirOperation() {
        XCTAssertThrowsError(try value("10^10^10^10")) { error in
            XCTAssertEqual((error as? EMLError)?.description, "overflow in '^': the result exceeds MPFR's exponent range")
            XCTAssertEqual((error as? EMLError)?.position, 2)
        }
        XCTAssertThrowsError(try value("0/0")) { error in
            XCTAssertEqual((error as? EMLError)?.description, "'/' is undefined here (the result is NaN)")
        }
        XCTAssertThrowsError(try value("exp(1e20) - 1", mode: .eml)) { error in
            XCTAssertTrue("\(error)".contains("overflow"), "\(error)")
        }
        XCTAssertThrowsError(try value("log(1, 5)"))
        XCTAssertThrowsError(try value("1", digits: 0))
        XCTAssertThrowsError(try value("1", digits: 100_001))
    }

    /// Arguments too large to reduce modulo 2π are reported, not sent to GMP (which aborts).
    func testHugeArgumentsOfPeriodicFunctionsAreRefused() {
        for text in ["sin(10^10^10)", "cos(-10^10^10)", "exp(i*10^10^10)", "tan(10^10^7)"] {
            XCTAssertThrowsError(try value(text)) { XCTAssertTrue("\($0)".contains("bits of π"), "\(text): \($0)") }
        }
        XCTAssertThrowsError(try value("(-2)^(10^10^10 + 0.5)"))  // overflow: |result| = 2^(10^10^10)
        // Found by fuzzing: eml mode builds a huge imaginary part inside the tree.
        XCTAssertThrowsError(try EML.evaluate(EML.parse("-hypot(((2^2)^(pi * e)), exp((1e20^0.75)))"), digits: 30, mode: .eml))
        // Found by fuzzing: a complex power with an exponent of magnitude 2^(−7·10^15).
        XCTAssertNoThrow(try value("(sqrt(((i^0.75) / log(0x1.8p3, pi)))^(atan2(asin(-1), hypot(1, 0.5))^((1e20 - 1e-20)^asin(0.75))))", digits: 10))
        XCTAssertEqual(try value("sin(10^100)", digits: 10), "-3.723761237e-1")  // mpmath at 130 digits
    }

    /// sin z = (e^{iz} − e^{−iz})/(2i) needs |Im e^{−iz}| < π. The lowering knows the value of a constant z,
    /// and of a variable's binding at evaluation time, and divides e^{−iz} out (a − b = b·(a/b − 1)): eml
    /// mode prints direct mode's digits. A tree built without those values (`eml compile`) keeps the strip's
    /// construction, and a point outside is named: the subtraction's column and its subtrahend's value.
    func testConstructionOutsideItsStripIsReported() throws {
        XCTAssertEqual(try value("sin(3*i + 1)", digits: 20, mode: .eml), try value("sin(3*i + 1)", digits: 20, mode: .direct))
        let x = try EML.parse("3*i + 1"), sine = try EML.parse("sin(x)", freeVariables: true)
        XCTAssertEqual(try EML.evaluate(sine, digits: 20, mode: .eml, inputs: ["x": x]).text, try value("sin(3*i + 1)", digits: 20, mode: .direct))
        let tree = try EML.compile(sine)
        XCTAssertFalse(tree.strips.isEmpty)
        let point = BigComplex(real: BigReal(1, precision: 64), imaginary: BigReal(3, precision: 64), precision: 64)
        XCTAssertEqual(EMLCrossCheck.stripViolation(tree, [point]),
                       "the subtraction at column 1 needs its subtrahend's imaginary part in [−π, π); it is -16.9014 here")
        XCTAssertNil(EMLCrossCheck.stripViolation(tree, [BigComplex(BigReal(1, precision: 64), precision: 64)]))
    }

    /// The issue's examples, and a sample of complex points with parts up to ±50 through every catalog
    /// function, as constants and as a variable's binding: eml mode prints direct mode's digits (abs is |z|
    /// only on the reals, and refuses).
    func testEmlModeOverTheComplexPlane() throws {
        for text in ["3 + 4*i", "sin(2 + 3*i)", "(3 + 4*i)^(1/2)", "ln(-5 + 12*i)", "exp(10*i)", "atan(2 + i)", "cosh(1 + 7*i)"] {
            XCTAssertEqual(try value(text, digits: 30, mode: .eml), try value(text, digits: 30, mode: .direct), text)
        }
        var rng = SplitMix(seed: 50)
        let functions = ["exp", "ln", "log2", "log10", "sqrt", "cbrt", "sin", "cos", "tan", "sec", "csc", "cot",
                         "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh"]
        var failures: [String] = []
        for f in functions {
            for _ in 0..<3 {
                let (a, b) = (Double(Int(rng.next() % 10001) - 5000) / 100, Double(Int(rng.next() % 10001) - 5000) / 100)
                let text = "\(f)(\(a) \(b < 0 ? "-" : "+") \(abs(b))*i)"
                let direct = try value(text, digits: 20, mode: .direct)
                do {
                    let viaTree = try value(text, digits: 20, mode: .eml)
                    if viaTree != direct { failures.append("\(text): eml \(viaTree), direct \(direct)") }
                    // The same point as a variable's binding: its value reaches the lowering at evaluation time.
                    let bound = try EML.evaluate(EML.parse("\(f)(x)", freeVariables: true), digits: 20, mode: .eml,
                                                 inputs: ["x": EML.parse(String(text.dropFirst(f.count)))]).text
                    if bound != direct { failures.append("\(f)(x), x = \(text.dropFirst(f.count)): eml \(bound), direct \(direct)") }
                } catch { failures.append("\(text): \(error)") }
            }
        }
        XCTAssertEqual(failures, [])
        XCTAssertThrowsError(try value("abs(3 + 4*i)", digits: 20, mode: .eml))
    }

    func testExactZeroAndNoiseZero() throws {
        // sin(π) = 0 exactly, but no ball says so: printed as 0 with its bound at the precision cap.
        let sinPi = try EML.evaluate("sin(pi)", digits: 30)
        XCTAssertTrue(sinPi.text.hasPrefix("0 (|x| < 2^-"), sinPi.text)
        XCTAssertLessThan(try XCTUnwrap(sinPi.zeroBound), -4000)
        let exact = try EML.evaluate("sin(0)", digits: 30)
        XCTAssertEqual(exact.text, "0")
        XCTAssertNil(exact.zeroBound)
    }

    func testSafeFromSeveralThreads() {
        let inputs = (1...16).map { "sin(\($0)) + ln(\($0))*i" }
        let expected = inputs.map { try? value($0, digits: 25, mode: .eml) }
        nonisolated(unsafe) var results = [String?](repeating: nil, count: inputs.count)
        DispatchQueue.concurrentPerform(iterations: inputs.count) { k in
            results[k] = try? EML.evaluate(inputs[k], digits: 25, mode: .eml).text
        }
        XCTAssertEqual(results, expected)
        XCTAssertFalse(expected.contains(nil))
    }

    func testFloatFormatFunctions() throws {
        XCTAssertEqual(try value("round(bf16, 257)", digits: 3), "2.56e2")
        XCTAssertEqual(try value("ulp(fp16, 1000)", digits: 1), "5e-1")
        XCTAssertEqual(try value("round(float16, 65519)", digits: 5), "6.5504e4")
        XCTAssertEqual(try value("round(fp16, 65520)"), "inf")
        XCTAssertEqual(try value("next(fp16, 1)", digits: 11), "1.0009765625")
        XCTAssertEqual(try value("prev(bf16, 256)", digits: 3), "2.55e2")
        XCTAssertEqual(try value("ulps(bf16, 256, 260)", digits: 1), "2")
        // Rounded once from the exact value: 1/3 is not first rounded to a double.
        XCTAssertEqual(try value("round(bf16, 1/3)", digits: 9), "3.33984375e-1")
        XCTAssertThrowsError(try value("round(bf17, 1)")) { error in
            XCTAssertEqual((error as? EMLError)?.position, 6)
            XCTAssertTrue("\(error)".contains("did you mean bf16?"), "\(error)")
        }
        XCTAssertThrowsError(try value("round(bf16, i)"))
        XCTAssertThrowsError(try value("round(bf16, 2)", mode: .eml)) { XCTAssertTrue("\($0)".contains("no EML form"), "\($0)") }
    }

    func testBesselFunctions() throws {
        // K_{1/2}(x) = √(π/(2x)) e^(−x), I_{1/2}(x) = √(2/(πx)) sinh x: closed forms to every digit.
        XCTAssertEqual(try value("besselk(0.5, 1)", digits: 40), try value("sqrt(pi/2)*exp(-1)", digits: 40))
        XCTAssertEqual(try value("besseli(0.5, 3)", digits: 40), try value("sqrt(2/(3*pi))*sinh(3)", digits: 40))
        XCTAssertEqual(try value("logbesseli(0, 1e-300)"), "2.50000000000000000000000000000e-601")
        XCTAssertEqual(try value("logbesselk(1, 2)"), "-1.96707130256051389147686464266")
        XCTAssertEqual(try value("BesselK[1, 2]", digits: 10), try value("exp(logbesselk(1, 2))", digits: 10))
        XCTAssertThrowsError(try value("logbesseli(-1.5, 0.1)")) { XCTAssertTrue("\($0)".contains("no real value"), "\($0)") }
        XCTAssertThrowsError(try value("logbesselk(1, i)"))
        XCTAssertThrowsError(try value("logbesselk(1, 2)", mode: .eml)) { XCTAssertTrue("\($0)".contains("outside the EML catalog"), "\($0)") }
    }

    /// A batch gives line for line what running the lines one by one gives, and leaves the same `ans`:
    /// failures (syntax, domain) in a run of plain lines, assignments and `ans` lines between them.
    func testSessionBatchMatchesLineByLine() throws {
        let lines = ["sin(1)", "1/0", "ln(-2)", "sqrt(", "x = 3", "x^2", "ans + 1", "asin(2)", "f(t) = t*x", "f(2)",
                     "exp(1000)", "cos(x)", "nonsense(1)", "0.1*3 - 0.3", "ans"] + (1...40).map { "atan(\($0)/7)" } + ["ans*2"]
            // Lines read from their bytes and certified in fixed point, one without a tree last before `ans`.
            + ["sin(71.0018)", "ln(0.25)", "sin(0)", "ln(-2)", "exp(-2.5)", "cos(2)", "ans*2", "sin(1e400)", "exp(45)"]
        func text(_ r: Result<Session.Outcome, EMLError>) -> String {
            switch r {
            case .success(.value(let v, let name)): return "\(name ?? "-") \(v.text)"
            case .success(.defined(let f)): return "defined \(f.name)"
            case .failure(let e): return "error \(e.description)"
            }
        }
        for threads in [1, 2, 4] {
            var one = Session(), batch = Session()
            one.digits = 40
            batch.digits = 40
            let expected = lines.map { line in text(Result { () throws(EMLError) -> Session.Outcome in try one.run(line) }) }
            XCTAssertEqual(batch.run(batch: lines, threads: threads).map(text), expected)
            // Both sessions end with the same ans.
            XCTAssertEqual(text(Result { () throws(EMLError) -> Session.Outcome in try batch.run("ans") }),
                           text(Result { () throws(EMLError) -> Session.Outcome in try one.run("ans") }))
        }
        XCTAssertTrue(Session.isPlainExpression("sin(x) + 1"))
        XCTAssertFalse(Session.isPlainExpression("ans + 1"))
        XCTAssertFalse(Session.isPlainExpression("y = 2"))
    }

    func testSessionVariablesFunctionsAndAns() throws {
        var session = Session()
        session.digits = 10
        guard case .value(let x, "x") = try session.run("x = 2.5") else { return XCTFail() }
        XCTAssertEqual(x.text, "2.500000000")
        guard case .defined = try session.run("f(t) = t^2 + 1") else { return XCTFail() }
        guard case .value(let fx, nil) = try session.run("f(x)") else { return XCTFail() }
        XCTAssertEqual(fx.text, "7.250000000")
        guard case .value(let a, nil) = try session.run("ans * 2") else { return XCTFail() }
        XCTAssertEqual(a.text, "1.450000000e1")
        session.mode = .eml
        guard case .value(let viaTree, nil) = try session.run("f(x) + ans") else { return XCTFail() }
        XCTAssertEqual(viaTree.text, "2.175000000e1")
        XCTAssertThrowsError(try session.run("sin = 3"))
        XCTAssertThrowsError(try session.run("f(1, 2)"))
    }
}
