import CMPFR
import EMLEvaluation
import EMLNumbers
import EMLSyntax
import EMLTree
import EMLTreeFloat
import Foundation
import NumericKernels

/// Data for a regression: inputs (one value per variable per point) and the target, split into the
/// points the search fits and the points held out to judge it.
public struct RegressionData: Sendable {
    public var variables: [String]
    public var trainInputs: [[Double]], trainTarget: [Double]
    public var testInputs: [[Double]], testTarget: [Double]

    public init(variables: [String], trainInputs: [[Double]], trainTarget: [Double], testInputs: [[Double]], testTarget: [Double]) {
        self.variables = variables
        (self.trainInputs, self.trainTarget, self.testInputs, self.testTarget) = (trainInputs, trainTarget, testInputs, testTarget)
    }

    /// `inputs`/`target` split by a seeded shuffle: `heldOut` of the points (at least one) held out.
    public init(variables: [String], inputs: [[Double]], target: [Double], heldOut: Double = 0.2, seed: UInt64) {
        var order = Array(inputs.indices)
        var rng = SplitMix(seed: seed)
        order.shuffle(using: &rng)
        let testCount = inputs.count < 2 ? 0 : max(1, Int((Double(inputs.count) * heldOut).rounded()))
        let test = order.prefix(testCount), train = order.dropFirst(testCount)
        self.init(variables: variables, trainInputs: train.map { inputs[$0] }, trainTarget: train.map { target[$0] },
                  testInputs: test.map { inputs[$0] }, testTarget: test.map { target[$0] })
    }
}

/// One point of the Pareto front.
public struct RegressionCandidate: Sendable {
    public enum Verdict: String, Sendable { case exact, approximate }
    public let tree: EMLTree
    /// The pure EML form, `eml(a, b)` over 1 and the variables (what `eml compile` prints).
    public let eml: String
    /// The conventional formula lifted back from the catalog's constructions.
    public let formula: String
    public let k: Int
    public let depth: Int
    public let trainRMSE: Double, testRMSE: Double
    /// Largest |value − target|/|target| over every point (absolute where the target is 0).
    public let maxRelativeError: Double
    public internal(set) var verdict: Verdict
    /// Why an exact fit was judged approximate (it differs from `--truth` somewhere), if it was.
    public internal(set) var note: String? = nil
}

public struct RegressionResult: Sendable {
    /// Size K against held-out error: each candidate smaller and with a larger held-out error than the next.
    public internal(set) var front: [RegressionCandidate]
    /// The trees the front was chosen from (the kept candidates, the meet in the middle's roots, the seeds),
    /// so that other methods can add theirs.
    public let trees: [EMLTree]
    /// The conventional formula of the trees the catalog search found, by EML text.
    public let formulas: [String: String]
    public let treesFormed: Int
    public let distinctFunctions: Int
    public let largestCompleteK: Int
    public let stop: Enumeration.Stop
}

public enum Regression {
    /// Points whose values index the enumeration's dedup table, and whose error ranks the candidates.
    static let probeCount = 16
    /// Candidates kept per K by probe error, re-ranked on every training point.
    static let keptPerK = 8
    /// The data's own precision: doubles read from text.
    public static let exactTolerance = 1e-12

    /// Enumerates EML trees up to `limits` and returns the Pareto front; stops after the level where a
    /// tree fits every training point to `exactTolerance`.
    /// Deterministic for given data, seed and limits, whatever the thread count (the merge of each block is in
    /// a fixed order). `progress` is told after each block of about 2^15 trees; returning false stops the search.
    /// With `truth`, an exact fit must also equal it at 1000 fresh points to 60 digits (`agreesWithTruth`).
    public static func enumerate(_ data: RegressionData, limits: Enumeration.Limits, truth: MathExpression? = nil,
                                 progress: ((Enumeration.Progress) -> Bool)? = nil) -> RegressionResult {
        let probes = Array(data.trainInputs.prefix(probeCount))
        let probeTarget = Array(data.trainTarget.prefix(probeCount))
        var best: [Int: [(Double, Int)]] = [:]
        // The level's keptPerK best by probe error, smallest first.
        var pending: [(Double, Int)] = []
        var exactLevel: Int? = nil
        let start = Date()
        let seeds = catalogSeeds(data.variables)
        let enumeration = Enumeration(variables: data.variables, probePoints: probes, limits: limits,
                                      seeds: seeds, visit: { entry, z in
            var sum = 0.0
            for p in 0..<probeTarget.count {
                let dr = z[2 * p] - probeTarget[p], di = z[2 * p + 1]
                sum += dr * dr + di * di
            }
            guard sum.isFinite, pending.count < keptPerK || sum < pending[pending.count - 1].0 else { return }
            if pending.count == keptPerK { pending.removeLast() }
            pending.insert((sum, entry), at: pending.firstIndex { $0.0 > sum } ?? pending.count)
        }, levelDone: { k, enumeration in
            // Rank this level's candidates on every training point; stop once one fits them all.
            best[k] = pending
            for (_, e) in pending where exactLevel == nil {
                let values = evaluate(enumeration.tree(e), data.variables, data.trainInputs)
                if maxRelativeError(values, data.trainTarget) <= exactTolerance { exactLevel = k }
            }
            pending.removeAll()
            return exactLevel != nil
        }, progress: progress)
        // Every kept candidate, then the meet in the middle's roots and the seeds (those past the largest K
        // were never visited): the front takes each K's best training fit.
        var trees = best.keys.sorted().flatMap { k in best[k]!.map { enumeration.tree($0.1) } }
        if exactLevel == nil { trees += meetInTheMiddle(enumeration, probeTarget, skipping: Set(best.keys)) }
        // Without an exact tree from the table: formulas of a few catalog operations, in the time left (at
        // least a tenth of the limit).
        let remaining = max(limits.timeLimit - Date().timeIntervalSince(start), limits.timeLimit / 10)
        var cancelled = false
        if case .cancelled = enumeration.stop { cancelled = true }
        let matches = exactLevel != nil || cancelled ? []
            : CatalogSearch.search(data, maximumEntries: limits.maximumEntries, timeLimit: remaining)
        trees += seeds + matches.map(\.tree)
        var formulas: [String: String] = [:]
        for m in matches { if let text = try? m.tree.formatted(.eml) { formulas[text] = m.formula } }
        let front = front(trees, data, truth: truth, formulas: formulas)
        let complete: Int
        switch enumeration.stop {
        case .completed: complete = exactLevel ?? limits.maximumK
        case .entryLimit(let k), .timeLimit(let k), .cancelled(let k): complete = k - 2
        }
        return RegressionResult(front: front, trees: trees, formulas: formulas, treesFormed: enumeration.treesFormed,
                                distinctFunctions: enumeration.shapes.count, largestCompleteK: complete, stop: enumeration.stop)
    }

    /// The Pareto front of `trees` (from any method): per K the best training fit, kept where its held-out
    /// error beats every smaller K's (`paretoFront`, as a merge of shards chooses), each with its verdict
    /// (MPC at 256 bits; with `truth`, also 60 digits at 1000 fresh points); it ends at its first exact fit.
    /// `formulas` names the conventional formula of trees that came from one (by their EML text); the others
    /// are lifted (`Lifting`).
    public static func front(_ trees: [EMLTree], _ data: RegressionData, truth: MathExpression? = nil,
                             formulas: [String: String] = [:]) -> [RegressionCandidate] {
        struct Scored { let tree: EMLTree, k: Int, train: Double, text: String }
        let scored = trees.compactMap { tree -> Scored? in
            let train = rmse(evaluate(tree, data.variables, data.trainInputs), data.trainTarget)
            guard train.isFinite else { return nil }
            return Scored(tree: tree, k: Int(tree.statistics.k), train: train, text: (try? tree.formatted(.eml)) ?? "(too large to print)")
        }
        // Held-out values of the trees the selection asks about (one per K), kept for the candidates.
        var testValues: [Int: [(re: Double, im: Double)]] = [:]
        func test(_ c: Scored) -> Double {
            guard !data.testTarget.isEmpty else { return c.train }
            let values = testValues[c.k] ?? evaluate(c.tree, data.variables, data.testInputs)
            testValues[c.k] = values
            return rmse(values, data.testTarget)
        }
        var front: [RegressionCandidate] = []
        for c in paretoFront(scored, k: \.k, train: \.train, test: test, text: \.text) {
            let all = evaluate(c.tree, data.variables, data.trainInputs) + (testValues[c.k] ?? [])
            let maxRelative = maxRelativeError(all, data.trainTarget + data.testTarget)
            let verdict: RegressionCandidate.Verdict = maxRelative <= 1e-9 && isExactInMPFR(c.tree, data) ? .exact : .approximate
            var candidate = RegressionCandidate(tree: c.tree, eml: c.text, formula: formulas[c.text] ?? Lifting.formula(c.tree), k: c.k,
                                                depth: c.tree.statistics.depth, trainRMSE: c.train, testRMSE: test(c),
                                                maxRelativeError: maxRelative, verdict: verdict)
            if verdict == .exact, let truth, let difference = agreesWithTruth(c.tree, truth: truth, data: data) {
                candidate.verdict = .approximate
                candidate.note = "fits the data but not the truth: \(difference)"
            }
            front.append(candidate)
            // Past an exact fit a larger tree can only differ in rounding noise: the front ends there.
            if candidate.verdict == .exact { break }
        }
        return front
    }

    /// Roots found by inverting the root: eml(A, B) = t means B = exp(e^A − t) pointwise, so for every
    /// enumerated A the B it needs is looked up among the enumerated values by its signature: trees up to
    /// K_A + K_B + 1, twice the table's reach, at most `keptPerK` per K and none at the K in `skipping`.
    /// In a shard, A and B range over that part's table (the lower levels and its share of the top one).
    static func meetInTheMiddle(_ enumeration: Enumeration, _ target: [Double], skipping: Set<Int>) -> [EMLTree] {
        var found: [Int: [EMLTree]] = [:]
        var needed = [Double](repeating: 0, count: 2 * target.count)  // re, im interleaved, as the table's
        for a in 0..<enumeration.shapes.count {
            var finite = true
            for p in 0..<target.count {
                let za = enumeration.value(a, probe: p)
                let ea = ComplexDouble.exp(za.re, za.im)
                let b = ComplexDouble.exp(ea.re - target[p], ea.im)
                guard b.re.isFinite, b.im.isFinite, abs(ea.im) < .pi else { finite = false; break }
                (needed[2 * p], needed[2 * p + 1]) = (b.re, b.im)
            }
            guard finite, let b = enumeration.entry(withSignature: Enumeration.signature(complex: needed)) else { continue }
            let k = enumeration.sizes[a] + enumeration.sizes[b] + 1
            if !skipping.contains(k) && found[k, default: []].count < keptPerK { found[k, default: []].append(enumeration.tree(eml: a, b)) }
        }
        return found.keys.sorted().flatMap { found[$0]! }
    }

    /// The Pareto front of candidates from one search or several shards: the best training fit per K (ties:
    /// the shorter EML text, then the text, so any split of the search chooses alike), kept where its
    /// held-out error beats every smaller K's. `test` is asked once per K, of that K's choice only.
    public static func paretoFront<C>(_ candidates: [C], k: (C) -> Int, train: (C) -> Double, test: (C) -> Double, text: (C) -> String) -> [C] {
        var best: [Int: C] = [:]
        for c in candidates {
            if let b = best[k(c)], (train(b), text(b).count, text(b)) <= (train(c), text(c).count, text(c)) { continue }
            best[k(c)] = c
        }
        var front: [C] = []
        var bestTest = Double.infinity
        for key in best.keys.sorted() {
            let error = test(best[key]!)
            guard error < bestTest else { continue }
            bestTest = error
            front.append(best[key]!)
        }
        return front
    }

    /// The catalog's forms over the variables as building blocks: ln u, √u, u², and for each pair u·v, u/v,
    /// u − v, u + v, u^v and log_u v (the compiler's constructions, verified by the catalog tests; their K
    /// is the compiler's, larger than the shortest forms).
    public static func catalogSeeds(_ variables: [String]) -> [EMLTree] {
        var texts: [String] = []
        for u in variables { texts += ["ln(\(u))", "sqrt(\(u))", "\(u)*\(u)"] }
        for u in variables {
            for v in variables where v != u {
                texts += ["\(u)/\(v)", "\(u)-\(v)", "\(u)^\(v)", "log(\(u), \(v))"]
                if u < v { texts += ["\(u)*\(v)", "\(u)+\(v)"] }
            }
        }
        var scope = Scope()
        scope.allowsFreeVariables = true
        return texts.compactMap { text in (try? Parser.parseExpression(text, scope: scope)).flatMap { try? EMLTree(lowering: $0) } }
    }

    /// The tree's values at `inputs` (columns named by `variables`) in complex double.
    public static func evaluate(_ tree: EMLTree, _ variables: [String], _ inputs: [[Double]]) -> [(re: Double, im: Double)] {
        let columns = tree.variables.map { variables.firstIndex(of: $0)! }
        return FloatTreeEvaluator.evaluate(tree, points: inputs.map { row in columns.map { row[$0] } })
    }

    static func rmse(_ values: [(re: Double, im: Double)], _ target: [Double]) -> Double {
        guard !target.isEmpty else { return 0 }
        var sum = 0.0
        for (v, t) in zip(values, target) { sum += (v.re - t) * (v.re - t) + v.im * v.im }
        return (sum / Double(target.count)).squareRoot()
    }

    static func maxRelativeError(_ values: [(re: Double, im: Double)], _ target: [Double]) -> Double {
        var worst = 0.0
        for (v, t) in zip(values, target) {
            let e = ((v.re - t) * (v.re - t) + v.im * v.im).squareRoot() / (t == 0 ? 1 : abs(t))
            if !(e <= worst) { worst = e.isNaN ? .infinity : e }
        }
        return worst
    }

    /// The snapped tree in MPC at 256 bits reproduces every point to the data's precision (relative
    /// `exactTolerance`, absolute where the target is 0), with an imaginary part below it.
    public static func isExactInMPFR(_ tree: EMLTree, _ data: RegressionData) -> Bool {
        let columns = tree.variables.map { data.variables.firstIndex(of: $0)! }
        let evaluator = TreeEvaluator(tree: tree, precision: 256)
        for (row, y) in zip(data.trainInputs + data.testInputs, data.trainTarget + data.testTarget) {
            let inputs = columns.map { BigComplex(BigReal(row[$0], precision: 53), precision: 256) }
            guard let z = try? evaluator.evaluate(inputs) else { return false }
            let scale = y == 0 ? 1 : abs(y)
            let dr = BigReal.binary(z.real, BigReal(y, precision: 53), precision: 64) { r, a, b in _ = mpfr_sub(r, a, b, MPFR_RNDN) }
            guard abs(dr.doubleValue) <= exactTolerance * scale, abs(z.imaginary.doubleValue) <= exactTolerance * max(scale, 1) else { return false }
        }
        return true
    }
}
