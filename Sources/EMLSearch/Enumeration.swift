import EMLTree
import EMLTreeFloat
import Foundation
import NumericKernels

/// Exhaustive enumeration of EML trees over the leaves 1 and the variables, in order of K (leaves + eml
/// nodes), bottom-up: every tree of size K is eml(A, B) with A, B enumerated before. Trees that agree at
/// the probe points (the first training points) are one function here (observational equivalence):
/// only the first, smallest, is kept and combined further, so each level holds distinct functions.
public struct Enumeration {
    /// One enumerated function: a leaf, or eml of two earlier entries.
    public enum Shape: Sendable, Equatable {
        case one
        case variable(Int)
        case eml(Int, Int)
        /// A catalog form given as a building block (`seeds`), at its own K.
        case seed(Int)
    }

    public struct Limits: Sendable {
        /// Bytes one kept function costs, measured: its 16 probe values (256), its signature's slot, shape,
        /// size and the blocks' scratch; and the process's own share beside the table.
        public static let bytesPerEntry = 400, baseMegabytes = 256
        /// The most entries `megabytes` of memory hold (the process's resident size stays near it: 1.06 GB measured at 1024).
        public static func entries(forMegabytes megabytes: Int) -> Int {
            max(1000, (megabytes - baseMegabytes) * (1 << 20) / bytesPerEntry)
        }
        /// Largest K enumerated.
        public var maximumK: Int
        /// Most distinct functions kept (memory: probes × 16 bytes each); the search stops there and says so.
        public var maximumEntries: Int
        /// Wall-clock seconds; the search stops between levels' blocks and says so.
        public var timeLimit: Double
        /// Threads computing each block's values (the merge, which decides what is kept, is sequential).
        public var threads: Int
        /// This process's part (index in 0..<count) of a search split over `count` processes: every part
        /// builds the levels below `maximumK` in full (a tenth of the work) and every count-th block of the
        /// last level, so the parts together form every tree an unsharded search forms; each part's meet
        /// in the middle pairs roots within its own table. `eml regress --merge` joins their fronts.
        public var shard: (index: Int, count: Int)
        /// Drop functions that are infinite at some probe (IEEE semantics: no ln 0 anywhere in a tree);
        /// false keeps ±∞ (extended reals: ln 0 = −∞, e^−∞ = 0). NaN is always dropped.
        public var finiteOnly = false
        public init(maximumK: Int = 15, maximumEntries: Int = 2_000_000, timeLimit: Double = 60,
                    threads: Int = ParallelMap.availableCores, shard: (index: Int, count: Int) = (0, 1)) {
            (self.maximumK, self.maximumEntries, self.timeLimit, self.threads, self.shard) = (maximumK, maximumEntries, timeLimit, threads, shard)
        }
    }

    /// Why the search ended.
    public enum Stop: Sendable, Equatable {
        case completed
        case entryLimit(k: Int)
        case timeLimit(k: Int)
        /// The caller's progress callback asked to stop.
        case cancelled(k: Int)
    }

    /// Where a search is, for a progress line: the level being built, trees formed, functions kept, seconds.
    public struct Progress: Sendable {
        public let k: Int
        public let treesFormed: Int
        public let distinctFunctions: Int
        public let elapsed: Double
    }

    public let variables: [String]
    public private(set) var shapes: [Shape] = []
    public private(set) var sizes: [Int] = []
    /// Entries of each K (odd K only).
    public private(set) var levels: [Int: [Int]] = [:]
    /// Trees formed, distinct functions kept.
    public private(set) var treesFormed = 0
    public private(set) var stop: Stop = .completed
    let probes: Int
    let seeds: [EMLTree]
    let finiteOnly: Bool
    var values: [Double] = []  // entry e's probe values: re, im interleaved at [2·probes·e, 2·probes·(e + 1))
    /// Entry by the signature of its probe values.
    var bySignature: [UInt64: Int] = [:]

    /// Enumerates up to `limits`, calling `visit(entry, probeValues)` for each new distinct function
    /// (values re, im interleaved) and `levelDone(k, self)` after each level, which stops the search by
    /// returning true.
    /// `progress` is told after each block of about 2^15 trees and stops the search by returning false.
    /// `seeds` are trees over the variables (catalog forms: products, quotients, powers, logarithms) that
    /// join the table at their own K as if enumerated there, and, past the largest K, still serve the
    /// meet in the middle.
    public init(variables: [String], probePoints: [[Double]], limits: Limits, seeds: [EMLTree] = [],
                visit: (Int, UnsafeBufferPointer<Double>) -> Void, levelDone: (Int, Enumeration) -> Bool,
                progress: ((Progress) -> Bool)? = nil) {
        self.init(variables: variables, complexProbes: probePoints.map { $0.map { (re: $0, im: 0) } }, limits: limits, seeds: seeds,
                  visit: visit, levelDone: levelDone, progress: progress)
    }

    /// The same over complex probe points (each variable's value at each probe, re and im); seeds need
    /// real probes and are skipped otherwise.
    public init(variables: [String], complexProbes probePoints: [[(re: Double, im: Double)]], limits: Limits, seeds: [EMLTree] = [],
                resuming snapshot: Snapshot? = nil,
                visit: (Int, UnsafeBufferPointer<Double>) -> Void, levelDone: (Int, Enumeration) -> Bool,
                progress: ((Progress) -> Bool)? = nil) {
        self.variables = variables
        finiteOnly = limits.finiteOnly
        self.seeds = seeds
        probes = probePoints.count
        // Room for every entry the limit allows: growing these copied them (a third of the run's time).
        values.reserveCapacity(2 * probes * limits.maximumEntries)
        bySignature.reserveCapacity(limits.maximumEntries)
        var scratch: (values: [Double], finite: [Bool]) = ([], [])
        let start = Date()
        // A snapshot replaces the levels it holds: the search goes on from the level after its last.
        var firstLevel = 3
        if let snapshot {
            shapes = snapshot.shapes
            sizes = snapshot.sizes
            values = snapshot.values
            levels = snapshot.levels
            treesFormed = snapshot.treesFormed
            for e in shapes.indices { bySignature[withValues(e) { Self.signature(complex: $0) }] = e }
            firstLevel = snapshot.lastLevel + 2
        } else {
            var leaves: [Int] = []
            leaves.append(add(.one, k: 1, probePoints.flatMap { _ in [1.0, 0.0] }))
            for v in variables.indices { leaves.append(add(.variable(v), k: 1, probePoints.flatMap { [$0[v].re, $0[v].im] })) }
            levels[1] = leaves.filter { $0 >= 0 }
            for e in levels[1]! { withValues(e) { visit(e, $0) } }
            if levelDone(1, self) { return }
        }
        // Seeds by K, their probe values from the double evaluator (columns matched by name).
        var seedsAt: [Int: [(Int, [Double])]] = [:]
        let realProbes = probePoints.allSatisfy { $0.allSatisfy { $0.im == 0 } } ? probePoints.map { $0.map(\.re) } : nil
        for (i, tree) in seeds.enumerated() {
            guard let realProbes else { break }
            let columns = tree.variables.compactMap { variables.firstIndex(of: $0) }
            guard columns.count == tree.variables.count else { continue }
            let z = FloatTreeEvaluator.evaluate(tree, points: realProbes.map { row in columns.map { row[$0] } })
            guard z.allSatisfy({ !$0.re.isNaN && !$0.im.isNaN }) else { continue }
            seedsAt[Int(tree.statistics.k), default: []].append((i, z.flatMap { [$0.re, $0.im] }))
        }
        var blockNumber = 0
        levelLoop: for k in stride(from: firstLevel, through: limits.maximumK, by: 2) {
            var level: [Int] = []
            for ka in stride(from: 1, through: k - 2, by: 2) {
                let (left, right) = (levels[ka] ?? [], levels[k - 1 - ka] ?? [])
                guard !left.isEmpty, !right.isEmpty else { continue }
                // Blocks of about 2^15 trees: their values on all threads, then merged in (a, b) order, so
                // that the kept tree of each function is the same for any thread count.
                let rows = max(1, (1 << 15) / right.count)
                for blockStart in stride(from: 0, to: left.count, by: rows) {
                    // The last level is split between the shards, block by block.
                    if k == limits.maximumK {
                        blockNumber += 1
                        if (blockNumber - 1) % limits.shard.count != limits.shard.index { continue }
                    }
                    let elapsed = Date().timeIntervalSince(start)
                    if elapsed > limits.timeLimit { stop = .timeLimit(k: k); levels[k] = level; break levelLoop }
                    if let progress, !progress(Progress(k: k, treesFormed: treesFormed, distinctFunctions: shapes.count, elapsed: elapsed)) {
                        stop = .cancelled(k: k); levels[k] = level; break levelLoop
                    }
                    let block = Array(left[blockStart..<min(left.count, blockStart + rows)])
                    combine(block, right, threads: limits.threads, into: &scratch)
                    let computed = scratch
                    treesFormed += block.count * right.count
                    for (i, a) in block.enumerated() {
                        for (j, b) in right.enumerated() {
                            let slot = i * right.count + j
                            guard computed.finite[slot] else { continue }
                            let z = computed.values[2 * probes * slot ..< 2 * probes * (slot + 1)]
                            let e = add(.eml(a, b), k: k, z)
                            guard e >= 0 else { continue }
                            level.append(e)
                            withValues(e) { visit(e, $0) }
                            if shapes.count >= limits.maximumEntries { stop = .entryLimit(k: k); levels[k] = level; break levelLoop }
                        }
                    }
                }
            }
            for (i, z) in seedsAt.removeValue(forKey: k) ?? [] {
                let e = add(.seed(i), k: k, z)
                if e >= 0 { level.append(e); withValues(e) { visit(e, $0) } }
            }
            levels[k] = level
            if levelDone(k, self) { break }
        }
        // Seeds larger than the levels built: in the table for the meet in the middle only.
        for k in seedsAt.keys.sorted() where shapes.count < limits.maximumEntries {
            for (i, z) in seedsAt[k]! { _ = add(.seed(i), k: k, z) }
        }
    }

    /// eml(a, b) at the probes for every a in `block` and b in `right`, row by row on `threads` threads,
    /// into `out` (reused from block to block); a tree with a NaN at some probe is marked not finite.
    func combine(_ block: [Int], _ right: [Int], threads: Int, into out: inout (values: [Double], finite: [Bool])) {
        let width = 2 * probes, count = block.count * right.count
        if out.values.count < count * width { out.values = [Double](repeating: 0, count: count * width) }
        if out.finite.count < count { out.finite = [Bool](repeating: true, count: count) }
        for slot in 0..<count { out.finite[slot] = true }
        values.withUnsafeBufferPointer { v in
            out.values.withUnsafeMutableBufferPointer { o in
                out.finite.withUnsafeMutableBufferPointer { f in
                    nonisolated(unsafe) let (v, o, f) = (v, o, f)
                    let probes = self.probes, finiteOnly = self.finiteOnly
                    ParallelMap.concurrently(max(1, min(threads, block.count))) { t in
                        for i in stride(from: t, to: block.count, by: max(1, min(threads, block.count))) {
                            let pa = width * block[i]
                            for (j, b) in right.enumerated() {
                                let slot = i * right.count + j, pb = width * b, po = width * slot
                                for p in 0..<probes {
                                    let z = ComplexDouble.eml((v[pa + 2 * p], v[pa + 2 * p + 1]), (v[pb + 2 * p], v[pb + 2 * p + 1]))
                                    if z.re.isNaN || z.im.isNaN || (finiteOnly && !(z.re.isFinite && z.im.isFinite)) { f[slot] = false; break }
                                    o[po + 2 * p] = z.re
                                    o[po + 2 * p + 1] = z.im
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The table up to a complete level, to be saved and given back to `init(…resuming:)`.
    public struct Snapshot: Sendable {
        public var variables: [String]
        public var probes: Int
        public var lastLevel: Int
        public var shapes: [Shape]
        public var sizes: [Int]
        public var values: [Double]
        public var levels: [Int: [Int]]
        public var treesFormed: Int
        public init(variables: [String], probes: Int, lastLevel: Int, shapes: [Shape], sizes: [Int], values: [Double],
                    levels: [Int: [Int]], treesFormed: Int) {
            (self.variables, self.probes, self.lastLevel, self.shapes, self.sizes) = (variables, probes, lastLevel, shapes, sizes)
            (self.values, self.levels, self.treesFormed) = (values, levels, treesFormed)
        }
    }

    /// The table as it stands after level `k` (call from `levelDone`).
    public func snapshot(after k: Int) -> Snapshot {
        Snapshot(variables: variables, probes: probes, lastLevel: k, shapes: shapes, sizes: sizes, values: values,
                 levels: levels.filter { $0.key <= k }, treesFormed: treesFormed)
    }

    /// The signature of probe values: FNV-1a over the values rounded to float, so that rounding noise
    /// (1e−15 relative) stays inside one float value and equal functions meet.
    public static func signature<C: Collection>(_ interleaved: C) -> UInt64 where C.Element == Double {
        var h = signatureSeed
        for x in interleaved { mix(&h, x) }
        return h
    }

    static let signatureSeed: UInt64 = 0xcbf2_9ce4_8422_2325

    /// One FNV-1a step over x rounded to float (both zeros one value).
    @inline(__always) static func mix(_ h: inout UInt64, _ x: Double) {
        let f = Float(x)
        h = (h ^ UInt64(f == 0 ? 0 : f.bitPattern)) &* 0x100_0000_01b3
    }

    /// The signature of complex probe values (re, im interleaved), a part below 2^−40 of the other read as
    /// 0 first: rounding noise leaves 10^−17 i on a real value or not, as an operation's order decides, and
    /// a value reached by inverting a root (meet in the middle, spines) must meet the one enumerated.
    public static func signature(complex interleaved: some Collection<Double>) -> UInt64 {
        var h = signatureSeed
        var iterator = interleaved.makeIterator()
        while let re = iterator.next(), let im = iterator.next() {
            mix(&h, abs(re) <= abs(im) * 0x1p-40 ? 0 : re)
            mix(&h, abs(im) <= abs(re) * 0x1p-40 ? 0 : im)
        }
        return h
    }

    /// The entry whose probe values have this signature, if one was enumerated.
    public func entry(withSignature h: UInt64) -> Int? { bySignature[h] }

    /// Adds a function unless one with the same probe values (to float precision) is there; its index or −1.
    mutating func add<C: Collection>(_ shape: Shape, k: Int, _ interleaved: C) -> Int where C.Element == Double {
        let h = Self.signature(complex: interleaved)
        guard bySignature[h] == nil else { return -1 }
        bySignature[h] = shapes.count
        shapes.append(shape)
        sizes.append(k)
        values.append(contentsOf: interleaved)
        return shapes.count - 1
    }

    /// Entry e's probe values, re and im interleaved.
    func withValues<R>(_ e: Int, _ body: (UnsafeBufferPointer<Double>) -> R) -> R {
        values.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[2 * probes * e ..< 2 * probes * (e + 1)])) }
    }

    /// Entry e's value at probe p.
    public func value(_ e: Int, probe p: Int) -> (re: Double, im: Double) {
        (values[2 * probes * e + 2 * p], values[2 * probes * e + 2 * p + 1])
    }

    /// The entry as an EML tree over the leaves 1 and the variables' names.
    public func tree(_ entry: Int) -> EMLTree { tree(rootShape: shapes[entry]) }

    /// eml(a, b) of two entries as an EML tree (a root the meet in the middle found, not in the table).
    public func tree(eml a: Int, _ b: Int) -> EMLTree { tree(rootShape: .eml(a, b)) }

    /// The core entry wrapped by a spine: from the root down, each step eml(·, side) (`right`) or eml(side, ·).
    public func tree(spine: [(side: Int, right: Bool)], core: Int) -> EMLTree {
        tree(rootShape: shapes[core], spine: spine)
    }

    func tree(rootShape: Shape, spine: [(side: Int, right: Bool)] = []) -> EMLTree {
        var b = EMLBuilder()
        var built: [Int: Int] = [:]
        func build(_ shape: Shape) -> Int {
            switch shape {
            case .one: return b.one
            case .variable(let v): return b.variable(variables[v])
            case .seed(let i):
                // The seed's nodes, children first, into this builder.
                let seed = seeds[i]
                var map: [Int] = []
                for node in seed.nodes {
                    switch node {
                    case .one: map.append(b.one)
                    case .variable(let v): map.append(b.variable(seed.variables[v]))
                    case .eml(let x, let y): map.append(b.eml(map[x], map[y]))
                    }
                }
                return map[seed.root]
            case .eml(let x, let y):
                let l = entryNode(x)
                return b.eml(l, entryNode(y))
            }
        }
        func entryNode(_ e: Int) -> Int {
            if let n = built[e] { return n }
            let n = build(shapes[e])
            built[e] = n
            return n
        }
        var root = build(rootShape)  // before `b` is read for the call: build mutates it
        for step in spine.reversed() {
            let side = entryNode(step.side)
            root = step.right ? b.eml(root, side) : b.eml(side, root)
        }
        return b.finish(root: root)
    }
}
