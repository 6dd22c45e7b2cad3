import EMLEvaluation
import EMLNumbers
import EMLSyntax
import EMLTree
import Foundation
import NumericKernels

extension Regression {
    /// Whether `tree` equals `truth` (an expression over the same variables) at `count` fresh points drawn
    /// uniformly from the data's range of each variable (seeded), to `digits` digits: the truth certified by
    /// the engine's balls, the tree evaluated in MPC with 64 guard bits; both at the same exact decimal point.
    /// nil with the point where they differ or the truth cannot be evaluated.
    public static func agreesWithTruth(_ tree: EMLTree, truth: MathExpression, data: RegressionData,
                                       count: Int = 1000, digits: Int = 60, seed: UInt64 = 1) -> String? {
        let inputs = data.trainInputs + data.testInputs
        let ranges = data.variables.indices.map { v in (inputs.map { $0[v] }.min() ?? 0, inputs.map { $0[v] }.max() ?? 1) }
        var rng = SplitMix(seed: seed)
        let evaluator = TreeEvaluator(tree: tree, precision: Precision.bits(forDigits: digits) + 64)
        for _ in 0..<count {
            // 17 significant digits: the decimal each side reads is the same exact rational.
            let point = ranges.map { (lo, hi) in String(format: "%.17g", rng.uniform(lo, hi)) }
            var bindings: [String: MathExpression] = [:]
            for (name, text) in zip(data.variables, point) { bindings[name] = try? Parser.parseExpression(text, scope: Scope()) }
            let label = zip(data.variables, point).map { "\($0) = \($1)" }.joined(separator: ", ")
            guard let exact = try? Evaluator.evaluate(truth, digits: digits, mode: .direct, inputs: bindings) else {
                return "the truth has no certified value at \(label)"
            }
            let leaves = tree.variables.map { name in
                BigComplex(BigReal(literal: point[data.variables.firstIndex(of: name)!], precision: evaluator.precision)!, precision: evaluator.precision)
            }
            guard let z = try? evaluator.evaluate(leaves) else { return "the tree has no value at \(label)" }
            let re = z.real.decimalString(digits: digits)
            // An imaginary part below the digits asked for, relative to max(|truth|, 1), is rounding noise.
            let scale = max(exact.real?.exponent ?? 0, 0)
            let imaginarySmall = z.imaginary.isZero || z.imaginary.exponent < scale - Int(Double(digits) * 3.33)
            if re != (exact.real?.decimalString(digits: digits) ?? "0") || !imaginarySmall {
                return "at \(label): the tree gives \(re), the truth \(exact.text)"
            }
        }
        return nil
    }
}
