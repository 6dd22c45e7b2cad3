import EMLKit
import XCTest

/// The reference toolkit's numeric suites (EML paper, VA00/SymbolicRegressionPackage), reproduced in
/// eml mode at 212 bits (64 digits): zero non-finite in-domain points, and every point equal to
/// direct mode to all 64 certified digits.
final class ReferenceSuiteTests: XCTestCase {
    /// (name, expression in x, min, max, step) as num/den rationals: (minNum, maxNum, stepNum, den).
    static let unaryGrids: [(String, String, Int, Int, Int, Int)] = [
        ("Half", "x/2", -32, 32, 1, 8), ("Minus", "-x", -32, 32, 1, 8), ("Exp", "exp(x)", -32, 32, 1, 8),
        ("Sqr", "x^2", -32, 32, 1, 8), ("Cosh", "cosh(x)", -32, 32, 1, 8), ("Sinh", "sinh(x)", -32, 32, 1, 8),
        ("Tanh", "tanh(x)", -32, 32, 1, 8),
        ("Log", "ln(x)", 1, 64, 1, 8), ("Inv", "1/x", 1, 64, 1, 8),
        ("Sqrt", "sqrt(x)", 0, 64, 1, 8),
        ("Cos", "cos(x)", -160, 160, 1, 8), ("Sin", "sin(x)", -160, 160, 1, 8),
        ("Tan", "tan(x)", -40, 40, 1, 32),
        ("ArcSinh", "arcsinh(x)", -64, 64, 1, 8), ("ArcTan", "arctan(x)", -64, 64, 1, 8),
        ("LogisticSigmoid", "1/(1 + exp(-x))", -64, 64, 1, 8), ("Identity", "x", -64, 64, 1, 8),
        ("ArcTanh", "arctanh(x)", -95, 95, 1, 100),
        ("ArcSin", "arcsin(x)", -100, 100, 1, 100), ("ArcCos", "arccos(x)", -100, 100, 1, 100),
        ("ArcCosh", "arccosh(x)", 8, 72, 1, 8),
    ]

    /// (name, expression in x and y, in-domain rule on (x, y) as num/2).
    nonisolated(unsafe) static let binaryGrids: [(String, String, (Int, Int) -> Bool)] = [
        ("Plus", "x + y", { _, _ in true }),
        ("Times", "x*y", { _, _ in true }),
        ("Subtract", "x - y", { _, _ in true }),
        ("Divide", "x/y", { _, y in y != 0 }),
        ("Power", "x^y", { x, y in x > 0 || (x == 0 && y > 0) || (x < 0 && y % 2 == 0) }),
        ("Log", "log(x, y)", { x, y in x > 0 && y > 0 && x != 2 }),
        ("Avg", "(x + y)/2", { _, _ in true }),
        ("Hypot", "hypot(x, y)", { _, _ in true }),
    ]

    static let digits = Precision.digits(forBits: 212)

    func testDigitsAt212Bits() { XCTAssertEqual(Self.digits, 64) }

    /// Evaluates `e` at `bindings` in both modes; counts a non-finite eml value and records any difference.
    func compare(_ e: MathExpression, _ bindings: [String: String], label: String, nonFinite: inout Int, disagreements: inout [String]) {
        let viaTree = evaluate(e, bindings, digits: Self.digits, mode: .eml)
        let direct = evaluate(e, bindings, digits: Self.digits, mode: .direct)
        switch (viaTree, direct) {
        case (.success(let a), .success(let b)):
            if !isFinite(a.text) { nonFinite += 1 }
            if a.text != b.text { disagreements.append("\(label): eml \(a.text) direct \(b.text)") }
        case (.failure(let error), _):
            nonFinite += 1
            disagreements.append("\(label): \(error)")
        case (_, .failure(let error)):
            disagreements.append("\(label): direct failed: \(error)")
        }
    }

    func testUnaryGrids() {
        var points = 0, nonFinite = 0, disagreements: [String] = []
        for (name, text, lo, hi, step, den) in Self.unaryGrids {
            let e = parse(text)
            for num in stride(from: lo, through: hi, by: step) {
                points += 1
                let x = gridLiteral(num, den)
                compare(e, ["x": x], label: "\(name)(\(x))", nonFinite: &nonFinite, disagreements: &disagreements)
            }
        }
        XCTAssertEqual(points, 2545)
        XCTAssertEqual(nonFinite, 0)
        XCTAssertEqual(disagreements.count, 0, disagreements.prefix(20).joined(separator: "\n"))
    }

    func testBinaryGrids() {
        var inDomain = 0, nonFinite = 0, disagreements: [String] = []
        for (name, text, rule) in Self.binaryGrids {
            let e = parse(text)
            for xn in -16...16 {
                for yn in -16...16 where rule(xn, yn) {
                    inDomain += 1
                    let bindings = ["x": gridLiteral(xn, 2), "y": gridLiteral(yn, 2)]
                    compare(e, bindings, label: "\(name)(\(xn)/2, \(yn)/2)", nonFinite: &nonFinite, disagreements: &disagreements)
                }
            }
        }
        XCTAssertGreaterThan(inDomain, 7000)
        XCTAssertEqual(nonFinite, 0)
        XCTAssertEqual(disagreements.count, 0, disagreements.prefix(20).joined(separator: "\n"))
    }
}
