import EMLCheck
import Foundation
import FPCore
import XCTest

/// The FPBench corpus, read from ../shared/corpora/fpbench beside the repository (never copied into it).
enum Corpus {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpora/fpbench")

    static func files(_ folder: String) throws -> [URL] {
        let dir = root.appendingPathComponent(folder)
        guard FileManager.default.fileExists(atPath: dir.path) else {
            throw XCTSkip("FPBench corpus not found at \(dir.path): these tests need ../shared/corpora/fpbench beside the repository")
        }
        return try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "fpcore" }.sorted { $0.path < $1.path }
    }
}

final class FPCoreCorpusTests: XCTestCase {
    /// Every loop-free sanity FPCore's body, evaluated in its precision, equals its :spec value.
    func testSanitySuiteEvaluatesToItsSpec() throws {
        var checked = 0, unsupported = 0
        for file in try Corpus.files("sanity") {
            let (cores, errors) = FPCore.readAll(try String(contentsOf: file, encoding: .utf8))
            for e in errors {
                XCTAssertTrue(e.message.contains("not supported"), "\(file.lastPathComponent):\(e)")
                unsupported += 1
            }
            for core in cores {
                // A few test the reader only (arguments, nesting): no numeric :spec to compare with.
                guard case .number(let spec) = core.specification else { continue }
                let format = try XCTUnwrap(CheckFormat.of(core.precision), core.displayName)
                let program = try FloatProgram(core.body, arguments: core.arguments, format: format)
                let value = program.evaluate([])
                let expected = spec.approximateValue
                XCTAssertTrue(value == expected || (value.isNaN && expected.isNaN), "\(core.displayName): \(value), spec \(expected)")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 240)
        XCTAssertLessThan(unsupported, 30)
    }

    /// Every benchmark without loops or tensors parses: 115 of them.
    func testEveryLoopFreeBenchmarkParses() throws {
        var parsed = 0
        for file in try Corpus.files("benchmarks") {
            let (cores, errors) = FPCore.readAll(try String(contentsOf: file, encoding: .utf8))
            for e in errors { XCTAssertTrue(e.message.contains("not supported"), "\(file.lastPathComponent):\(e)") }
            parsed += cores.count
        }
        XCTAssertEqual(parsed, 115)
    }
}
