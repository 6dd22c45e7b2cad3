import EMLTree

/// A conventional formula read back from an EML tree by the catalog's constructions:
/// eml(1, 1) = e, eml(x, 1) = exp(x), eml(1, eml(eml(1, x), 1)) = ln(x), eml(ln a, exp b) = a − b,
/// and eml(a, b) = exp(a) − ln(b) otherwise, with exp(ln x) = x and ln(exp x) = x on the reals.
public enum Lifting {
    indirect enum Formula {
        case zero, one, e, variable(String)
        case exp(Formula), ln(Formula)
        case difference(Formula, Formula)
    }

    public static func formula(_ tree: EMLTree) -> String { render(lift(tree, tree.root)) }

    static func lift(_ tree: EMLTree, _ k: Int) -> Formula {
        switch tree.nodes[k] {
        case .one: return .one
        case .variable(let v): return .variable(tree.variables[v])
        case .eml(let a, let b):
            // ln(x) = eml(1, eml(eml(1, x), 1))
            if tree.nodes[a] == .one, case .eml(let u, let w) = tree.nodes[b], tree.nodes[w] == .one,
               case .eml(let c, let x) = tree.nodes[u], tree.nodes[c] == .one {
                return simplifiedLn(lift(tree, x))
            }
            let left: Formula = tree.nodes[a] == .one ? .e : simplifiedExp(lift(tree, a))
            if tree.nodes[b] == .one { return left }
            return difference(left, simplifiedLn(lift(tree, b)))
        }
    }

    static func simplifiedExp(_ f: Formula) -> Formula {
        if case .ln(let x) = f { return x }
        if case .zero = f { return .one }
        return .exp(f)
    }
    static func simplifiedLn(_ f: Formula) -> Formula {
        if case .exp(let x) = f { return x }
        if case .e = f { return .one }
        if case .one = f { return .zero }
        return .ln(f)
    }
    /// a − b, with a − 0 = a (0 − b stays: it prints as 0 − b, which reads as −b).
    static func difference(_ a: Formula, _ b: Formula) -> Formula {
        if case .zero = b { return a }
        return .difference(a, b)
    }

    static func render(_ f: Formula) -> String {
        switch f {
        case .zero: return "0"
        case .one: return "1"
        case .e: return "e"
        case .variable(let name): return name
        case .exp(let x): return "exp(\(render(x)))"
        case .ln(let x): return "ln(\(render(x)))"
        case .difference(let a, let b):
            let right: String
            if case .difference = b { right = "(\(render(b)))" } else { right = render(b) }
            return "\(render(a)) - \(right)"
        }
    }
}
