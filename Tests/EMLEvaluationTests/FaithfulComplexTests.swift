import CMPFR
@testable import EMLEvaluation
import EMLSyntax
import EMLTree
import EMLNumbers
import TestSupport
import XCTest

/// The tree evaluator's faithful complex exp and log against MPC's correctly rounded ones: within
/// 8 ulp of the larger part at 64, 216 and 1000 bits, on random points, near the axes and at extreme
/// magnitudes (where they must hand over to MPC).
final class FaithfulComplexTests: XCTestCase {
    func complex(_ re: Double, _ im: Double, _ p: Int) -> UnsafeMutablePointer<__mpc_struct> {
        let z = UnsafeMutablePointer<__mpc_struct>.allocate(capacity: 1)
        mpc_init2(z, mpfr_prec_t(p))
        mpc_set_d_d(z, re, im, 0)
        return z
    }

    func ulps(_ a: UnsafeMutablePointer<__mpc_struct>, _ b: UnsafeMutablePointer<__mpc_struct>, _ p: Int) -> Double { Ulps.at(bits: p, a, b) }

    func testAgainstMPC() {
        var points: [(Double, Double)] = [(1, 1e-300), (-1, 1e-30), (-1, -1e-30), (1e-300, 1), (3, -4), (0.6, 0.8),
                                          (1e200, 1e-200), (-7, 1e100), (1 + 1e-15, 1e-9), (1e-5, -1e-5)]
        var state: UInt64 = 99
        for _ in 0..<300 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let a = Double(Int64(bitPattern: state) >> 11) / Double(1 << 40)
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let b = Double(Int64(bitPattern: state) >> 11) / Double(1 << 40)
            points.append((a, b))
        }
        for p in [64, 216, 1000] {
            let kernels = FaithfulComplex(precision: p)
            var worstLog = 0.0, worstExp = 0.0
            for (re, im) in points {
                let z = complex(re, im, p), fast = complex(0, 0, p), exact = complex(0, 0, p)
                kernels.log(fast, z)
                mpc_log(exact, z, 0)
                worstLog = max(worstLog, ulps(fast, exact, p))
                if abs(re) < 50 {
                    kernels.exp(fast, z)
                    mpc_exp(exact, z, 0)
                    worstExp = max(worstExp, ulps(fast, exact, p))
                }
                for x in [z, fast, exact] { mpc_clear(x); x.deallocate() }
            }
            XCTAssertLessThan(worstLog, 8, "log at \(p) bits")
            XCTAssertLessThan(worstExp, 8, "exp at \(p) bits")
        }
    }
}

final class BatchTests: XCTestCase {
    func testBatchMatchesSingleEvaluator() throws {
        let tree = try EMLTree(lowering: Parser.parseExpression("sin(x) + ln(x)", scope: Scope(allowsFreeVariables: true)))
        let points = (1...40).map { [BigComplex(BigReal(Double($0) / 7, precision: 128), precision: 128)] }
        XCTAssertEqual(tree.variables, ["x"])
        let batch = TreeEvaluator.evaluate(tree, precision: 128, points: points, threads: 2)
        let single = TreeEvaluator(tree: tree, precision: 128)
        for (k, p) in points.enumerated() {
            let expected = try single.evaluate(p)
            let got = try batch[k].get()
            XCTAssertEqual(got.real.decimalString(digits: 35), expected.real.decimalString(digits: 35))
        }
        XCTAssertTrue(TreeEvaluator.evaluate(tree, precision: 64, points: [], threads: 2).isEmpty)
    }
}
