import EMLTree
import EMLTreeFloat
import Foundation
import NumericKernels

/// The paper's gradient search (§4.3), done in the engine: a full EML tree of depth d whose every input
/// is a softmax mixture of 1, the variables and (inside the tree) its child, fitted by Adam on the mean
/// squared error in complex double with reverse-mode gradients computed here; searched at temperature
/// 2.5, hardened by annealing it to 0.01, then snapped to one choice per input.
///
/// Unlike the paper's trainer, variables may appear at every level, and NaN or overflow is never
/// scrubbed into a finite value: a step that produces one is taken back and the step size halved.
public struct GradientFit: Sendable {
    public struct Settings: Sendable {
        public var depth: Int
        /// 500 + 500 steps recover as many of the paper's depth-3 and depth-4 targets as 1500 + 1500, in a third of the time.
        public var searchSteps = 500
        public var hardenSteps = 500
        /// Adam's step sizes, restart r taking the (r mod count)-th: which size escapes the constant fit
        /// (loss ≈ 4 on the paper's depth-3 target) depends on the target and depth. Of 64 restarts (500 +
        /// 500 steps): depth 2, 64 at 0.1 and 26 at 0.3; depth 3, 1 at 0.01 (the paper's), 9 at 0.1, 57 at
        /// 0.3; depth 4, 15 at 0.1 and 10 at 0.3; alternating 0.1 and 0.2: 64, 21 and 15.
        public var learningRates = [0.1, 0.2]
        /// Whether inner inputs may choose a variable (the paper's trainer: only 1 or the child).
        public var innerVariables = false
        public init(depth: Int) { self.depth = depth }
    }

    /// One restart's outcome: the snapped tree and what the run saw.
    public struct Run: Sendable {
        public let tree: EMLTree
        public let loss: Double
        /// Steps taken back because they produced NaN or overflow.
        public let rejectedSteps: Int
    }

    let variables: [String]
    let settings: Settings
    /// Choices of a leaf: 1 and the variables; of an inner input: those and the child.
    var leafChoices: Int { variables.count + 1 }
    var innerChoices: Int { variables.count + 2 }
    var inner: Int { (1 << settings.depth) - 1 }
    var leaves: Int { 1 << settings.depth }
    /// Parameters: for each inner node its left and right inputs' logits, then each leaf's.
    var parameterCount: Int { inner * 2 * innerChoices + leaves * leafChoices }

    public init(variables: [String], settings: Settings) {
        self.variables = variables
        self.settings = settings
    }

    /// Offsets of node i's logits: inner nodes have two inputs (side 0, 1), leaves one.
    func offset(_ i: Int, side: Int) -> Int {
        i < inner ? (2 * i + side) * innerChoices : inner * 2 * innerChoices + (i - inner) * leafChoices
    }

    /// Whether choice c of an input is open: inner inputs choose 1 or the child unless `innerVariables`.
    func allowed(_ c: Int, inner isInner: Bool) -> Bool { !isInner || settings.innerVariables || c == 0 || c == leafChoices }

    func softmax(_ p: [Double], _ at: Int, _ count: Int, _ tau: Double) -> [Double] {
        let isInner = count == innerChoices
        var m = -Double.infinity
        for c in 0..<count where allowed(c, inner: isInner) { m = max(m, p[at + c] / tau) }
        var w = (0..<count).map { allowed($0, inner: isInner) ? Foundation.exp(p[at + $0] / tau - m) : 0 }
        let s = w.reduce(0, +)
        for c in 0..<count { w[c] /= s }
        return w
    }

    /// Each point's choices for a leaf: 1, then its variables (made once per fit, not per step).
    static func optionRows(_ inputs: [[Double]]) -> [[Double]] { inputs.map { [1.0] + $0 } }

    /// Mean of |f − y|² over the points (`rows` from `optionRows`), and its gradient with respect to the parameters.
    func lossAndGradient(_ p: [Double], _ tau: Double, _ rows: [[Double]], _ target: [Double]) -> (Double, [Double]) {
        let n = inner + leaves
        var weights = [[Double]](repeating: [], count: 2 * n)
        for i in 0..<n {
            weights[2 * i] = softmax(p, offset(i, side: 0), i < inner ? innerChoices : leafChoices, tau)
            if i < inner { weights[2 * i + 1] = softmax(p, offset(i, side: 1), innerChoices, tau) }
        }
        var gradient = [Double](repeating: 0, count: parameterCount)
        var weightGradient = weights.map { [Double](repeating: 0, count: $0.count) }
        var loss = 0.0
        var value = [(re: Double, im: Double)](repeating: (0, 0), count: n)
        var left = value, right = value
        var adjoint = value
        for (options, y) in zip(rows, target) {
            // Forward, leaves first (heap order: the children of i are 2i + 1 and 2i + 2).
            for i in stride(from: n - 1, through: 0, by: -1) {
                if i >= inner {
                    var v = 0.0
                    for c in 0..<leafChoices { v += weights[2 * i][c] * options[c] }
                    value[i] = (v, 0)
                    continue
                }
                func mix(_ w: [Double], _ child: (re: Double, im: Double)) -> (re: Double, im: Double) {
                    var re = 0.0
                    for c in 0..<leafChoices { re += w[c] * options[c] }
                    return (re + w[leafChoices] * child.re, w[leafChoices] * child.im)
                }
                left[i] = mix(weights[2 * i], value[2 * i + 1])
                right[i] = mix(weights[2 * i + 1], value[2 * i + 2])
                value[i] = ComplexDouble.eml(left[i], right[i])
            }
            let f = value[0]
            let d = (f.re - y, f.im)
            loss += d.0 * d.0 + d.1 * d.1
            // Backward: δ = ∂L/∂(value) in the convention dL = 2 Re(conj(δ)·dz); through a holomorphic h,
            // δ_input = δ·conj(h′). eml's h′ are exp(a) (left) and −1/b (right).
            for i in 0..<n { adjoint[i] = (0, 0) }
            adjoint[0] = d
            for i in 0..<n {
                let g = adjoint[i]
                if i >= inner {
                    for c in 0..<leafChoices { weightGradient[2 * i][c] += 2 * g.re * options[c] }
                    continue
                }
                let e = ComplexDouble.exp(left[i].re, left[i].im)
                let b = right[i], bb = b.re * b.re + b.im * b.im
                let minusInverse = (-b.re / bb, b.im / bb)  // −1/b
                // δ·conj(h′)
                let gl = (g.re * e.re + g.im * e.im, g.im * e.re - g.re * e.im)
                let gr = (g.re * minusInverse.0 + g.im * minusInverse.1, g.im * minusInverse.0 - g.re * minusInverse.1)
                // ∂L/∂w_c = 2 Re(conj(δ_input)·option_c); the child's weight meets the child's value.
                func input(_ side: Int, _ gs: (Double, Double), _ child: Int) {
                    for c in 0..<leafChoices { weightGradient[2 * i + side][c] += 2 * gs.0 * options[c] }
                    let v = value[child]
                    weightGradient[2 * i + side][leafChoices] += 2 * (gs.0 * v.re + gs.1 * v.im)
                    let w = weights[2 * i + side][leafChoices]
                    adjoint[child].re += gs.0 * w
                    adjoint[child].im += gs.1 * w
                }
                input(0, gl, 2 * i + 1)
                input(1, gr, 2 * i + 2)
            }
        }
        let scale = 1 / Double(target.count)
        // Through the softmax: ∂L/∂ℓ_c = (1/τ)·w_c·(g_c − Σ_k w_k g_k).
        for i in 0..<(2 * n) where !weights[i].isEmpty {
            let w = weights[i], g = weightGradient[i]
            let mean = zip(w, g).reduce(0) { $0 + $1.0 * $1.1 }
            let at = offset(i / 2, side: i % 2)
            for c in 0..<w.count { gradient[at + c] = scale * w[c] * (g[c] - mean) / tau }
        }
        return (loss * scale, gradient)
    }

    /// One restart from seeded random logits (drawn again while the start is not finite): Adam (β 0.9, 0.999), gradient norm clipped to 1, the
    /// temperature 2.5 while searching, then annealed geometrically to 0.01; a step whose loss is NaN or
    /// infinite is taken back and the step size halved.
    public func fit(_ inputs: [[Double]], _ target: [Double], seed: UInt64, learningRate: Double) -> Run {
        var rng = SplitMix(seed: seed)
        let rows = Self.optionRows(inputs)
        // A start whose soft tree already overflows or takes ln 0 has no gradient to follow (at depth 5 nearly
        // every uniform start does: towers of exp): draw again, each time leaning the inner inputs further
        // from their child toward 1, up to 200 times.
        var p: [Double] = [], loss = Double.nan, gradient: [Double] = []
        for attempt in 0..<200 {
            p = (0..<parameterCount).map { _ in rng.uniform(-1, 1) }
            for i in 0..<inner { for side in 0..<2 { p[offset(i, side: side) + leafChoices] -= 0.05 * Double(attempt) } }
            (loss, gradient) = lossAndGradient(p, 2.5, rows, target)
            if loss.isFinite && gradient.allSatisfy(\.isFinite) { break }
        }
        var m = [Double](repeating: 0, count: p.count), v = m
        var rate = learningRate
        var rejected = 0
        let total = settings.searchSteps + settings.hardenSteps
        for step in 1...total {
            let tau = step <= settings.searchSteps ? 2.5
                : 2.5 * Foundation.pow(0.01 / 2.5, Double(step - settings.searchSteps) / Double(settings.hardenSteps))
            let norm = gradient.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let clip = norm > 1 ? 1 / norm : 1
            var next = p
            for k in p.indices {
                let g = gradient[k] * clip
                m[k] = 0.9 * m[k] + 0.1 * g
                v[k] = 0.999 * v[k] + 0.001 * g * g
                let mh = m[k] / (1 - Foundation.pow(0.9, Double(step))), vh = v[k] / (1 - Foundation.pow(0.999, Double(step)))
                next[k] -= rate * mh / (vh.squareRoot() + 1e-8)
            }
            let (l, g) = lossAndGradient(next, tau, rows, target)
            if !l.isFinite || g.contains(where: { !$0.isFinite }) {
                rejected += 1
                rate = max(rate / 2, 1e-5)
                continue
            }
            (p, loss, gradient) = (next, l, g)
        }
        return Run(tree: bestSnap(p, inputs, target), loss: loss, rejectedSteps: rejected)
    }

    /// Inputs whose runner-up is tried when snapping: 2^4 trees, each one double evaluation of the points.
    static let snapAlternatives = 4

    /// The snapped tree that fits the points best: the largest weight of every input, and the trees that
    /// take the runner-up instead at some of the `snapAlternatives` least decided inputs (smallest logit
    /// margin) — a run that converged beside a choice it did not quite make still snaps to it.
    func bestSnap(_ p: [Double], _ inputs: [[Double]], _ target: [Double]) -> EMLTree {
        let n = inner + leaves
        var margins: [(margin: Double, input: Int, runnerUp: Int)] = []
        for i in 0..<n {
            for side in 0..<(i < inner ? 2 : 1) {
                let at = offset(i, side: side), count = i < inner ? innerChoices : leafChoices
                let open = (0..<count).filter { allowed($0, inner: i < inner) }.sorted { p[at + $0] > p[at + $1] }
                if open.count > 1 { margins.append((p[at + open[0]] - p[at + open[1]], 2 * i + side, open[1])) }
            }
        }
        let flips = margins.sorted { $0.margin < $1.margin }.prefix(Self.snapAlternatives)
        var best: (tree: EMLTree, error: Double)? = nil
        for mask in 0..<(1 << flips.count) {
            var choice: [Int: Int] = [:]
            for (bit, flip) in flips.enumerated() where mask & (1 << bit) != 0 { choice[flip.input] = flip.runnerUp }
            let tree = snapped(p, overriding: choice)
            let rmse = Regression.rmse(FloatTreeEvaluator.evaluate(tree, points: inputs.map { row in
                tree.variables.map { row[variables.firstIndex(of: $0)!] } }), target)
            let error = rmse.isNaN ? .infinity : rmse
            if best == nil || error < best!.error { best = (tree, error) }
        }
        return best!.tree
    }

    /// The tree of the largest weight of every input, or the choice `overriding` names (by 2·node + side).
    func snapped(_ p: [Double], overriding: [Int: Int] = [:]) -> EMLTree {
        var b = EMLBuilder()
        func argmax(_ at: Int, _ count: Int, _ input: Int) -> Int {
            if let c = overriding[input] { return c }
            return (0..<count).filter { allowed($0, inner: count == innerChoices) }.max { p[at + $0] < p[at + $1] }!
        }
        func option(_ c: Int) -> Int { c == 0 ? b.one : b.variable(variables[c - 1]) }
        func node(_ i: Int) -> Int {
            if i >= inner { return option(argmax(offset(i, side: 0), leafChoices, 2 * i)) }
            let l = argmax(offset(i, side: 0), innerChoices, 2 * i), r = argmax(offset(i, side: 1), innerChoices, 2 * i + 1)
            let a = l == leafChoices ? node(2 * i + 1) : option(l)
            let c = r == leafChoices ? node(2 * i + 2) : option(r)
            return b.eml(a, c)
        }
        let root = node(0)
        return b.finish(root: root)
    }
}

extension Regression {
    /// Restarts of the gradient search at one depth on all cores (restart r seeded seed + r), each snapped
    /// tree checked like an enumerated one; the runs' trees by training error, best first, and how many steps
    /// were taken back.
    /// With `shard` (index, count), this process runs restarts r ≡ index (mod count) of the same numbering,
    /// so the parts together run every restart an unsharded search runs.
    public static func gradient(_ data: RegressionData, depth: Int, restarts: Int, seed: UInt64, threads: Int,
                                settings: GradientFit.Settings? = nil,
                                shard: (index: Int, count: Int) = (0, 1)) -> (trees: [(EMLTree, Double)], rejectedSteps: Int) {
        let fit = GradientFit(variables: data.variables, settings: settings ?? .init(depth: depth))
        let rates = fit.settings.learningRates
        let mine = Array(stride(from: shard.index, to: restarts, by: shard.count))
        let runs = ParallelMap.map(mine.count, threads: threads) { i in
            let r = mine[i]
            return fit.fit(data.trainInputs, data.trainTarget, seed: seed &+ UInt64(r), learningRate: rates[r % rates.count])
        }
        let trees = runs.map { run in (run.tree, rmse(evaluate(run.tree, data.variables, data.trainInputs), data.trainTarget)) }
        return (trees.sorted { !($0.1 >= $1.1) }, runs.map(\.rejectedSteps).reduce(0, +))
    }
}
