import Foundation
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif

/// `eml check` as CI runs it: exit codes, the table, JSON, JUnit, shards and their merge, bad input.
final class CheckCommandTests: XCTestCase {
    func run(_ arguments: [String]) throws -> CommandTests.Run { try CommandTests.launch(arguments) }
    lazy var folder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("eml-check-\(getpid())-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static let suite = """
    ; two benchmarks: one accurate, one that cancels
    (FPCore (x) :name "accurate" :pre (<= 1 x 1000) (* x 2))
    (FPCore (x) :name "cancels" :herbie-expected 1 (- (sqrt (+ x 1)) (sqrt x)))
    """

    func testExitStatusIsTheGate() throws {
        let file = try write("suite.fpcore", Self.suite)
        let pass = try run(["check", file, "--name", "accurate", "--samples", "300"])
        XCTAssertEqual(pass.status, 0, pass.error)
        XCTAssertTrue(pass.output.contains("accurate") && pass.output.contains("0.00"), pass.output)
        let fail = try run(["check", file, "--samples", "300"])
        XCTAssertEqual(fail.status, 2, fail.error)
        XCTAssertTrue(fail.error.contains("FAIL cancels (binary64)") && fail.error.contains("worst at x = "), fail.error)
        let loose = try run(["check", file, "--samples", "300", "--max-bits", "40"])
        XCTAssertEqual(loose.status, 0, loose.error)
    }

    func testJSONAndPerPointInInputOrder() throws {
        let file = try write("suite.fpcore", Self.suite)
        let points = try write("points.tsv", "x\n1e15\n0x1.8p3\n-1\n")
        let r = try run(["check", file, "--name", "cancels", "--points", points, "--per-point", "--json"])
        XCTAssertEqual(r.status, 2, r.error)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.output.utf8)) as? [String: Any])
        for key in ["name", "file", "precision", "points", "rejected", "mean_bits", "max_bits"] { XCTAssertNotNil(object[key], key) }
        XCTAssertEqual(object["points"] as? Int, 2)
        XCTAssertEqual(object["rejected"] as? Int, 1)  // x = −1: no real sqrt
        let perPoint = try XCTUnwrap(object["per_point"] as? [[String: Any]])
        XCTAssertEqual(perPoint.map { ($0["inputs"] as? [String: Double])?["x"] }, [1e15, 12])
        // At 1e15 binary64 gives 1.8626e−8 against the true 1.58113883008e−8.
        XCTAssertEqual(perPoint[0]["computed"] as? Double, 1.862645149230957e-08)
        XCTAssertEqual(perPoint[0]["truth"] as? Double ?? 0, 1.58113883008e-8, accuracy: 1e-18)
        XCTAssertEqual(perPoint[1]["bits"] as? Double, 1)
    }

    func testJUnitValidatesAndShardsMergeToTheWholeRun() throws {
        let file = try write("suite.fpcore", Self.suite)
        let junit = folder.appendingPathComponent("report.xml").path
        let whole = try run(["check", file, "--samples", "400", "--json", "--junit", junit])
        XCTAssertEqual(whole.status, 2)
        let parser = XMLParser(data: try Data(contentsOf: URL(fileURLWithPath: junit)))
        XCTAssertTrue(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        XCTAssertTrue(xml.contains("<testcase classname=") && xml.contains("<failure message=\"") && xml.contains("tests=\"2\" failures=\"1\""), xml)
        var parts: [String] = []
        for k in 1...3 {
            let r = try run(["check", file, "--samples", "400", "--shard", "\(k)/3", "--json"])
            parts.append(try write("part\(k).json", r.output))
        }
        let merged = try run(["check", "--merge", "--json"] + parts)
        XCTAssertEqual(merged.status, 2)
        func summary(_ text: String) -> [String] {
            text.split(separator: "\n").compactMap { line -> String? in
                guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
                return "\(o["name"]!) \(o["points"]!) \(o["rejected"]!) \(String(format: "%.9f", o["mean_bits"] as! Double))"
            }
        }
        XCTAssertEqual(summary(merged.output), summary(whole.output))
    }

    func testExpressionsAndAlternatives() throws {
        let r = try run(["check", "--expr", "sqrt(x+1) - sqrt(x)", "--range", "x=0:1e15", "--against", "1/(sqrt(x+1) + sqrt(x))", "--samples", "500"])
        XCTAssertEqual(r.status, 0, r.error)
        XCTAssertTrue(r.output.contains("↳ against"), r.output)
        let sweep = try run(["check", "--expr", "x + 1/3", "--range", "x=1:2", "--format", "all", "--samples", "200"])
        XCTAssertEqual(sweep.status, 0, sweep.error)
        for f in ["binary64", "binary32", "tf32", "bf16", "binary16", "fp8e4m3", "fp8e5m2"] { XCTAssertTrue(sweep.output.contains(f), f) }
    }

    func testBadInputGetsOneMessageAndTheRestIsReported() throws {
        let bad = try write("bad.fpcore", """
        (FPCore (x) :name "ok" (+ x 1))
        (FPCore (x) :name "unknown op" (foo x))
        (FPCore (x) :name "arity" (sqrt x x))
        (FPCore (x) :name "never" :pre (and (< x 0) (> x 1)) x)
        (FPCore (x) :name "loop" (while (< x 1) ([x 0 (+ x 1)]) x))
        (FPCore (x) (+ x
        """)
        let r = try run(["check", bad, "--samples", "100"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.output.contains("ok "), r.output)
        for message in ["bad.fpcore:2:33: unknown operator 'foo'", "bad.fpcore:3:28: 'sqrt' takes 1 operand, not 2",
                        "never (binary64): no valid point", "skipped: ", "bad.fpcore:6:13: unbalanced '('"] {
            XCTAssertTrue(r.error.contains(message), "\(message) in \(r.error)")
        }
        let empty = try write("empty.fpcore", "")
        let points = try write("wrong.tsv", "y\n1\n")
        let ok = try write("ok.fpcore", "(FPCore (x) :name \"ok\" (+ x 1))")
        for (args, message) in [([empty], "no FPCore in the file"), ([ok, "--name", "nope"], "no FPCore named 'nope'"),
                                ([ok, "--points", points], "do not match the arguments"), ([ok, "--samples", "0"], "--samples must be"),
                                ([ok, "--samples", "1000000000"], "--samples must be"), ([ok, "--shard", "3/2"], "--shard must be K/N"),
                                ([ok, "--format", "fp128"], "--format"), ([ok, "--samples", "many"], "many")] {
            let r = try run(["check"] + args)
            XCTAssertEqual(r.status, 1, "\(args): \(r.error)")
            XCTAssertTrue(r.error.contains(message), "\(args): \(r.error)")
        }
    }
}

extension CheckCommandTests {
    /// The project's own FPCore file passes its own gate, as the CI examples run it.
    func testTheExampleSuitePassesItsGate() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Examples/check/ml.fpcore").path
        let r = try run(["check", file, "--samples", "1000"])
        XCTAssertEqual(r.status, 0, r.output + r.error)
        XCTAssertEqual(r.output.split(separator: "\n").filter { $0.hasSuffix("pass") }.count, 6, r.output)
    }
}

/// `eml search` as a user runs it: a shortest form, a proven absence, and one line per bad input.
final class SearchCommandTests: XCTestCase {
    func testShortestFormsAndBadInput() throws {
        let zero = try CommandTests.launch(["search", "0"])
        XCTAssertEqual(zero.status, 0, zero.error)
        XCTAssertTrue(zero.output.contains("0: K = 7") && zero.output.contains("eml(1, eml(eml(1, 1), 1))"), zero.output)
        let log = try CommandTests.launch(["search", "ln(x)", "--json"])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(log.output.utf8)) as? [String: Any])
        XCTAssertEqual(object["k"] as? Int, 7)
        XCTAssertEqual(object["eml"] as? String, "eml(1, eml(eml(1, x), 1))")
        XCTAssertEqual(object["shortest"] as? Bool, true)
        let none = try CommandTests.launch(["search", "-1", "--max-k", "15"])
        XCTAssertEqual(none.status, 0, none.error)
        XCTAssertTrue(none.output.contains("-1: no form with K ≤ 15 (ieee semantics)"), none.output)
        for (args, message) in [(["pie"], "did you mean pi?"), (["besseli(1, x)"], "has no EML form"), (["0", "--max-k", "101"], "--max-k must be odd"),
                                (["x + ("], "expression is incomplete"), (["x", "--leaves", "x"], "--leaves must include 1"),
                                (["1/0"], "has no value that a double holds"), (["exp(-1000)"], "nonzero below 2^−900"),
                                (["x/0"], "at the probe points"), (["0", "--shard", "3/2"], "--shard must be K/N")] {
            let r = try CommandTests.launch(["search"] + args)
            XCTAssertEqual(r.status, 1, "\(args): \(r.output)")
            XCTAssertTrue(r.error.contains(message), "\(args): \(r.error)")
        }
    }

    /// Parts of a search joined by --merge reach what one run reaches.
    func testShardsMergeToTheWholeSearch() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eml-search-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var files: [String] = []
        for k in 1...3 {
            let r = try CommandTests.launch(["search", "-1", "--max-k", "15", "--shard", "\(k)/3", "--json"])
            XCTAssertEqual(r.status, 0, r.error)
            let path = folder.appendingPathComponent("part\(k).json").path
            try r.output.write(toFile: path, atomically: true, encoding: .utf8)
            files.append(path)
        }
        let merged = try CommandTests.launch(["search", "--merge"] + files)
        XCTAssertEqual(merged.status, 0, merged.error)
        XCTAssertTrue(merged.output.contains("-1: no form with K ≤ 15 (ieee semantics)"), merged.output)
        let partial = try CommandTests.launch(["search", "--merge"] + files.prefix(2))
        XCTAssertEqual(partial.status, 1)
        XCTAssertTrue(partial.error.contains("missing part 3 of 3"), partial.error)
        let found = try CommandTests.launch(["search", "x*y", "--max-k", "19", "--shard", "2/2"])
        XCTAssertTrue(found.output.contains("x*y: K = 17"), found.output)
    }

    /// A search saved after each level and resumed ends where one run ends; a damaged file is refused.
    func testCheckpointAndResume() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eml-resume-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("pi.checkpoint").path
        let first = try CommandTests.launch(["search", "pi", "--max-k", "21", "--checkpoint", file])
        XCTAssertEqual(first.status, 0, first.error)
        let resumed = try CommandTests.launch(["search", "pi", "--max-k", "25", "--resume", file, "--json"])
        let whole = try CommandTests.launch(["search", "pi", "--max-k", "25", "--json"])
        func summary(_ text: String) throws -> [String] {
            let o = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let perK = (o["distinct_per_k"] as? [String: Int] ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
            return ["\(o["proven_k"]!)", "\(o["trees"]!)", "\(o["found"]!)"] + perK
        }
        XCTAssertEqual(try summary(resumed.output), try summary(whole.output))
        var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        bytes[bytes.count / 2] ^= 1
        try bytes.write(to: URL(fileURLWithPath: file))
        let damaged = try CommandTests.launch(["search", "pi", "--resume", file])
        XCTAssertEqual(damaged.status, 1)
        XCTAssertTrue(damaged.error.contains("is corrupt or truncated"), damaged.error)
        let other = try CommandTests.launch(["search", "i", "--resume", "/nonexistent/file"])
        XCTAssertEqual(other.status, 1)
        XCTAssertTrue(other.error.contains("cannot read the resume file"), other.error)
    }
}
