import EMLKit
import TestSupport
import XCTest

/// Every EML construction against its MPFR/MPC primitive, at two precisions (as MPFR's tgeneric does):
/// random real and complex points, both sides of every branch cut, and the special points 0, ±1, ±i.
final class CatalogTests: XCTestCase {
    static let unary: [String] = [
        "exp", "ln", "log2", "log10", "sqrt", "cbrt", "sin", "cos", "tan", "sec", "csc", "cot",
        "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "abs",
    ]

    /// Points just above and below each cut (and away from the cuts' ends).
    static let cutPoints: [String: [String]] = {
        let logCut = ["-2 + 1e-3*i", "-2 - 1e-3*i", "-0.5 + 0.25*i", "-0.5 - 0.25*i"]
        let unitCuts = ["2 + 1e-3*i", "2 - 1e-3*i", "-2 + 1e-3*i", "-2 - 1e-3*i", "1.5 + 0.5*i", "-1.5 - 0.5*i"]
        let imaginaryCuts = ["1e-3 + 2*i", "-1e-3 + 2*i", "1e-3 - 2*i", "-1e-3 - 2*i", "0.5 + 1.5*i", "-0.5 - 1.5*i"]
        return [
            "ln": logCut, "log2": logCut, "log10": logCut, "sqrt": logCut, "cbrt": ["0.5 + 2*i", "-0.5 + 2*i", "0.5 - 2*i", "-0.5 - 2*i"],
            "asin": unitCuts, "acos": unitCuts, "atanh": unitCuts,
            "atan": imaginaryCuts, "asinh": imaginaryCuts,
            "acosh": ["0.5 + 1e-3*i", "0.5 - 1e-3*i", "-2 + 1e-3*i", "-2 - 1e-3*i"],
        ]
    }()

    static let specialPoints = ["0", "1", "-1", "i", "-i"]

    /// Points where the EML form has no value although the primitive has one; eml mode must report an
    /// error there, never print a number. Keyed by expression text and bindings.
    static let noEMLValue: [String: String] = [
        "x^y 0 0": "0^0 = 1 is a convention; exp(0·ln 0) = exp(0·(−∞)) is undefined",
        "cbrt(0) ": "z·(z²)^(−1/3) is 0·∞ at 0",
        "abs(i) ": "|z| is not analytic; the EML form √(z²) is |z| for real z only",
        "abs(-i) ": "|z| is not analytic; the EML form √(z²) is |z| for real z only",
    ]

    /// Result of one comparison: agreement, or a description of the difference.
    func compare(_ text: String, _ bindings: [String: String], digits: Int) -> String? {
        let e = parse(text)
        let direct = evaluate(e, bindings, digits: digits, mode: .direct)
        let viaTree = evaluate(e, bindings, digits: digits, mode: .eml)
        let key = "\(text) \(bindings.sorted { $0.key < $1.key }.map(\.value).joined(separator: " "))"
        if Self.noEMLValue[key] != nil {
            if case .success(let t) = viaTree { return "\(key): eml printed \(t.text) where it must report an error" }
            return nil
        }
        switch (direct, viaTree) {
        case (.success(let d), .success(let t)):
            return d.text == t.text ? nil : "\(text) at \(bindings): direct \(d.text), eml \(t.text)"
        case (.success(let d), .failure(let error)):
            // A finite primitive value must be reproduced; an infinite one may be reported instead.
            return isFinite(d.text) ? "\(text) at \(bindings): direct \(d.text), eml failed: \(error)" : nil
        case (.failure, .success(let t)):
            return isFinite(t.text) ? "\(text) at \(bindings): direct failed, eml gave \(t.text)" : nil
        case (.failure, .failure):
            return nil
        }
    }

    func check(_ cases: [(String, [String: String])]) {
        var failures: [String] = []
        for digits in [20, 50] {
            for (text, bindings) in cases {
                if let failure = compare(text, bindings, digits: digits) { failures.append("[\(digits) digits] " + failure) }
            }
        }
        XCTAssertEqual(failures.count, 0, failures.prefix(25).joined(separator: "\n"))
    }

    func testUnaryAtRandomRealPoints() {
        var g = SplitMix(seed: 1)
        check(Self.unary.flatMap { f in (0..<12).map { _ in ("\(f)(x)", ["x": g.decimal(3)]) } })
    }

    func testUnaryAtRandomComplexPoints() {
        var g = SplitMix(seed: 2)
        check(Self.unary.filter { $0 != "abs" }.flatMap { f in
            (0..<8).map { _ in ("\(f)(x + y*i)", ["x": g.decimal(1), "y": g.decimal(1)]) }
        })
    }

    func testBothSidesOfEveryBranchCut() {
        check(Self.cutPoints.flatMap { f, points in points.map { ("\(f)(\($0))", [String: String]()) } })
    }

    func testSpecialPoints() {
        check(Self.unary.flatMap { f in Self.specialPoints.map { ("\(f)(\($0))", [String: String]()) } })
    }

    func testBinaryAtRandomPoints() {
        var g = SplitMix(seed: 3)
        let real = ["x + y", "x - y", "x*y", "x/y", "x^y", "log(x, y)", "hypot(x, y)", "atan2(x, y)", "eml(x, y)"]
        let complex = ["(x + i) + (y - 2*i)", "(x + i)*(y - 2*i)", "(x + i)/(y - 2*i)", "(x + i)^(y - i/2)", "eml(x + i, y - i)"]
        check((real + complex).flatMap { f in (0..<10).map { _ in (f, ["x": g.decimal(3), "y": g.decimal(3)]) } })
    }

    func testEveryExceptionIsExercised() {
        let exercised = Set(Self.unary.flatMap { f in Self.specialPoints.map { "\(f)(\($0)) " } }
            + Self.specialPoints.flatMap { x in Self.specialPoints.map { "x^y \(x) \($0)" } })
        XCTAssertTrue(Set(Self.noEMLValue.keys).isSubset(of: exercised))
    }

    func testBinarySpecialPoints() {
        let ops = ["x + y", "x - y", "x*y", "x/y", "x^y", "eml(x, y)"]
        check(ops.flatMap { f in Self.specialPoints.flatMap { x in Self.specialPoints.map { y in (f, ["x": x, "y": y]) } } })
    }

    func testConstants() {
        check([("pi", [:]), ("e", [:]), ("i", [:]), ("i^2", [:]), ("ln(-1)", [:]), ("exp(i*pi)", [:])])
    }
}

extension SplitMix {
    /// An exact decimal in [−limit, limit] with three decimals.
    mutating func decimal(_ limit: Int) -> String {
        let n = Int(next() % UInt64(2 * limit * 1000 + 1)) - limit * 1000
        return n == 0 ? "0" : "\(n)e-3"
    }
}
