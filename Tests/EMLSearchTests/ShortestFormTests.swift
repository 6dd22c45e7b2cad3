import EMLSearch
import EMLSyntax
import XCTest

/// The paper's direct-search column (Table 4): the shortest K found equals the table's, but for 1/2 in IEEE
/// semantics, where the engine's branch convention (the eml logarithm takes arg in [−π, π)) admits a
/// verified form of K 31 against the paper's 35. x + y (19) and x^y (25) lie past a small table's reach:
/// its spines find them, and the table proves none shorter than its reach.
final class ShortestFormTests: XCTestCase {
    func shortest(_ text: String, _ semantics: ShortestForm.Semantics = .ieee, maximumK: Int = 35, entries: Int = 4_000_000) throws -> ShortestForm.Result {
        let e = try Parser.parseExpression(text, scope: Scope(allowsFreeVariables: true))
        var options = ShortestForm.Options()
        options.semantics = semantics
        options.maximumK = maximumK
        options.timeLimit = 120
        options.maximumEntries = entries
        return ShortestForm.search(.init(text: text, expression: e, variables: e.freeVariables), options: options)
    }

    func check(_ text: String, _ k: Int, _ semantics: ShortestForm.Semantics = .ieee, file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try shortest(text, semantics, maximumK: k + 2)
        let form = try XCTUnwrap(r.form, "\(text): no form up to K \(r.provenK)", file: file, line: line)
        XCTAssertEqual(form.k, k, "\(text) (\(semantics)): \((try? form.tree.formatted(.eml)) ?? "")", file: file, line: line)
        XCTAssertTrue(r.isShortest, "\(text): K \(form.k) not proven shortest (reach \(r.provenK))", file: file, line: line)
    }

    func testConstants() throws {
        try check("0", 7)
        try check("-1", 17)
        try check("-1", 15, .extended)
        try check("2", 19)
        try check("1/2", 31)
        try check("1/2", 29, .extended)
    }

    func testOneVariable() throws {
        try check("exp(x)", 3)
        try check("ln(x)", 7)
        try check("x - 1", 11)
        try check("-x", 17)
        try check("-x", 15, .extended)
        try check("1/x", 17)
        try check("1/x", 15, .extended)
        try check("x^2", 17)
    }

    func testTwoVariables() throws {
        try check("x - y", 11)
        try check("x * y", 17)
        try check("x / y", 17)
        for (target, k) in [("x + y", 19), ("x^y", 25)] {
            let r = try shortest(target, maximumK: 27, entries: 200_000)
            XCTAssertEqual(r.form?.k, k, target)
            XCTAssertEqual(r.provenK, 15, target)
            XCTAssertEqual(r.form?.regions.first?.holds, true, target)
        }
    }
}
