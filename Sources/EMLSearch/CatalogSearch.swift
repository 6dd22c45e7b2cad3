import EMLSyntax
import EMLTree
import EMLTreeFloat
import Foundation

/// Formulas over the catalog's constructions (+, −, ×, ÷, ^, ln, exp, √, u², −u) and the constants 1, 2
/// and π, enumerated by number of operations, deduplicated by their values at the probe points
/// (observational equivalence) and compared with the target.
///
/// The EML enumeration reaches x·y and x/y (K = 17) but not x·y/z (K = 33) or x·y²/2 and √(x² + y²)
/// (beyond its tables); as formulas of the catalog's forms they take two to four operations. Each
/// match is lowered by the compiler to its EML tree, whose exactness `Regression.front` judges in MPC.
public enum CatalogSearch {
    public struct Match: Sendable {
        /// The formula as the expression language writes it.
        public let formula: String
        public let tree: EMLTree
        public let operations: Int
    }

    enum Node {
        case leaf(String)
        case unary(Unary, Int)
        case binary(Binary, Int, Int)
    }

    enum Unary: CaseIterable { case sqrt, square, ln, exp, negate }
    enum Binary: CaseIterable, Sendable {
        case add, subtract, multiply, divide, power
        var commutes: Bool { self == .add || self == .multiply }
    }

    /// The shortest formulas (fewest operations, at most `maximumOperations`) whose EML trees fit every
    /// training point to 10 × `Regression.exactTolerance` in double; empty when none was found
    /// within the limits. `maximumEntries` bounds the table (probes × 8 bytes and a hash slot each).
    public static func search(_ data: RegressionData, maximumOperations: Int = 4, maximumEntries: Int = 1_000_000,
                              timeLimit: Double = 10) -> [Match] {
        let probes = Array(data.trainInputs.prefix(Regression.probeCount))
        let target = Array(data.trainTarget.prefix(Regression.probeCount))
        let p = probes.count
        guard p > 0 else { return [] }
        var nodes: [Node] = [], values: [Double] = [], levels: [[Int]] = [[]]
        var bySignature: [UInt64: Int] = [:]
        var found: [Int] = []
        let start = Date()
        values.reserveCapacity(p * Swift.min(maximumEntries, 1 << 20))

        // Adds the function unless it is not finite at some probe or one with the same values is there.
        func add(_ node: Node, _ v: UnsafeBufferPointer<Double>, level: Int) {
            for x in v where !x.isFinite { return }
            let e = nodes.count, h = Enumeration.signature(v)
            guard bySignature[h] == nil else { return }
            bySignature[h] = e
            nodes.append(node)
            values.append(contentsOf: v)
            levels[level].append(e)
            var worst = 0.0
            for i in 0..<p { worst = Swift.max(worst, Swift.abs(v[i] - target[i]) / Swift.max(Swift.abs(target[i]), 1e-300)) }
            if worst <= 1e-9 { found.append(e) }
        }

        var scratch = [Double](repeating: 0, count: p)
        scratch.withUnsafeMutableBufferPointer { out in
            for leaf in data.variables.indices {
                for i in 0..<p { out[i] = probes[i][leaf] }
                add(.leaf(data.variables[leaf]), UnsafeBufferPointer(out), level: 0)
            }
            for (name, c) in [("1", 1.0), ("2", 2.0), ("pi", Double.pi)] {
                for i in 0..<p { out[i] = c }
                add(.leaf(name), UnsafeBufferPointer(out), level: 0)
            }
            var level = 0
            levelLoop: while found.isEmpty && level < maximumOperations {
                level += 1
                levels.append([])
                for op in Unary.allCases {
                    for a in levels[level - 1] {
                        guard nodes.count < maximumEntries else { break levelLoop }
                        for i in 0..<p { out[i] = apply(op, values[a * p + i]) }
                        add(.unary(op, a), UnsafeBufferPointer(out), level: level)
                    }
                }
                for left in 0..<level {
                    let right = level - 1 - left
                    for op in Binary.allCases {
                        if op.commutes && left > right { continue }
                        for a in levels[left] {
                            guard nodes.count < maximumEntries, Date().timeIntervalSince(start) < timeLimit else { break levelLoop }
                            for b in levels[right] {
                                if op.commutes && left == right && b < a { continue }
                                for i in 0..<p { out[i] = apply(op, values[a * p + i], values[b * p + i]) }
                                add(.binary(op, a, b), UnsafeBufferPointer(out), level: level)
                            }
                        }
                    }
                }
            }
        }

        // Past the table's reach, the root inverted: t = a ∘ b gives b's values from a's and t's, looked up
        // among the entries (a formula of up to twice the table's operations, plus one).
        if found.isEmpty {
            var needed = [Double](repeating: 0, count: p)
            let entries = nodes.count  // the roots appended below have no values in the table
            for (op, bFrom) in inversions {
                for a in 0..<entries where found.count < 4 * Regression.keptPerK {
                    var finite = true
                    for i in 0..<p {
                        needed[i] = bFrom(target[i], values[a * p + i])
                        if !needed[i].isFinite { finite = false; break }
                    }
                    guard finite, let b = bySignature[Enumeration.signature(needed)] else { continue }
                    // The signature holds the values to float precision, and b = t − a from a ≫ t keeps none of t:
                    // the root recomputed must give t itself.
                    let (l, r) = op.leftIsKnown ? (a, b) : (b, a)
                    guard (0..<p).allSatisfy({ i in
                        abs(apply(op.binary, values[l * p + i], values[r * p + i]) - target[i]) <= 1e-9 * max(abs(target[i]), 1e-300)
                    }) else { continue }
                    nodes.append(.binary(op.binary, l, r))
                    found.append(nodes.count - 1)
                }
            }
            found.sort { operations(nodes, $0) < operations(nodes, $1) }
        }

        // Probe matches confirmed on every training point in double, then lowered by the compiler.
        var scope = Scope()
        scope.allowsFreeVariables = true
        return found.prefix(Regression.keptPerK).compactMap { e in
            let text = render(nodes, e)
            guard let expression = try? Parser.parseExpression(text, scope: scope),
                  let tree = try? EMLTree(lowering: expression),
                  Regression.maxRelativeError(Regression.evaluate(tree, data.variables, data.trainInputs), data.trainTarget)
                    <= Regression.exactTolerance * 10 else { return nil }  // the tree in double: a few ulps per exp and ln
            return Match(formula: text, tree: tree, operations: operations(nodes, e))
        }
    }

    /// A root operation with one operand known: whether that is the left one.
    struct Root: Sendable { let binary: Binary; let leftIsKnown: Bool }

    /// For each root t = a ∘ b (or b ∘ a), b's value from t and a's.
    static let inversions: [(Root, @Sendable (Double, Double) -> Double)] = [
        (Root(binary: .add, leftIsKnown: true), { t, a in t - a }),
        (Root(binary: .subtract, leftIsKnown: true), { t, a in a - t }),
        (Root(binary: .subtract, leftIsKnown: false), { t, a in t + a }),
        (Root(binary: .multiply, leftIsKnown: true), { t, a in t / a }),
        (Root(binary: .divide, leftIsKnown: true), { t, a in a / t }),
        (Root(binary: .divide, leftIsKnown: false), { t, a in t * a }),
        (Root(binary: .power, leftIsKnown: true), { t, a in a > 0 && a != 1 && t > 0 ? Foundation.log(t) / Foundation.log(a) : .nan }),
        (Root(binary: .power, leftIsKnown: false), { t, a in t > 0 && a != 0 ? Foundation.pow(t, 1 / a) : .nan }),
    ]

    @inline(__always) static func apply(_ op: Unary, _ x: Double) -> Double {
        switch op {
        case .sqrt: return x >= 0 ? x.squareRoot() : .nan
        case .square: return x * x
        case .ln: return x > 0 ? Foundation.log(x) : .nan
        case .exp: return Foundation.exp(x)
        case .negate: return -x
        }
    }

    @inline(__always) static func apply(_ op: Binary, _ x: Double, _ y: Double) -> Double {
        switch op {
        case .add: return x + y
        case .subtract: return x - y
        case .multiply: return x * y
        case .divide: return x / y
        case .power: return x > 0 ? Foundation.pow(x, y) : .nan
        }
    }

    static func operations(_ nodes: [Node], _ e: Int) -> Int {
        switch nodes[e] {
        case .leaf: return 0
        case .unary(_, let a): return 1 + operations(nodes, a)
        case .binary(_, let a, let b): return 1 + operations(nodes, a) + operations(nodes, b)
        }
    }

    /// The formula in the expression language, parenthesised by precedence (+ − < × ÷ < unary − < ^).
    static func render(_ nodes: [Node], _ e: Int) -> String { text(nodes, e).text }

    static func text(_ nodes: [Node], _ e: Int) -> (text: String, precedence: Int) {
        // A negation is bracketed wherever it is an operand: x*(-y), x - (-y), 2^(-x).
        func wrap(_ t: (text: String, precedence: Int), below p: Int) -> String { t.precedence < p || t.precedence == 3 ? "(\(t.text))" : t.text }
        switch nodes[e] {
        case .leaf(let name): return (name, 9)
        case .unary(let op, let a):
            let inner = text(nodes, a)
            switch op {
            case .sqrt: return ("sqrt(\(inner.text))", 9)
            case .ln: return ("ln(\(inner.text))", 9)
            case .exp: return ("exp(\(inner.text))", 9)
            case .square: return ("\(wrap(inner, below: 9))^2", 4)
            case .negate: return ("-\(inner.precedence < 4 ? "(\(inner.text))" : inner.text)", 3)
            }
        case .binary(let op, let a, let b):
            let (l, r) = (text(nodes, a), text(nodes, b))
            switch op {
            case .add: return ("\(wrap(l, below: 1)) + \(wrap(r, below: 2))", 1)
            case .subtract: return ("\(wrap(l, below: 1)) - \(wrap(r, below: 2))", 1)
            case .multiply: return ("\(wrap(l, below: 2))*\(wrap(r, below: 3))", 2)
            case .divide: return ("\(wrap(l, below: 2))/\(wrap(r, below: 3))", 2)
            case .power: return ("\(wrap(l, below: 9))^\(wrap(r, below: 4))", 4)
            }
        }
    }
}
