import EMLSyntax

/// A shortest EML form found by exhaustive search (`eml search`) and verified there in MPC at 256 bits,
/// with its provenance; `scripts/shortest_forms` writes the catalog (`KnownShortestForm+Data.swift`).
public struct KnownShortestForm: Sendable {
    /// The function, over x (and y).
    public let target: String
    /// Leaves + eml nodes; no smaller tree has the target's values (the search tried every one).
    public let k: Int
    /// "ieee": no ln 0 at any nonzero finite operand; "extended": needs ln 0 = −∞.
    public let semantics: String
    /// The regions where the search verified it: positive and negative reals, the complex plane.
    public let holdsOn: [String]
    /// What produced it.
    public let command: String
    /// The form in the syntax `eml compile` prints, over 1, x and y.
    public let eml: String

    /// The catalog's form of `target`.
    public static func form(of target: String) -> KnownShortestForm? { catalog.first { $0.target == target } }

    /// The form's tree, read by the language's parser and lowered (eml(a, b) lowers to one eml node).
    var tree: EMLTree {
        var scope = Scope()
        scope.allowsFreeVariables = true
        do { return try EMLTree(lowering: Parser.parseExpression(eml, scope: scope)) } catch {
            preconditionFailure("a catalog form is eml(a, b) over 1, x and y: \(eml)")
        }
    }
}

extension EMLBuilder {
    /// The catalog form's tree with its variables x and y bound to the nodes `x` and `y`.
    mutating func instantiate(_ form: EMLTree, x: Int, y: Int) -> Int {
        var built: [Int] = []
        for node in form.nodes {
            switch node {
            case .one: built.append(one)
            case .variable(let v): built.append(form.variables[v] == "x" ? x : y)
            case .eml(let a, let b): built.append(eml(built[a], built[b]))
            }
        }
        return built[form.root]
    }
}
