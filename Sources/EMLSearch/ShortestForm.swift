import CMPFR
import EMLEvaluation
import EMLNumbers
import EMLSyntax
import EMLTree
import EMLTreeFloat
import Foundation
import NumericKernels

/// `eml search`: the shortest EML trees equal to a target, by exhaustive enumeration in order of K.
///
/// Trees over the leaves are enumerated bottom-up (`Enumeration`), one per function at the probe points
/// (observational equivalence); after each level every kept function A is also tried as the left child
/// of a root whose right child B must be exp(e^A − t) (meet in the middle), looked up among the kept
/// values. A candidate that matches the target at every probe in complex double is then verified in MPC
/// at 256 bits at fresh points of the domain against the engine's certified value of the target. With a
/// complete table up to K_t every tree of K ≤ K_t + 2 has been formed or paired, so a verified form of
/// such K is the shortest, and a search that ends without one proves none exists up to K_t + 2
/// (up to equality at the probes: trees equal there are one function).
public enum ShortestForm {
    public enum Semantics: String, Sendable, CaseIterable {
        /// No ln 0 anywhere: every intermediate value finite.
        case ieee
        /// Extended reals: ln 0 = −∞, e^−∞ = 0.
        case extended
    }

    public struct Target: Sendable {
        public let text: String
        public let expression: MathExpression
        /// The leaves' variables (the target's, or more from --leaves), in order.
        public let variables: [String]
        public init(text: String, expression: MathExpression, variables: [String]) {
            self.text = text
            self.expression = expression
            self.variables = variables
        }
    }

    public struct Options: Sendable {
        public var maximumK = 35
        public var semantics = Semantics.ieee
        public var maximumEntries = 4_000_000
        public var timeLimit = 60.0
        public var threads = ParallelMap.availableCores
        /// Verification points per region, at 256 bits.
        public var verificationPoints = 24
        /// This process's part (index from 0) of a search split over `count` processes: the top level of the
        /// table is split between them by blocks (`Enumeration.Limits.shard`); `merged` joins the parts.
        public var shard = (index: 0, count: 1)
        public init() {}
    }

    /// A verified form and where it was found to hold.
    public struct Form: Sendable {
        public let tree: EMLTree
        public let k: Int
        public let depth: Int
        /// Regions checked at fresh points (x > 0 where it was searched, then x < 0 and the complex plane):
        /// each region's name and whether the form equals the target at every point tried there.
        public let regions: [(name: String, holds: Bool)]
        public let semantics: Semantics
    }

    public struct Result: Sendable {
        /// The shortest verified form found, if any.
        public let form: Form?
        /// Every tree of K ≤ this was formed or paired: the proven reach.
        public let provenK: Int
        /// Levels of the table completed (every tree up to this K enumerated).
        public let tableK: Int
        /// The highest level built (complete, or this shard's part of it).
        public let lastLevel: Int
        public let treesFormed: Int
        /// Distinct functions kept per K.
        public let distinctPerK: [Int: Int]
        /// Candidates that matched at the probes but failed verification.
        public let rejectedCandidates: Int
        public let stop: Enumeration.Stop
        public let seconds: Double
        /// Whether the form is proven shortest (K ≤ provenK).
        public var isShortest: Bool { form.map { $0.k <= provenK } ?? false }
    }

    public struct Progress: Sendable {
        public let k: Int
        public let treesFormed: Int
        public let distinct: Int
        public let elapsed: Double
    }

    /// Transcendental probe values in (0, 3): Euler's γ, Catalan's G, ζ(3), e/2, π/2, ln 10, √3 − ½, the
    /// Meissel–Mertens constant + 1: no algebraic accident makes two different functions agree on all.
    static let probeValues = [0.5772156649015329, 0.915965594177219, 1.2020569031595942, 1.3591409142295225,
                              1.5707963267948966, 2.302585092994046, 1.2320508075688772, 1.2614972128476428]

    /// The probe points: one for a constant, eight otherwise (each variable a rotation of the values).
    static func probes(variables: Int) -> [[(re: Double, im: Double)]] {
        if variables == 0 { return [[]] }
        return (0..<probeValues.count).map { p in (0..<variables).map { v in (re: probeValues[(p + 3 * v) % probeValues.count], im: 0) } }
    }

    /// The target's value at each probe, from the engine's certified evaluation (20 digits).
    static func targetValues(_ target: Target, _ probes: [[(re: Double, im: Double)]]) -> [(re: Double, im: Double)]? {
        var out: [(re: Double, im: Double)] = []
        for point in probes {
            var inputs: [String: MathExpression] = [:]
            for (name, value) in zip(target.variables, point) {
                inputs[name] = try? Parser.parseExpression(String(format: "%.17g", value.re), scope: Scope())
            }
            guard let v = try? Evaluator.evaluate(target.expression, digits: 20, mode: .direct, inputs: inputs) else { return nil }
            let z = (re: v.real?.doubleValue ?? 0, im: v.imaginary?.doubleValue ?? 0)
            guard z.re.isFinite, z.im.isFinite else { return nil }
            // A nonzero part a double holds only as 0 or a subnormal would meet 0 at the probes.
            for (part, x) in [(v.real, z.re), (v.imaginary, z.im)] where part.map({ !$0.isZero }) ?? false && abs(x) < 0x1p-900 { return nil }
            out.append(z)
        }
        return out
    }

    static func close(_ a: (re: Double, im: Double), _ b: (re: Double, im: Double)) -> Bool {
        let scale = max(1, abs(b.re), abs(b.im))
        return abs(a.re - b.re) <= 1e-9 * scale && abs(a.im - b.im) <= 1e-9 * scale
    }

    /// Searches for `target`. `resume` goes on from a saved table (`SearchCheckpoint`); `checkpoint` is
    /// given the table after every complete level, to save.
    public struct TargetError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Whether the target has a finite value at every probe point (what the search compares with).
    public static func checkTarget(_ target: Target) throws(TargetError) {
        guard targetValues(target, probes(variables: target.variables.count)) != nil else {
            let at = target.variables.isEmpty ? "" : " at the probe points (\(target.variables.joined(separator: ", ")) in (0.5, 2.4))"
            throw TargetError(description: "'\(target.text)' has no value that a double holds\(at) (undefined, infinite, beyond ±1.8e308, or nonzero below 2^−900): the probes cannot compare it")
        }
    }

    public static func search(_ target: Target, options: Options, resume: Enumeration.Snapshot? = nil,
                              checkpoint: ((Enumeration, Int) -> Void)? = nil, progress: ((Progress) -> Bool)? = nil) -> Result {
        let start = Date()
        let probes = probes(variables: target.variables.count)
        guard let wanted = targetValues(target, probes) else {
            return Result(form: nil, provenK: 0, tableK: 0, lastLevel: 0, treesFormed: 0, distinctPerK: [:], rejectedCandidates: 0, stop: .completed, seconds: 0)
        }
        var limits = Enumeration.Limits(maximumK: max(1, options.maximumK - 2), maximumEntries: options.maximumEntries,
                                        timeLimit: options.timeLimit, threads: options.threads, shard: options.shard)
        limits.finiteOnly = options.semantics == .ieee
        var best: Form? = nil
        var rejected = 0, tableK = 0, treesBefore = 0
        var tried = Set<String>()
        // Direct hits of the level being built, checked once the level is complete.
        var pendingDirect: [Int] = []
        func consider(_ tree: EMLTree, _ enumerationK: Int) {
            let k = Int(tree.statistics.k)
            if let b = best, b.k <= k { return }
            let key = (try? tree.formatted(.rpn)) ?? ""
            guard tried.insert(key).inserted else { return }
            if let form = verify(tree, target, options.semantics, points: options.verificationPoints) { best = form } else { rejected += 1 }
        }
        let enumeration = Enumeration(
            variables: target.variables, complexProbes: probes, limits: limits, resuming: resume,
            visit: { e, values in
                var hit = true
                for p in 0..<wanted.count where !close((values[2 * p], values[2 * p + 1]), wanted[p]) { hit = false; break }
                if hit { pendingDirect.append(e) }
            },
            levelDone: { k, table in
                tableK = k
                for e in pendingDirect { consider(table.tree(e), k) }
                pendingDirect.removeAll()
                for tree in meetInTheMiddle(table, wanted, below: min(best?.k ?? Int.max, options.maximumK + 1)) { consider(tree, k) }
                // Spines at a quarter of the level's own cost (a residual costs what about four trees do);
                // the final table gets a longer search below.
                let formed = table.treesFormed - treesBefore
                treesBefore += formed
                for tree in spines(table, wanted, below: min(best?.k ?? Int.max, options.maximumK + 1), steps: formed / 16) { consider(tree, k) }
                // Proven: a verified form no longer than every tree formed or paired so far.
                if let b = best, b.k <= k + 2 { return true }
                // A shard's top level is its part only: not a table to resume from.
                if k < limits.maximumK || options.shard.count == 1 { checkpoint?(table, k) }
                return false
            },
            progress: progress.map { report in
                { (p: Enumeration.Progress) -> Bool in report(Progress(k: p.k, treesFormed: p.treesFormed, distinct: p.distinctFunctions, elapsed: p.elapsed)) }
            })
        // The table as it ended (complete, or cut short by a limit): its spines, about a second's worth.
        if best.map({ $0.k > tableK + 2 }) ?? true {
            for tree in spines(enumeration, wanted, below: min(best?.k ?? Int.max, options.maximumK + 1), steps: Self.finalSpineSteps) { consider(tree, tableK) }
        }
        var perK: [Int: Int] = [:]
        for (k, entries) in enumeration.levels { perK[k] = entries.count }
        // A level cut short by a limit is not complete: the reach is the last complete one's.
        // A shard builds only its part of the top level (limits.maximumK): complete are the levels below it.
        var complete: Int
        switch enumeration.stop {
        case .completed: complete = tableK
        case .entryLimit(let k), .timeLimit(let k), .cancelled(let k): complete = k - 2
        }
        if options.shard.count > 1 && tableK == limits.maximumK && complete == tableK { complete = tableK - 2 }
        return Result(form: best, provenK: min(complete + 2, options.maximumK), tableK: complete, lastLevel: tableK, treesFormed: enumeration.treesFormed,
                      distinctPerK: perK, rejectedCandidates: rejected, stop: enumeration.stop,
                      seconds: Date().timeIntervalSince(start))
    }

    /// Roots eml(A, B) = t with A and B both kept: B = exp(e^A − t), looked up by signature; those shorter than `below`.
    static func meetInTheMiddle(_ table: Enumeration, _ wanted: [(re: Double, im: Double)], below: Int) -> [EMLTree] {
        var found: [(Int, EMLTree)] = []
        var needed = [Double](repeating: 0, count: 2 * wanted.count)
        for a in 0..<table.shapes.count {
            var finite = true
            for p in 0..<wanted.count {
                let za = table.value(a, probe: p)
                let ea = ComplexDouble.exp(za.re, za.im)
                // ln(exp(e^A − t)) = e^A − t only inside the strip |Im| < π: outside, B would not give t back.
                guard abs(ea.im - wanted[p].im) < .pi else { finite = false; break }
                // e^A far beyond t: e^A − ln B cancels past what doubles at the probes can tell apart.
                guard max(abs(ea.re), abs(ea.im)) < 1e6 * max(1, abs(wanted[p].re), abs(wanted[p].im)) else { finite = false; break }
                let b = ComplexDouble.exp(ea.re - wanted[p].re, ea.im - wanted[p].im)
                guard b.re.isFinite, b.im.isFinite else { finite = false; break }
                (needed[2 * p], needed[2 * p + 1]) = (b.re, b.im)
            }
            guard finite, let b = table.entry(withSignature: Enumeration.signature(complex: needed)) else { continue }
            // The signature rounds to float (and beyond 3.4e38 to ∞, near 0 to 0): the pair itself must give
            // t back in doubles, from the value B has in the table.
            guard (0..<wanted.count).allSatisfy({ p in
                let za = table.value(a, probe: p), zb = table.value(b, probe: p)
                let back = ComplexDouble.eml((za.re, za.im), (zb.re, zb.im))
                return close((back.re, back.im), wanted[p])
            }) else { continue }
            let k = table.sizes[a] + table.sizes[b] + 1
            if k < below { found.append((k, table.tree(eml: a, b))) }
        }
        return found.sorted { $0.0 < $1.0 }.prefix(256).map(\.1)
    }

    /// Residuals the final table's spine search computes: about a second in a release build.
    static let finalSpineSteps = 1 << 21

    /// Spines: roots whose one child at each step is small (a kept function of K ≤ 3), peeled down to a
    /// kept function. eml(T, v) = t needs T = Ln(t + Ln v) (or T + 2πi where t + Ln v is on the cut),
    /// eml(v, T) = t needs T = exp(e^v − t) (inside the strip or on its edge); each residual is looked up
    /// in the table.
    /// This reaches forms far past the table (x^y, K 25, from a table complete to 15: six leaves on its
    /// spine) without proving them shortest: what is proven stays the table's reach. Depth first, deepened
    /// by the spine's cost (its sides' K + 1 each) while `steps` residuals (about half a microsecond each)
    /// last; those shorter than `below`.
    static func spines(_ table: Enumeration, _ wanted: [(re: Double, im: Double)], below: Int, steps: Int) -> [EMLTree] {
        let sides = (table.levels[1] ?? []) + (table.levels[3] ?? [])
        let probes = wanted.count, width = 2 * probes
        // Per side and probe: Ln v (for eml(T, v)) and e^v (for eml(v, T)), computed once.
        var sideLog = [Double](repeating: 0, count: sides.count * width), sideExp = sideLog
        for (s, side) in sides.enumerated() {
            for p in 0..<probes {
                let v = table.value(side, probe: p)
                let l = ComplexDouble.log(v.re, v.im), e = ComplexDouble.exp(v.re, v.im)
                (sideLog[s * width + 2 * p], sideLog[s * width + 2 * p + 1]) = (l.re, l.im)
                (sideExp[s * width + 2 * p], sideExp[s * width + 2 * p + 1]) = (e.re, e.im)
            }
        }
        var found: [(Int, EMLTree)] = []
        var computed = 0
        // The residual at each depth, values flat; the path of (side, right) above it.
        var stack = [[Double]](repeating: [Double](repeating: 0, count: width), count: 1)
        stack[0] = wanted.flatMap { [$0.re, $0.im] }
        var path: [(side: Int, right: Bool)] = []
        var seen: [UInt64: Int] = [:]
        var limit = 2
        /// The residual just computed at `depth + 1`: looked up, then expanded.
        func visit(_ depth: Int, _ childCost: Int, _ step: (side: Int, right: Bool)) {
            let signature = Enumeration.signature(complex: stack[depth + 1])
            // Reached before at no more cost in this pass: its spines were (or are being) tried.
            if let earlier = seen[signature], earlier <= childCost { return }
            if seen.count < 1 << 20 { seen[signature] = childCost }
            path.append(step)
            defer { path.removeLast() }
            // New at this cost: the pass before stopped short of it.
            if childCost == limit, let core = table.entry(withSignature: signature), table.sizes[core] + childCost < below,
               spineGivesTarget(table, core: core, path: path, wanted) {
                found.append((table.sizes[core] + childCost, table.tree(spine: path, core: core)))
            }
            expand(depth + 1, childCost)
        }
        /// Every child of the residual at `depth`, of spine cost `cost`, and their spines up to `limit`.
        func expand(_ depth: Int, _ cost: Int) {
            if stack.count <= depth + 1 { stack.append(stack[0]) }
            for s in sides.indices {
                let childCost = cost + table.sizes[sides[s]] + 1
                guard childCost <= limit, childCost + 1 < below else { continue }
                for toRight in [true, false] {
                    guard computed < steps else { return }
                    computed += 1
                    var ok = true
                    var cut: [Int] = []
                    for p in 0..<probes {
                        let (tr, ti) = (stack[depth][2 * p], stack[depth][2 * p + 1])
                        let z: (re: Double, im: Double)
                        if toRight {
                            z = ComplexDouble.log(tr + sideLog[s * width + 2 * p], ti + sideLog[s * width + 2 * p + 1])
                            if z.im == -.pi { cut.append(p) }
                        } else {
                            let (er, ei) = (sideExp[s * width + 2 * p], sideExp[s * width + 2 * p + 1])
                            // On the strip's edge too (within rounding): Ln takes −π there, and T's +iπ above gives it.
                            guard abs(ei - ti) <= .pi * (1 + 0x1p-40) else { ok = false; break }
                            z = ComplexDouble.exp(er - tr, ei - ti)
                        }
                        guard z.re.isFinite, z.im.isFinite, max(abs(z.re), abs(z.im)) < 1e300 else { ok = false; break }
                        (stack[depth + 1][2 * p], stack[depth + 1][2 * p + 1]) = (z.re, z.im)
                    }
                    guard ok else { continue }
                    visit(depth, childCost, (sides[s], toRight))
                    // eml(T, v) = t fixes T only up to 2πi: where t + Ln v lies on the negative axis (within
                    // rounding), the tree's T may have taken +iπ there, as its rounding noise decided.
                    if !cut.isEmpty {
                        for p in cut { stack[depth + 1][2 * p + 1] = .pi }
                        visit(depth, childCost, (sides[s], toRight))
                    }
                }
            }
        }
        while limit + 2 < below && computed < steps {
            seen.removeAll(keepingCapacity: true)
            expand(0, 0)
            limit += 2
        }
        return found.sorted { $0.0 < $1.0 }.prefix(256).map(\.1)
    }

    /// Whether the core's table values, carried back up the spine in doubles, give the target at every
    /// probe (the signature rounds to float; the branches taken must be the ones the tree takes).
    static func spineGivesTarget(_ table: Enumeration, core: Int, path: [(side: Int, right: Bool)], _ wanted: [(re: Double, im: Double)]) -> Bool {
        (0..<wanted.count).allSatisfy { p in
            var z = table.value(core, probe: p)
            for step in path.reversed() {
                let v = table.value(step.side, probe: p)
                z = step.right ? ComplexDouble.eml(z, v) : ComplexDouble.eml(v, z)
            }
            return close(z, wanted[p])
        }
    }

    /// The tree against the target at fresh points, in MPC at 256 bits against 60 certified digits: x > 0
    /// (where the search looked; required), then x < 0 and complex points (reported).
    static func verify(_ tree: EMLTree, _ target: Target, _ semantics: Semantics, points: Int) -> Form? {
        let evaluator = TreeEvaluator(tree: tree, precision: 256)
        var rng = SplitMix(seed: 23)
        func agrees(_ sample: () -> (Double, Double)) -> Bool {
            for _ in 0..<(target.variables.isEmpty ? 1 : points) {
                var inputs: [String: MathExpression] = [:]
                var leaves: [BigComplex] = []
                for name in target.variables {
                    // 17 significant digits: the same exact decimal on both sides.
                    let (re, im) = sample()
                    let (reText, imText) = (String(format: "%.17g", re), String(format: "%.17g", im))
                    inputs[name] = try? Parser.parseExpression(im == 0 ? reText : "\(reText) + (\(imText))*i", scope: Scope())
                    guard let r = BigReal(literal: reText, precision: 256), let j = BigReal(literal: imText, precision: 256) else { return false }
                    leaves.append(BigComplex(real: r, imaginary: j, precision: 256))
                }
                guard let exact = try? Evaluator.evaluate(target.expression, digits: 60, mode: .direct, inputs: inputs),
                      let z = try? evaluator.evaluate(tree.variables.map { leaves[target.variables.firstIndex(of: $0)!] }) else { return false }
                let re = exact.real ?? BigReal(0, precision: 64), im = exact.imaginary ?? BigReal(0, precision: 64)
                guard re.isFinite, im.isFinite, z.real.isFinite, z.imaginary.isFinite else { return false }
                // Relative to the target's size (e^−1000 is not 0); absolute only where the target is exactly 0,
                // which a tree computes to within its rounding (e − ln e^e is 2^−255, not 0, at 256 bits).
                let scale = re.isZero && im.isZero ? 0 : max(re.isZero ? Int.min : re.exponent, im.isZero ? Int.min : im.exponent)
                for (a, b) in [(z.real, re), (z.imaginary, im)] {
                    let d = BigReal.binary(a, b, precision: 256) { r, x, y in _ = mpfr_sub(r, x, y, MPFR_RNDN) }
                    guard d.isFinite, d.isZero || d.exponent < scale - 190 else { return false }
                }
            }
            return true
        }
        guard agrees({ (rng.uniform(0.1, 4), 0) }) else { return nil }
        var regions: [(name: String, holds: Bool)] = [(target.variables.isEmpty ? "constant" : "positive reals", true)]
        if !target.variables.isEmpty {
            regions.append(("negative reals", agrees({ (-rng.uniform(0.1, 4), 0) })))
            regions.append(("complex plane, |Im| < 3", agrees({ (rng.uniform(-4, 4), rng.uniform(-3, 3)) })))
        }
        let s = tree.statistics
        return Form(tree: tree, k: Int(s.k), depth: s.depth, regions: regions, semantics: semantics)
    }
}
