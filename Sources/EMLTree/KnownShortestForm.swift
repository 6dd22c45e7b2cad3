import EMLSyntax
import Foundation

/// A shortest EML form found by exhaustive search (`eml search`) and verified there in MPC at 256 bits,
/// with its provenance; `scripts/shortest_forms` writes the catalog (`KnownShortestForm+Data.swift`).
public struct KnownShortestForm: Sendable {
    /// The function, over x (and y).
    public let target: String
    /// Leaves + eml nodes.
    public let k: Int
    /// The search tried every tree of K ≤ this: no shorter form up to it, and the form is the shortest
    /// when `provenK ≥ k` (a longer form was found past the table's reach, by its spines).
    public let provenK: Int
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

extension EMLBuilder {
    /// The catalog form of `target` with x and y bound to nodes of known value, where the form is sure
    /// there: simulated in double, every logarithm inside it takes a value of positive real part or one
    /// clearly off the negative axis (a ball around a negative real whose imaginary part was rounded would
    /// straddle the cut, and eml mode could not certify it), and it gives `expected`. nil otherwise, for
    /// the construction: x + y (19) holds on the real line only, x^y (25) takes ln(ln x).
    mutating func instantiateWhereSure(_ form: EMLTree, x: Int, y: Int, expected: (re: Double, im: Double)?) -> Int? {
        guard let vx = values[x], let vy = values[y], let expected else { return nil }
        var value: [(re: Double, im: Double)] = []
        for node in form.nodes {
            switch node {
            case .one: value.append((1, 0))
            case .variable(let v): value.append(form.variables[v] == "x" ? vx : vy)
            case .eml(let a, let b):
                let w = value[b]
                guard w.re > 0 || Swift.abs(w.im) > 1e-6 * Foundation.hypot(w.re, w.im) else { return nil }
                let z = ComplexDouble.eml(value[a], w)
                guard z.re.isFinite, z.im.isFinite else { return nil }
                value.append(z)
            }
        }
        let z = value[form.root]
        guard Foundation.hypot(z.re - expected.re, z.im - expected.im) <= 1e-9 * Swift.max(1, Foundation.hypot(expected.re, expected.im)) else { return nil }
        return known(instantiate(form, x: x, y: y), expected)
    }

    static let sumForm = KnownShortestForm.form(of: "x+y")!.tree
    static let powerForm = KnownShortestForm.form(of: "x^y")!.tree
}
