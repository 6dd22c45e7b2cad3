import CMPFR
import Foundation
import EMLNumbers
import EMLSyntax
import EMLTree

/// Eml mode: the pure EML tree must reproduce the certified digits.
///
/// The digits themselves are certified by the expression's balls (`Evaluator.certify`). The tree cannot
/// carry balls of its own: its constructions rely on exact cancellations at discontinuities (0 = ln 1 is
/// e − ln(exp e), and ln of any ball around that 0 is unbounded below), so the tree is evaluated at rising
/// precision until its value rounds to the certified digits. A tree that settles on other digits uses a
/// construction outside the strip where its identity holds; a lost small term (ln(1 + 10^−100) read as 0)
/// only raises the precision.
enum EMLCrossCheck {
    /// The expression's pure EML tree and the leaves bound to its variables, or the reason it has none.
    /// Each leaf's value (its definition or binding at 64 bits) goes to the lowering, which then takes the
    /// constructions valid at this point: a subtrahend sin(x)'s tree needs outside the strip is divided out.
    static func lower(_ expression: MathExpression, inputs: [String: MathExpression] = [:]) throws(EvaluationError) -> (tree: EMLTree, leaves: [MathExpression]) {
        let value = { (leaf: MathExpression) -> (re: Double, im: Double)? in
            guard let (ball, _) = try? Evaluator.balls(leaf, 64, inputs) else { return nil }
            let z = ball.midpoint.complex(precision: 64)
            return (z.real.doubleValue, z.imaginary.doubleValue)
        }
        do { return try EMLTree.lowering(expression, leafValue: value) } catch {
            throw .invalidArgument(message: "no EML form: \(error.message); evaluate in direct mode", position: error.position)
        }
    }

    static func confirm(_ lowered: (tree: EMLTree, leaves: [MathExpression]), _ value: CertifiedValue, digits: Int,
                        inputs: [String: MathExpression]) throws(EvaluationError) {
        let (tree, leaves) = lowered
        // The tree's own cap: enough for lost terms at ordinary digits (ln(1 + 10^−100) needs 450 bits
        // at 30 digits), and at most twice the start at large ones, where each node costs most.
        let p0 = Evaluator.schedule(digits: digits).start
        let cap = max(2 * p0, p0 + 4096)
        var q = max(p0, value.workingPrecision)
        var previous: String? = nil
        while true {
            var bound: [BigComplex] = []
            for leaf in leaves {
                let (ball, _) = try Evaluator.balls(leaf, q, inputs)
                bound.append(ball.midpoint.complex(precision: q))
            }
            let evaluator = TreeEvaluator(tree: tree, precision: q)
            let z = try evaluator.evaluate(bound)
            let scale = evaluator.scaleExponent
            let expectedRe = value.real.map { $0.decimalString(digits: digits) }
            let expectedIm = value.imaginary.map { $0.decimalString(digits: digits) }
            // A part certified nonzero must print the same digits; one printed as 0 may be rounding noise.
            let re = reading(z.real, digits: digits, scale: expectedRe == nil ? scale : Int.min, precision: q)
            let im = reading(z.imaginary, digits: digits, scale: expectedIm == nil ? scale : Int.min, precision: q)
            if re == expectedRe && im == expectedIm { return }
            let treeText = im.map { i in "\(re ?? "0") \(i.hasPrefix("-") ? "- \(i.dropFirst())" : "+ \(i)")i" } ?? (re ?? "0")
            // Settled on other finite nonzero digits at two precisions: the tree computes another value
            // (0 and ±∞ are what a lost term gives: 1/(1 + 10^−100 − 1) is ∞ below 340 bits).
            let settled = treeText == previous && (re != nil || im != nil) && !treeText.contains("inf")
            if settled || q >= cap {
                throw .branchMismatch(emlValue: treeText, directValue: value.text, operand: stripViolation(tree, bound))
            }
            previous = treeText
            q = min(cap, 2 * q)
        }
    }

    /// The first subtraction whose subtrahend left the strip, named by its column and value (the tree
    /// in complex double, enough to see an imaginary part past π), or nil where none did.
    static func stripViolation(_ tree: EMLTree, _ inputs: [BigComplex]) -> String? {
        var values: [(re: Double, im: Double)] = []
        for node in tree.nodes {
            switch node {
            case .one: values.append((1, 0))
            case .variable(let v): values.append((inputs[v].real.doubleValue, inputs[v].imaginary.doubleValue))
            case .eml(let a, let b): values.append(ComplexDouble.eml(values[a], values[b]))
            }
        }
        for b in tree.strips {
            let im = values[b].im
            guard im.isFinite, im < -Double.pi || im >= Double.pi else { continue }
            return String(format: "the subtraction at column %d needs its subtrahend's imaginary part in [−π, π); it is %.6g here",
                          tree.origins[b] + 1, im)
        }
        return nil
    }

    /// The part's digits, or nil where it is 0 or below the rounding noise of the tree's largest intermediate.
    static func reading(_ x: BigReal, digits: Int, scale: Int, precision: Int) -> String? {
        if x.isZero || (x.isFinite && scale != Int.min && x.exponent < scale - precision + 16) { return nil }
        return x.decimalString(digits: digits)
    }
}
