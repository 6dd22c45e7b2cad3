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

    /// The form as a template: eml(a, b) nodes over the leaves 1, x and y, children first.
    enum Template: Equatable { case one, x, y, eml(Int, Int) }

    var template: [Template] {
        var nodes: [Template] = []
        var text = Substring(eml)
        func parse() -> Int {
            text = text.drop { $0 == " " }
            for (leaf, node) in [("1", Template.one), ("x", .x), ("y", .y)] where text.hasPrefix(leaf) {
                text = text.dropFirst()
                nodes.append(node)
                return nodes.count - 1
            }
            precondition(text.hasPrefix("eml("), "a catalog form is eml(a, b) over 1, x and y: \(eml)")
            text = text.dropFirst(4)
            let a = parse()
            text = text.drop { $0 == "," || $0 == " " }
            let b = parse()
            text = text.dropFirst()  // ")"
            nodes.append(.eml(a, b))
            return nodes.count - 1
        }
        _ = parse()
        return nodes
    }
}

extension EMLBuilder {
    /// The catalog form with x and y bound to the nodes `x` and `y`.
    mutating func instantiate(_ template: [KnownShortestForm.Template], x: Int, y: Int) -> Int {
        var built: [Int] = []
        for node in template {
            switch node {
            case .one: built.append(one)
            case .x: built.append(x)
            case .y: built.append(y)
            case .eml(let a, let b): built.append(eml(built[a], built[b]))
            }
        }
        return built[built.count - 1]
    }
}
