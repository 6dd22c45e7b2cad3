import CMPFR
import EMLEvaluation
import EMLNumbers
@testable import EMLSearch
import EMLSyntax
import EMLTree
import EMLTreeFloat
import Foundation
import NumericKernels
import XCTest

final class RegressionTests: XCTestCase {
    /// The paper's training grid [1, 3]², step 0.1.
    func grid(_ f: (Double, Double) -> Double, seed: UInt64 = 7) -> RegressionData {
        var inputs: [[Double]] = [], target: [Double] = []
        for i in 0...20 { for j in 0...20 { let (x, y) = (1 + 0.1 * Double(i), 1 + 0.1 * Double(j)); inputs.append([x, y]); target.append(f(x, y)) } }
        return RegressionData(variables: ["x", "y"], inputs: inputs, target: target, seed: seed)
    }

    func tree(_ text: String) throws -> EMLTree {
        var scope = Scope()
        scope.allowsFreeVariables = true
        return try EMLTree(lowering: Parser.parseExpression(text, scope: scope))
    }

    /// The complex-double evaluator against MPC's `TreeEvaluator` on compiled catalog trees, real points
    /// on both sides of 0 and complex ones: the same branch convention, to 1e−9 of the value's size.
    func testFloatEvaluatorMatchesMPC() throws {
        for text in ["sin(x)", "ln(x)", "sqrt(x)", "x*y", "x/y", "x^y", "atan(x)", "cosh(x) - y", "acos(x/4)", "ln(x) + i*y"] {
            let t = try tree(text)
            let points: [[Double]] = [[0.5, 2], [-1.25, 0.75], [3, -2], [-0.3, -1.7], [2.5, 1]].map { Array($0.prefix(t.variables.count)) }
            let fast = FloatTreeEvaluator.evaluate(t, points: points)
            let evaluator = TreeEvaluator(tree: t, precision: 128)
            for (point, z) in zip(points, fast) {
                let exact = try evaluator.evaluate(point.map { BigComplex(BigReal($0, precision: 53), precision: 128) })
                let (re, im) = (exact.real.doubleValue, exact.imaginary.doubleValue)
                let scale = max(1, abs(re), abs(im))
                XCTAssertEqual(z.re, re, accuracy: 1e-9 * scale, "\(text) at \(point)")
                XCTAssertEqual(z.im, im, accuracy: 1e-9 * scale, "\(text) at \(point)")
            }
        }
    }

    /// The paper's depth-2 and depth-4 targets (K = 5 and 9) recovered exactly, and its depth-6 target
    /// (K = 13, none of 448 gradient runs) too, by the meet in the middle from a table of K ≤ 11.
    func testPaperTargetsRecoveredExactly() {
        let depth2 = Regression.enumerate(grid { x, y in M_E - Foundation.log(Foundation.exp(y) - Foundation.log(x)) }, limits: .init(maximumK: 9))
        XCTAssertEqual(depth2.front.last?.verdict, .exact)
        XCTAssertEqual(depth2.front.last?.k, 5)
        XCTAssertEqual(depth2.front.last?.eml, "eml(1, eml(y, x))")
        XCTAssertEqual(depth2.front.last?.formula, "e - ln(exp(y) - ln(x))")
        let depth4 = Regression.enumerate(grid { x, y in Foundation.log(Foundation.exp(x) - Foundation.log(y)) }, limits: .init(maximumK: 11))
        XCTAssertEqual(depth4.front.last?.k, 9)
        XCTAssertEqual(depth4.front.last?.verdict, .exact)
        XCTAssertEqual(depth4.front.last?.formula, "ln(exp(x) - ln(y))")
        let depth6 = Regression.enumerate(grid { x, y in M_E - y * Foundation.exp(M_E - Foundation.exp(x)) }, limits: .init(maximumK: 11))
        XCTAssertEqual(depth6.front.last?.k, 13)
        XCTAssertEqual(depth6.front.last?.depth, 6)
        XCTAssertEqual(depth6.front.last?.verdict, .exact)
        // The front: each candidate larger and better held out than the one before.
        for (a, b) in zip(depth6.front, depth6.front.dropFirst()) {
            XCTAssertLessThan(a.k, b.k)
            XCTAssertGreaterThan(a.testRMSE, b.testRMSE)
        }
    }

    /// A target off by 1e−10 (relative) is approximate: the tree fits to 1e−10, not to the data's 1e−12.
    func testVerdictNeedsTheDatasPrecision() {
        let off = Regression.enumerate(grid { x, y in Foundation.log(Foundation.exp(x) - Foundation.log(y)) * (1 + 1e-10) }, limits: .init(maximumK: 9))
        let best = off.front.last!
        XCTAssertEqual(best.k, 9)
        XCTAssertEqual(best.verdict, .approximate)
        XCTAssertLessThan(best.maxRelativeError, 2e-10)
        XCTAssertGreaterThan(best.maxRelativeError, 1e-11)
    }

    /// Catalog forms print as their conventional formulas.
    func testLiftingReadsTheCatalog() throws {
        XCTAssertEqual(Lifting.formula(try tree("exp(x)")), "exp(x)")
        XCTAssertEqual(Lifting.formula(try tree("ln(x)")), "ln(x)")
        XCTAssertEqual(Lifting.formula(try tree("x - y")), "x - y")
        XCTAssertEqual(Lifting.formula(try tree("e")), "e")
        XCTAssertEqual(Lifting.formula(try tree("exp(x) - ln(y)")), "exp(x) - ln(y)")
    }

    /// The hold-out split is the seed's: the same rows for the same seed, others for another.
    func testSplitIsSeeded() {
        let a = grid({ x, y in x + y }, seed: 3), b = grid({ x, y in x + y }, seed: 3), c = grid({ x, y in x + y }, seed: 4)
        XCTAssertEqual(a.testInputs, b.testInputs)
        XCTAssertNotEqual(a.testInputs, c.testInputs)
        XCTAssertEqual(a.testInputs.count, 88)  // 20% of 441
    }

    /// The same front, tree for tree, on one thread or four; and a progress callback that returns false
    /// stops the search at once, reporting where.
    func testDeterministicAcrossThreadsAndCancellable() {
        let data = grid { x, y in M_E - y * Foundation.exp(M_E - Foundation.exp(x)) }
        // 300,000 entries hold every function of K ≤ 11 and bound the catalog search that follows by size, not time.
        let one = Regression.enumerate(data, limits: .init(maximumK: 11, maximumEntries: 300_000, threads: 1))
        let four = Regression.enumerate(data, limits: .init(maximumK: 11, maximumEntries: 300_000, threads: 4))
        XCTAssertEqual(one.front.map(\.eml), four.front.map(\.eml))
        XCTAssertEqual(one.treesFormed, four.treesFormed)
        XCTAssertEqual(one.distinctFunctions, four.distinctFunctions)
        var calls = 0
        let stopped = Regression.enumerate(data, limits: .init(maximumK: 11)) { p in
            calls += 1
            return p.k < 9
        }
        XCTAssertEqual(stopped.stop, .cancelled(k: 9))
        XCTAssertEqual(stopped.largestCompleteK, 7)
        XCTAssertGreaterThan(calls, 0)
    }

    /// With a truth, an exact fit stays exact where it equals the truth to 60 digits at 1000 fresh points,
    /// and is approximate, with the point named, where the truth differs in the 31st digit.
    func testTruthDecidesExactness() throws {
        let data = grid { x, y in Foundation.log(Foundation.exp(x) - Foundation.log(y)) }
        var scope = Scope()
        scope.allowsFreeVariables = true
        let right = try Parser.parseExpression("ln(exp(x) - ln(y))", scope: scope)
        let wrong = try Parser.parseExpression("ln(exp(x) - ln(y)) + 1e-30", scope: scope)
        let good = Regression.enumerate(data, limits: .init(maximumK: 9), truth: right).front.last!
        XCTAssertEqual(good.verdict, .exact)
        XCTAssertNil(good.note)
        let bad = Regression.enumerate(data, limits: .init(maximumK: 9), truth: wrong).front.last!
        XCTAssertEqual(bad.verdict, .approximate)
        XCTAssertTrue(bad.note?.contains("fits the data but not the truth") ?? false, bad.note ?? "")
    }

    /// The catalog's forms are building blocks: x^y and log_y x come out exact at the compiler's K (41, 61)
    /// from a table of K ≤ 7, and lift to their formulas.
    func testCatalogSeedsReachPowersAndLogRatios() {
        let power = Regression.enumerate(grid { x, y in Foundation.pow(x, y) }, limits: .init(maximumK: 7))
        XCTAssertEqual(power.front.last?.verdict, .exact)
        XCTAssertEqual(power.front.last?.k, 41)
        XCTAssertEqual(power.front.last?.formula, "x^y")  // the catalog search's formula, one operation
        let other = Regression.enumerate(grid { x, y in Foundation.sin(x) + y }, limits: .init(maximumK: 7, maximumEntries: 100_000))
        XCTAssertNotEqual(other.front.last?.verdict, .exact)  // no seed, and no catalog formula: the catalog has no sine
        XCTAssertGreaterThan(Regression.catalogSeeds(["x", "y"]).count, 15)
    }

    /// Formulas of a few catalog operations past the EML tables: x·y/z (K = 33 at shortest), m·v²/2 (a
    /// constant) and √(x² + y²), exact in MPC, with their formulas; exp(−θ²/2)/√(2π) by the root's inversion.
    func testCatalogSearchFindsShortFormulas() {
        var rng = SplitMix(seed: 9)
        func data(_ names: [String], _ f: ([Double]) -> Double) -> RegressionData {
            let inputs = (0..<120).map { _ in names.map { _ in rng.uniform(1, 5) } }
            return RegressionData(variables: names, inputs: inputs, target: inputs.map(f), seed: 3)
        }
        for (names, f, formula) in [(["x", "y", "z"], { (u: [Double]) in u[0] * u[1] / u[2] }, "x*y/z"),
                                    (["m", "v"], { (u: [Double]) in u[0] * u[1] * u[1] / 2 }, "m*v^2/2"),
                                    (["x", "y"], { (u: [Double]) in (u[0] * u[0] + u[1] * u[1]).squareRoot() }, "sqrt(x^2 + y^2)")] {
            let problem = data(names, f)
            let matches = CatalogSearch.search(problem)
            XCTAssertFalse(matches.isEmpty, formula)
            let result = Regression.enumerate(problem, limits: .init(maximumK: 7))
            XCTAssertEqual(result.front.last?.verdict, .exact, formula)
            // The formula found is one of the equivalent forms with the fewest operations.
            let found = result.front.last?.formula ?? ""
            XCTAssertEqual(matches.first?.operations, formula == "sqrt(x^2 + y^2)" ? 4 : formula == "x*y/z" ? 2 : 3, found)
            XCTAssertTrue(matches.contains { $0.formula == found }, "\(found) for \(formula)")
        }
        // Seven operations: past the table (four), reached by inverting the root, t = a/b with b = a/t looked up.
        let gauss = data(["theta"]) { u in Foundation.exp(-u[0] * u[0] / 2) / (2 * Double.pi).squareRoot() }
        let inverted = CatalogSearch.search(gauss)
        XCTAssertGreaterThanOrEqual(inverted.first?.operations ?? 0, 5, inverted.first?.formula ?? "none")
        XCTAssertEqual(Regression.front(inverted.map(\.tree), gauss).last?.verdict, .exact, inverted.first?.formula ?? "none")
        // A root found from a ≫ t by cancellation (t = (x − 1)·C + (1 − x)·C) is no match.
        XCTAssertTrue(inverted.allSatisfy { !$0.formula.contains("pi^pi") }, inverted.map(\.formula).joined(separator: ", "))
    }

    /// Formulas print in the expression language with only the brackets precedence needs.
    func testCatalogFormulasPrintByPrecedence() {
        let nodes: [CatalogSearch.Node] = [.leaf("x"), .leaf("y"), .unary(.negate, 0), .binary(.subtract, 0, 1),
                                           .binary(.multiply, 3, 2), .binary(.power, 4, 2), .unary(.square, 3), .binary(.divide, 1, 6)]
        XCTAssertEqual(CatalogSearch.render(nodes, 4), "(x - y)*(-x)")
        XCTAssertEqual(CatalogSearch.render(nodes, 5), "((x - y)*(-x))^(-x)")
        XCTAssertEqual(CatalogSearch.render(nodes, 7), "y/(x - y)^2")
    }
}
