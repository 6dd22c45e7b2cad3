@testable import EMLCheck
import CMPFR
import EMLNumbers
import FPCore
import NumericKernels
import XCTest

/// The double-double first try of the truth: every interval holds the exact value, and the truths it
/// settles are the ones Arb alone settles, point for point.
final class FastTruthTests: XCTestCase {
    /// a ∘ b for random doubles over many binades: the exact result (Arb, exact or at 600 bits) lies in the interval.
    func testIntervalsContainTheExactResult() {
        var rng = SplitMix(seed: 11)
        var checked = 0
        func random() -> Double { (rng.next() & 1 == 0 ? 1 : -1) * rng.logUniform(1e-30, 1e30) }
        for _ in 0..<20_000 {
            let a = random(), b = random()
            let x = DoubleDoubleInterval(exactly: a), y = DoubleDoubleInterval(exactly: b)
            let cases: [(DoubleDoubleInterval?, (ArbPointer, ArbPointer, ArbPointer) -> Void)] = [
                (x + y, { arb_add($0, $1, $2, 600) }), (x - y, { arb_sub($0, $1, $2, 600) }),
                (x * y, { arb_mul($0, $1, $2, 600) }), (x / y, { arb_div($0, $1, $2, 600) }),
                ((x * y).flatMap { $0 / y }, { o, p, q in arb_mul(o, p, q, 600); arb_div(o, o, q, 600) }),
                (((x * x).flatMap { $0 + y.magnitude2 }).flatMap { $0.squareRoot() }, { o, p, q in
                    arb_mul(o, p, p, 600); let t = Ball.make { arb_mul($0, q, q, 600) }; arb_add(o, o, t.pointer, 600); arb_sqrt(o, o, 600) }),
            ]
            for (k, (interval, exact)) in cases.enumerated() {
                guard let i = interval else { continue }
                checked += 1
                let pa = Ball(exactly: BigReal(a, precision: 53)), pb = Ball(exactly: BigReal(b, precision: 53))
                let e = Ball.make { exact($0, pa.pointer, pb.pointer) }
                let lower = Ball.make { arb_set_d($0, i.hi); let l = Ball.make { arb_set_d($0, i.lo) }; arb_add($0, $0, l.pointer, 600)
                    let r = Ball.make { arb_set_d($0, i.radius) }; arb_sub($0, $0, r.pointer, 600) }
                let upper = Ball.make { arb_set_d($0, i.hi); let l = Ball.make { arb_set_d($0, i.lo) }; arb_add($0, $0, l.pointer, 600)
                    let r = Ball.make { arb_set_d($0, i.radius) }; arb_add($0, $0, r.pointer, 600) }
                XCTAssert(arb_le(lower.pointer, e.pointer) != 0 && arb_le(e.pointer, upper.pointer) != 0, "case \(k) at \(a), \(b): \(i)")
            }
        }
        XCTAssertGreaterThan(checked, 110_000)
    }

    /// Every truth of polynomial and rational benchmarks, with and without the first try: equal.
    func testSettlesWhatArbSettles() throws {
        for file in try Corpus.files("benchmarks") where ["rosa.fpcore", "fptaylor-real2float.fpcore", "daisy.fpcore", "fptaylor-tests.fpcore"].contains(file.lastPathComponent) {
            for core in FPCore.readAll(try String(contentsOf: file, encoding: .utf8)).cores where core.precision == .binary64 || core.precision == .real {
                var options = CheckOptions()
                options.samples = 300
                options.keepPoints = true
                options.attemptsPerPoint = 2000
                guard let fast = try? Checker.run(CheckProgram(core, file: file.path), format: .binary64, options: options) else { continue }
                options.doubleDoubleFirst = false
                let arb = try Checker.run(CheckProgram(core, file: file.path), format: .binary64, options: options)
                XCTAssertEqual(fast.perPoint?.map(\.truth), arb.perPoint?.map(\.truth), core.displayName)
                XCTAssertEqual(fast.rejected, arb.rejected, core.displayName)
            }
        }
    }
}

extension DoubleDoubleInterval {
    /// y·y, for the √(x² + y²) case above.
    var magnitude2: DoubleDoubleInterval { (self * self)! }
}
