/// A pure EML expression: a DAG over the leaves 1 and named variables whose only operator is
/// eml(x, y) = exp(x) − ln(y).
///
/// Nodes are stored children-first (topological order), so every walk is a loop, never a recursion,
/// and equal subtrees are stored once (the DAG shares them).
public struct EMLTree: Sendable, Equatable {
    public enum Node: Hashable, Sendable {
        case one
        /// Index into `variables`.
        case variable(Int)
        /// Indices of the two operands (both smaller than this node's index).
        case eml(Int, Int)
    }

    public internal(set) var nodes: [Node]
    public internal(set) var variables: [String]
    public internal(set) var root: Int
    /// Source position of the expression whose lowering created each node (for error messages).
    public internal(set) var origins: [Int]
    /// Subtrahends b of a − b = E(ln a, e^b) whose value the lowering did not know (a variable's): the
    /// identity needs Im b ∈ [−π, π) there, which only evaluation can tell.
    public internal(set) var strips: [Int] = []

    /// Sizes in the paper's measure and after sharing.
    public struct Statistics: Sendable, Equatable {
        /// RPN length of the tree written out without sharing: leaves + eml nodes.
        public var k: Double
        /// eml nodes of the tree written out without sharing.
        public var emlNodes: Double
        /// Leaves of the tree written out without sharing.
        public var leaves: Double
        /// Distinct nodes (leaves included) reachable from the root: the DAG's size.
        public var distinctNodes: Int
        /// Longest path from the root to a leaf, counting eml nodes.
        public var depth: Int
    }

    /// Only the nodes reachable from `root`, renumbered in topological order.
    public func pruned() -> EMLTree {
        var reachable = [Bool](repeating: false, count: nodes.count)
        reachable[root] = true
        for k in stride(from: root, through: 0, by: -1) where reachable[k] {
            if case .eml(let a, let b) = nodes[k] { reachable[a] = true; reachable[b] = true }
        }
        var renumber = [Int](repeating: -1, count: nodes.count)
        var result = EMLTree(nodes: [], variables: variables, root: 0, origins: [])
        for k in 0...root where reachable[k] {
            renumber[k] = result.nodes.count
            switch nodes[k] {
            case .eml(let a, let b): result.nodes.append(.eml(renumber[a], renumber[b]))
            case let leaf: result.nodes.append(leaf)
            }
            result.origins.append(origins[k])
        }
        result.root = renumber[root]
        result.strips = strips.compactMap { reachable[$0] ? renumber[$0] : nil }
        return result
    }

    public var statistics: Statistics {
        var k = [Double](repeating: 1, count: nodes.count)
        var depth = [Int](repeating: 0, count: nodes.count)
        var reachable = [Bool](repeating: false, count: nodes.count)
        reachable[root] = true
        for i in stride(from: root, through: 0, by: -1) where reachable[i] {
            if case .eml(let a, let b) = nodes[i] { reachable[a] = true; reachable[b] = true }
        }
        for i in 0...root {
            if case .eml(let a, let b) = nodes[i] {
                k[i] = 1 + k[a] + k[b]
                depth[i] = 1 + max(depth[a], depth[b])
            }
        }
        let total = k[root]
        return Statistics(k: total, emlNodes: (total - 1) / 2, leaves: (total + 1) / 2,
                          distinctNodes: reachable.filter { $0 }.count, depth: depth[root])
    }
}
