import EMLSyntax
import XCTest

/// Runs `Grammar/corpus`: every valid entry parses to its expected tree, every invalid one fails
/// at its expected column with its expected message.
final class GrammarCorpusTests: XCTestCase {
    static let grammar = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Grammar")

    func corpus(_ name: String) throws -> [String] {
        let text = try String(contentsOf: Self.grammar.appendingPathComponent("corpus/\(name)"), encoding: .utf8)
        return text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
    }

    let open = Scope(allowsFreeVariables: true)

    func testValidCorpus() throws {
        let lines = try corpus("valid.txt")
        XCTAssertGreaterThan(lines.count, 30)
        for line in lines {
            let parts = line.components(separatedBy: " => ")
            XCTAssertEqual(parts.count, 2, line)
            do {
                let e = try Parser.parseExpression(parts[0], scope: open)
                XCTAssertEqual(e.sExpression, parts[1], "input: \(parts[0])")
            } catch {
                XCTFail("\(parts[0]): \(error)")
            }
        }
    }

    func testInvalidCorpus() throws {
        let lines = try corpus("invalid.txt")
        XCTAssertGreaterThan(lines.count, 20)
        for line in lines {
            let parts = line.components(separatedBy: " => ")
            let expectation = parts[1].components(separatedBy: " | ")
            let scope = parts[0].contains("foo") ? Scope() : open
            do {
                _ = try Parser.parseStatement(parts[0], scope: scope)
                XCTFail("accepted: \(parts[0])")
            } catch {
                XCTAssertEqual(error.position + 1, Int(expectation[0]), "column for \(parts[0]): \(error.message)")
                XCTAssertTrue(error.message.contains(expectation[1]), "message for \(parts[0]): \(error.message)")
            }
        }
    }

    func expectError(_ input: String, containing fragment: String, file: StaticString = #filePath, line: UInt = #line) -> SyntaxError? {
        do {
            _ = try Parser.parseStatement(input, scope: open)
            XCTFail("accepted", file: file, line: line)
            return nil
        } catch {
            XCTAssertTrue(error.message.contains(fragment), error.message, file: file, line: line)
            return error
        }
    }

    func testBadInputIsBoundedAndLocated() {
        let start = Date()
        _ = expectError("", containing: "empty input")
        _ = expectError(String(repeating: "1+", count: 524_288), containing: "the limit is 65536")
        let nested = String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
        _ = expectError(nested, containing: "the limit is 65536")
        let deep = String(repeating: "(", count: 30_000) + "1" + String(repeating: ")", count: 30_000)
        XCTAssertEqual(expectError(deep, containing: "nest more than 200")?.position, 200)
        _ = expectError(String(repeating: "-", count: 30_000) + "1", containing: "nest more than 200")
        _ = expectError(String(repeating: "2^", count: 30_000) + "1", containing: "nest more than 200")
        _ = expectError(String(repeating: "1+", count: 5000) + "1", containing: "nested more than 4000 levels")
        _ = expectError("1 + \u{0}", containing: "U+0000")
        _ = expectError("1 + \u{FFFD}\u{1}", containing: "U+FFFD")
        _ = expectError("x × 2", containing: "'×' (U+00D7)")
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }

    func testCaretRendering() {
        let error = SyntaxError("unknown function 'sinn' (did you mean sin?)", at: 4)
        XCTAssertEqual(error.rendered(source: "2 + sinn(1)"),
                       "  2 + sinn(1)\n      ^\nerror: unknown function 'sinn' (did you mean sin?)")
        // Columns count characters, not bytes.
        XCTAssertEqual(SyntaxError("x", at: 4).rendered(source: "π + q"), "  π + q\n     ^\nerror: x")
    }

    func testLiteralsAreExactRationals() throws {
        guard case .number(let n) = try Parser.parseExpression("12.50e-3", scope: open).kind else { return XCTFail() }
        XCTAssertEqual(n.mantissa, "1250")
        XCTAssertEqual(n.exponent, -5)
        guard case .number(let h) = try Parser.parseExpression("0x1.8p3", scope: open).kind else { return XCTFail() }
        XCTAssertEqual(h.mantissa, "18")
        XCTAssertEqual(h.radix, 16)
        XCTAssertEqual(h.base, 2)
        XCTAssertEqual(h.exponent, -1)
    }

    func testStatements() throws {
        guard case .assignment("x", _) = try Parser.parseStatement("x = 2.5", scope: Scope()) else { return XCTFail() }
        guard case .definition(let f) = try Parser.parseStatement("f(t, u) = t*u + 1", scope: Scope()) else { return XCTFail() }
        XCTAssertEqual(f.parameters, ["t", "u"])
        XCTAssertEqual(f.body.sExpression, "(+ (* t u) 1)")
        let scope = Scope(functions: ["f": f])
        XCTAssertEqual(try Parser.parseExpression("f(2, 3)", scope: scope).sExpression, "(+ (* 2 3) 1)")
    }

    func testSuggestions() {
        XCTAssertEqual(FunctionTable.suggestion(for: "sinn"), "sin")
        XCTAssertEqual(FunctionTable.suggestion(for: "SQRT"), "sqrt")
        XCTAssertEqual(FunctionTable.suggestion(for: "arcsn"), "arcsin")
        XCTAssertNil(FunctionTable.suggestion(for: "zzzzzz"))
    }
}
