/// Text forms of an EML tree.
public enum EMLFormat: String, Sendable, CaseIterable {
    /// `eml(1, eml(eml(1, x), 1))`
    case eml
    /// The reference compiler's spelling: `EML[1,EML[EML[1,x],1]]`
    case wolfram
    /// Reverse Polish, `E` for eml: `1 1 x E 1 E E`
    case rpn
    /// Graphviz, one vertex per distinct node (shared subtrees drawn once)
    case dot
}

public struct TreeTooLargeError: Error, Sendable, CustomStringConvertible {
    public let k: Double
    public let limit: Int
    public var description: String {
        "the tree written out has K = \(formatCount(k)) symbols, more than the \(limit) this format prints (the DOT format draws shared subtrees once)"
    }
}

public func formatCount(_ x: Double) -> String { x < 1e15 ? String(Int(x)) : "\(x)" }

extension EMLTree {
    /// Largest tree (K) printed in a non-sharing format.
    public static let maximumPrintedK = 5_000_000

    public func formatted(_ format: EMLFormat) throws(TreeTooLargeError) -> String {
        if format == .dot { return dot() }
        let k = statistics.k
        if k > Double(EMLTree.maximumPrintedK) { throw TreeTooLargeError(k: k, limit: EMLTree.maximumPrintedK) }
        var out = ""
        // Iterative walk: trees are thousands of levels deep.
        enum Step { case visit(Int), text(String) }
        var stack: [Step] = [.visit(root)]
        while let step = stack.popLast() {
            switch step {
            case .text(let s): out += s
            case .visit(let k):
                switch nodes[k] {
                case .one: out += "1"
                case .variable(let v): out += variables[v]
                case .eml(let a, let b):
                    switch format {
                    case .eml: out += "eml("; stack += [.text(")"), .visit(b), .text(", "), .visit(a)]
                    case .wolfram: out += "EML["; stack += [.text("]"), .visit(b), .text(","), .visit(a)]
                    case .rpn: stack += [.text(" E"), .visit(b), .text(" "), .visit(a)]
                    case .dot: break
                    }
                }
            }
        }
        return out
    }

    func dot() -> String {
        var lines = ["digraph EML {", "  node [fontname=\"Helvetica\"];"]
        for (k, n) in nodes.enumerated() {
            switch n {
            case .one: lines.append("  n\(k) [label=\"1\", shape=box];")
            case .variable(let v): lines.append("  n\(k) [label=\"\(variables[v])\", shape=box];")
            case .eml(let a, let b):
                lines.append("  n\(k) [label=\"eml\", shape=circle];")
                lines.append("  n\(k) -> n\(a) [label=\"x\"];")
                lines.append("  n\(k) -> n\(b) [label=\"y\"];")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }
}
