import CMPFR
import EMLNumbers
import EMLTree

/// Evaluates a pure EML tree node by node as exp(x) − Log(y) in MPC at a fixed precision.
///
/// The node values live in one preallocated MPC array (children precede parents), so evaluating
/// many points reuses the memory. Three savings keep every node an eml node: a leaf 1 operand costs
/// nothing (exp(1) = e is computed once, Log 1 = 0), nodes that depend on no variable are computed
/// once per evaluator, and operands with an exactly zero imaginary part take MPFR's real exp and log.
/// An instance is not shared between threads (each thread makes its own).
public final class TreeEvaluator {
    public let tree: EMLTree
    public let precision: Int
    let values: UnsafeMutablePointer<__mpc_struct>
    let expTemp: UnsafeMutablePointer<__mpc_struct>
    let logTemp: UnsafeMutablePointer<__mpc_struct>
    /// e = exp(1), the value of exp at a leaf 1.
    let e: UnsafeMutablePointer<__mpc_struct>
    let faithful: FaithfulComplex
    /// Per node: whether its value changes with the variables.
    let varying: [Bool]
    var constantsReady = false
    /// Largest binary exponent among finite intermediate parts in the last evaluation.
    public private(set) var scaleExponent = Int.min
    var constantScale = Int.min

    public init(tree: EMLTree, precision: Int) {
        self.tree = tree
        self.precision = precision
        let count = tree.nodes.count
        values = .allocate(capacity: count)
        for k in 0..<count { mpc_init2(values + k, mpfr_prec_t(precision)) }
        expTemp = .allocate(capacity: 1)
        logTemp = .allocate(capacity: 1)
        e = .allocate(capacity: 1)
        for z in [expTemp, logTemp, e] { mpc_init2(z, mpfr_prec_t(precision)) }
        mpc_set_ui(e, 1, 0)
        mpfr_exp(realPart(e), realPart(e), MPFR_RNDN)
        var varying = [Bool](repeating: false, count: count)
        for (k, node) in tree.nodes.enumerated() {
            switch node {
            case .one: mpc_set_ui(values + k, 1, 0)
            case .variable: varying[k] = true
            case .eml(let a, let b): varying[k] = varying[a] || varying[b]
            }
        }
        self.varying = varying
        faithful = FaithfulComplex(precision: precision)
    }

    deinit {
        for k in 0..<tree.nodes.count { mpc_clear(values + k) }
        values.deallocate()
        for z in [expTemp, logTemp, e] { mpc_clear(z); z.deallocate() }
    }

    /// The root's value with `inputs[v]` bound to variable v (in `tree.variables` order).
    public func evaluate(_ inputs: [BigComplex]) throws(EvaluationError) -> BigComplex {
        try run(inputs)
        let result = BigComplex(precision: precision)
        result.withPointer { mpc_set(UnsafeMutablePointer(mutating: $0), values + tree.root, 0) }
        return result
    }

    /// Evaluates, leaving every node's value in place; reports the first node that overflows or yields NaN.
    func run(_ inputs: [BigComplex]) throws(EvaluationError) {
        Precision.useWidestExponentRange()
        var scale = constantScale
        let skipConstants = constantsReady
        for k in 0..<tree.nodes.count where !(skipConstants && !varying[k]) {
            let out = values + k
            switch tree.nodes[k] {
            case .one: continue
            case .variable(let v): inputs[v].withPointer { _ = mpc_set(out, $0, 0) }
            case .eml(let a, let b):
                if let e = RangeReduction.excess(imaginaryPart(values + a)) {
                    throw RangeReduction.error("eml node \(k) (exp(x) − ln(y))", tree.origins[k], exponent: e)
                }
                mpfr_clear_flags()
                node(out, a, b)
                if mpfr_nan_p(realPart(out)) != 0 || mpfr_nan_p(imaginaryPart(out)) != 0 {
                    throw .undefined(operation: "eml node \(k) (exp(x) − ln(y))", position: tree.origins[k], detail: "the result is NaN")
                }
                if mpfr_overflow_p() != 0 {
                    throw .overflow(operation: "eml node \(k) (exp(x) − ln(y))", position: tree.origins[k])
                }
            }
            let s = max(exponent(realPart(out)), exponent(imaginaryPart(out)))
            scale = max(scale, s)
            if !varying[k] { constantScale = max(constantScale, s) }
        }
        constantsReady = true
        scaleExponent = scale
    }

    /// out = exp(values[a]) − Log(values[b]).
    func node(_ out: UnsafeMutablePointer<__mpc_struct>, _ a: Int, _ b: Int) {
        let x = values + a, y = values + b
        let xIsOne = tree.nodes[a] == .one, yIsOne = tree.nodes[b] == .one
        if yIsOne {
            // Log 1 = 0 exactly: the node is exp(x).
            if xIsOne { mpc_set(out, e, 0) } else { exp(out, x) }
            return
        }
        LogLowerEdge.compute(logTemp, y, precision: precision, faithful: faithful)
        mpc_sub(out, xIsOne ? e : { exp(expTemp, x); return expTemp }(), logTemp, 0)
    }

    /// exp(z), with the real fast path keeping the signed zero of Im z (cexp(x ± 0i) = e^x ± 0i).
    func exp(_ r: UnsafeMutablePointer<__mpc_struct>, _ z: UnsafeMutablePointer<__mpc_struct>) {
        if mpfr_zero_p(imaginaryPart(z)) != 0 && mpfr_nan_p(realPart(z)) == 0 {
            faithful.realExp(realPart(r), realPart(z))
            mpfr_set(imaginaryPart(r), imaginaryPart(z), MPFR_RNDN)
        } else {
            faithful.exp(r, z)
        }
    }

    func exponent(_ x: UnsafeMutablePointer<__mpfr_struct>) -> Int {
        mpfr_number_p(x) != 0 && mpfr_zero_p(x) == 0 ? Int(mpfr_get_exp(x)) : Int.min
    }
}
