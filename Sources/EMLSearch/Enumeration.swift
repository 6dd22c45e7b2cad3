import EMLTree
import EMLTreeFloat
import Foundation

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
    }

    public struct Limits: Sendable {
        /// Largest K enumerated.
        public var maximumK: Int
        /// Most distinct functions kept (memory: probes × 16 bytes each); the search stops there and says so.
        public var maximumEntries: Int
        /// Wall-clock seconds; the search stops between levels' blocks and says so.
        public var timeLimit: Double
        public init(maximumK: Int = 15, maximumEntries: Int = 2_000_000, timeLimit: Double = 60) {
            (self.maximumK, self.maximumEntries, self.timeLimit) = (maximumK, maximumEntries, timeLimit)
        }
    }

    /// Why the search ended.
    public enum Stop: Sendable, Equatable {
        case completed
        case entryLimit(k: Int)
        case timeLimit(k: Int)
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
    var values: [Double] = []  // entry e's probe values: re, im interleaved at [2·probes·e, 2·probes·(e + 1))
    /// Entry by the signature of its probe values.
    var bySignature: [UInt64: Int] = [:]

    /// Enumerates up to `limits`, calling `visit(entry, probeValues)` for each new distinct function
    /// (values re, im interleaved) and `levelDone(k, self)` after each level, which stops the search by
    /// returning true.
    public init(variables: [String], probePoints: [[Double]], limits: Limits,
                visit: (Int, UnsafeBufferPointer<Double>) -> Void, levelDone: (Int, Enumeration) -> Bool) {
        self.variables = variables
        probes = probePoints.count
        let start = Date()
        var leaves: [Int] = []
        leaves.append(add(.one, k: 1, probePoints.map { _ in (1.0, 0.0) }))
        for v in variables.indices { leaves.append(add(.variable(v), k: 1, probePoints.map { ($0[v], 0.0) })) }
        levels[1] = leaves.filter { $0 >= 0 }
        for e in levels[1]! { values.withUnsafeBufferPointer { visit(e, UnsafeBufferPointer(rebasing: $0[2 * probes * e ..< 2 * probes * (e + 1)])) } }
        if levelDone(1, self) { return }
        var scratch = [(Double, Double)](repeating: (0, 0), count: probes)
        levelLoop: for k in stride(from: 3, through: limits.maximumK, by: 2) {
            var level: [Int] = []
            for ka in stride(from: 1, through: k - 2, by: 2) {
                let kb = k - 1 - ka
                for a in levels[ka] ?? [] {
                    if Date().timeIntervalSince(start) > limits.timeLimit { stop = .timeLimit(k: k); levels[k] = level; break levelLoop }
                    for b in levels[kb] ?? [] {
                        treesFormed += 1
                        var finite = true
                        values.withUnsafeBufferPointer { v in
                            let pa = 2 * probes * a, pb = 2 * probes * b
                            for p in 0..<probes {
                                let z = ComplexDouble.eml((v[pa + 2 * p], v[pa + 2 * p + 1]), (v[pb + 2 * p], v[pb + 2 * p + 1]))
                                if z.re.isNaN || z.im.isNaN { finite = false; break }
                                scratch[p] = z
                            }
                        }
                        guard finite else { continue }
                        let e = add(.eml(a, b), k: k, scratch)
                        guard e >= 0 else { continue }
                        level.append(e)
                        values.withUnsafeBufferPointer { visit(e, UnsafeBufferPointer(rebasing: $0[2 * probes * e ..< 2 * probes * (e + 1)])) }
                        if shapes.count >= limits.maximumEntries { stop = .entryLimit(k: k); levels[k] = level; break levelLoop }
                    }
                }
            }
            levels[k] = level
            if levelDone(k, self) { break }
        }
    }

    /// The signature of probe values: FNV-1a over the values rounded to float, so that rounding noise
    /// (1e−15 relative) stays inside one float value and equal functions meet.
    public static func signature(_ z: [(Double, Double)]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for (re, im) in z {
            for x in [re, im] {
                let f = Float(x)
                h = (h ^ UInt64(f == 0 ? 0 : f.bitPattern)) &* 0x100_0000_01b3
            }
        }
        return h
    }

    /// The entry whose probe values have this signature, if one was enumerated.
    public func entry(withSignature h: UInt64) -> Int? { bySignature[h] }

    /// Adds a function unless one with the same probe values (to float precision) is there; its index or −1.
    mutating func add(_ shape: Shape, k: Int, _ z: [(Double, Double)]) -> Int {
        let h = Self.signature(z)
        guard bySignature[h] == nil else { return -1 }
        bySignature[h] = shapes.count
        shapes.append(shape)
        sizes.append(k)
        for (re, im) in z { values.append(re); values.append(im) }
        return shapes.count - 1
    }

    /// Entry e's value at probe p.
    public func value(_ e: Int, probe p: Int) -> (re: Double, im: Double) {
        (values[2 * probes * e + 2 * p], values[2 * probes * e + 2 * p + 1])
    }

    /// The entry as an EML tree over the leaves 1 and the variables' names.
    public func tree(_ entry: Int) -> EMLTree { tree(rootShape: shapes[entry]) }

    /// eml(a, b) of two entries as an EML tree (a root the meet in the middle found, not in the table).
    public func tree(eml a: Int, _ b: Int) -> EMLTree { tree(rootShape: .eml(a, b)) }

    func tree(rootShape: Shape) -> EMLTree {
        var b = EMLBuilder()
        var built: [Int: Int] = [:]
        func build(_ shape: Shape) -> Int {
            switch shape {
            case .one: return b.one
            case .variable(let v): return b.variable(variables[v])
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
        let root = build(rootShape)  // before `b` is read for the call: build mutates it
        return b.finish(root: root)
    }
}
