@testable import NumericKernels
import Foundation
import XCTest

/// The pool behind every batch: each part once, results in order, a run inside a run (which starts
/// threads of its own) and many runs in a row on the same threads.
final class ParallelMapTests: XCTestCase {
    func testEveryPartOnceInOrder() {
        for threads in [1, 2, 3, 8] {
            for count in [0, 1, 2, 17, 1000] {
                let squares = ParallelMap.map(count, threads: threads) { $0 * $0 }
                XCTAssertEqual(squares, (0..<count).map { $0 * $0 }, "threads \(threads), count \(count)")
            }
        }
    }

    func testNestedRunsAndRepeatedRuns() {
        let outer = ParallelMap.map(6, threads: 3) { i in ParallelMap.map(50, threads: 2) { i * 100 + $0 }.reduce(0, +) }
        XCTAssertEqual(outer, (0..<6).map { i in (0..<50).map { i * 100 + $0 }.reduce(0, +) })
        for run in 0..<200 {
            let parts = ParallelMap.workers(4) { $0 + run }
            XCTAssertEqual(parts, [run, run + 1, run + 2, run + 3])
        }
    }

    /// The core count read from /proc and the cgroup files is Foundation's, and its parts read what they should.
    func testAvailableCoresAreFoundations() {
        XCTAssertEqual(ParallelMap.availableCores, ProcessInfo.processInfo.activeProcessorCount)
        XCTAssertEqual(ParallelMap.integer(Array("100000\n".utf8)), 100_000)
        XCTAssertNil(ParallelMap.integer(Array("-1\n".utf8)))
        XCTAssertNil(ParallelMap.integer(Array("max".utf8)))
        XCTAssertNil(ParallelMap.integer(Array("".utf8)))
        XCTAssertEqual((0...255).compactMap { ParallelMap.hexValue(UInt8($0)) }.count, 22)
        XCTAssertEqual(ParallelMap.hexValue(UInt8(ascii: "F")), 15)
        XCTAssertNil(ParallelMap.contents(of: "/nonexistent/cpu.max", limit: 64))
    }
}
