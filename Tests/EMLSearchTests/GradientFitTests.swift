@testable import EMLSearch
import EMLTree
import Foundation
import NumericKernels
import XCTest

final class GradientFitTests: XCTestCase {
    /// Reverse-mode gradients against central differences at random parameters of depth-2 and depth-3
    /// trees over two variables, at temperatures of the search and of the hardening.
    func testGradientMatchesFiniteDifferences() {
        var rng = SplitMix(seed: 17)
        let inputs = (0..<12).map { _ in [rng.uniform(1, 3), rng.uniform(1, 3)] }
        let target = inputs.map { Foundation.log(Foundation.exp($0[0]) - Foundation.log($0[1])) }
        let rows = GradientFit.optionRows(inputs)
        for depth in [2, 3] {
            let fit = GradientFit(variables: ["x", "y"], settings: .init(depth: depth))
            var checked = 0
            for tau in [2.5, 1.0, 0.3] {
                // Random trees can take log 0 or overflow (NaN loss): those points have no gradient to check.
                for _ in 0..<10 where checked < 3 * 13 {
                    let p = (0..<fit.parameterCount).map { _ in rng.uniform(-1, 1) }
                    let (loss, gradient) = fit.lossAndGradient(p, tau, rows, target)
                    guard loss.isFinite, loss < 1e6 else { continue }
                    for k in stride(from: 0, to: p.count, by: max(1, p.count / 12)) {
                        let h = 1e-5
                        var up = p, down = p
                        up[k] += h
                        down[k] -= h
                        let numeric = (fit.lossAndGradient(up, tau, rows, target).0 - fit.lossAndGradient(down, tau, rows, target).0) / (2 * h)
                        // Central differences: h² terms and the loss's rounding over 2h.
                        XCTAssertEqual(gradient[k], numeric, accuracy: 1e-4 * max(abs(numeric), 1e-3) + loss * 1e-10,
                                       "depth \(depth), τ \(tau), parameter \(k), loss \(loss)")
                        checked += 1
                    }
                    break
                }
            }
            XCTAssertGreaterThan(checked, 20)
        }
    }

    /// Snapping tries the runner-up at the least decided inputs: a fit whose left leaf leans to y by a
    /// hair snaps to eml(x, 1) where that fits e^x, and to eml(y, 1) where e^y is the data.
    func testSnapTakesTheRunnerUpWhereItFits() throws {
        let fit = GradientFit(variables: ["x", "y"], settings: .init(depth: 1))
        var p = [Double](repeating: 0, count: fit.parameterCount)
        // Root inputs (1, x, y, child): both take their child; leaves (1, x, y): y by 0.01 over x, and 1.
        p[fit.offset(0, side: 0) + 3] = 5
        p[fit.offset(0, side: 1) + 3] = 5
        (p[fit.offset(1, side: 0) + 1], p[fit.offset(1, side: 0) + 2]) = (3, 3.01)
        p[fit.offset(2, side: 0)] = 5
        let inputs = [[0.5, 2.0], [1.0, 0.25], [1.5, 3.0]]
        XCTAssertEqual(try fit.snapped(p).formatted(.eml), "eml(y, 1)")
        XCTAssertEqual(try fit.bestSnap(p, inputs, inputs.map { Foundation.exp($0[0]) }).formatted(.eml), "eml(x, 1)")
        XCTAssertEqual(try fit.bestSnap(p, inputs, inputs.map { Foundation.exp($0[1]) }).formatted(.eml), "eml(y, 1)")
    }

    /// Sharded restarts: parts 1/3, 2/3 and 3/3 together run exactly the restarts of one run, each seeded alike.
    func testShardedRestartsAreTheWholeRun() throws {
        var inputs: [[Double]] = [], target: [Double] = []
        for i in 0...6 { for j in 0...6 {
            let (x, y) = (1 + 0.3 * Double(i), 1 + 0.3 * Double(j))
            inputs.append([x, y]); target.append(M_E - Foundation.log(Foundation.exp(y) - Foundation.log(x)))
        } }
        let data = RegressionData(variables: ["x", "y"], inputs: inputs, target: target, seed: 1)
        var settings = GradientFit.Settings(depth: 2)
        (settings.searchSteps, settings.hardenSteps) = (40, 40)
        let whole = Regression.gradient(data, depth: 2, restarts: 7, seed: 3, threads: 2, settings: settings)
        var parts: [(EMLTree, Double)] = []
        for k in 0..<3 { parts += Regression.gradient(data, depth: 2, restarts: 7, seed: 3, threads: 1, settings: settings, shard: (k, 3)).trees }
        XCTAssertEqual(parts.count, 7)
        func key(_ t: (EMLTree, Double)) -> String { "\((try? t.0.formatted(.eml)) ?? "") \(t.1)" }
        XCTAssertEqual(parts.map(key).sorted(), whole.trees.map(key).sorted())
    }

    /// At depth 5 nearly every uniform start overflows (towers of exp): the starts are drawn again, leaning
    /// away from the children, until the soft tree is finite, so every restart has a gradient to follow.
    func testDeepStartsAreFinite() {
        var inputs: [[Double]] = [], target: [Double] = []
        for i in 0...10 { for j in 0...10 {
            let (x, y) = (1 + 0.2 * Double(i), 1 + 0.2 * Double(j))
            inputs.append([x, y]); target.append(Foundation.log(M_E - Foundation.log(Foundation.exp(x) - Foundation.log(y))))
        } }
        let real = zip(inputs, target).filter { $0.1.isFinite }
        var settings = GradientFit.Settings(depth: 5)
        (settings.searchSteps, settings.hardenSteps) = (2, 2)
        let fit = GradientFit(variables: ["x", "y"], settings: settings)
        for seed in 1...6 {
            let run = fit.fit(real.map(\.0), real.map(\.1), seed: UInt64(seed), learningRate: 0.1)
            XCTAssertTrue(run.loss.isFinite, "seed \(seed): loss \(run.loss)")
        }
    }

    /// The paper's depth-2 target, e − ln(e^y − ln x), recovered exactly by 4 seeded restarts (16 of 16 did).
    func testDepthTwoTargetRecovered() {
        var inputs: [[Double]] = [], target: [Double] = []
        for i in 0...10 { for j in 0...10 {
            let (x, y) = (1 + 0.2 * Double(i), 1 + 0.2 * Double(j))
            inputs.append([x, y]); target.append(M_E - Foundation.log(Foundation.exp(y) - Foundation.log(x)))
        } }
        let data = RegressionData(variables: ["x", "y"], inputs: inputs, target: target, seed: 1)
        let (trees, rejected) = Regression.gradient(data, depth: 2, restarts: 4, seed: 5, threads: 2)
        XCTAssertEqual(trees.count, 4)
        XCTAssertGreaterThanOrEqual(rejected, 0)
        let best = trees[0]
        XCTAssertLessThan(best.1, 1e-12, "best snapped tree \(String(describing: try? best.0.formatted(.eml))) at RMSE \(best.1)")
        XCTAssertTrue(Regression.isExactInMPFR(best.0, data))
        XCTAssertEqual(try best.0.formatted(.eml), "eml(1, eml(y, x))")
    }
}
