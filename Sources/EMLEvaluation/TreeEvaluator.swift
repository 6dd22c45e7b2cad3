import CMPFR
import EMLNumbers
import EMLTree

/// Evaluates a pure EML tree node by node as exp(x) − Log(y) in MPC at a fixed precision.
///
/// The node values live in one preallocated MPC array (children precede parents), so evaluating
/// many points reuses the memory; an instance is not shared between threads (each thread makes its own).
public final class TreeEvaluator {
    public let tree: EMLTree
    public let precision: Int
    let values: UnsafeMutablePointer<__mpc_struct>
    let expTemp: UnsafeMutablePointer<__mpc_struct>
    let logTemp: UnsafeMutablePointer<__mpc_struct>
    /// Largest binary exponent among finite intermediate parts in the last evaluation.
    public private(set) var scaleExponent = Int.min

    public init(tree: EMLTree, precision: Int) {
        self.tree = tree
        self.precision = precision
        values = .allocate(capacity: tree.nodes.count)
        for k in 0..<tree.nodes.count { mpc_init2(values + k, mpfr_prec_t(precision)) }
        expTemp = .allocate(capacity: 1)
        logTemp = .allocate(capacity: 1)
        mpc_init2(expTemp, mpfr_prec_t(precision))
        mpc_init2(logTemp, mpfr_prec_t(precision))
        for (k, node) in tree.nodes.enumerated() where node == .one { mpc_set_ui(values + k, 1, 0) }
    }

    deinit {
        for k in 0..<tree.nodes.count { mpc_clear(values + k) }
        values.deallocate()
        mpc_clear(expTemp); expTemp.deallocate()
        mpc_clear(logTemp); logTemp.deallocate()
    }

    /// The root's value with `inputs[v]` bound to variable v (in `tree.variables` order).
    public func evaluate(_ inputs: [BigComplex]) throws(EvaluationError) -> BigComplex {
        try run(inputs)
        let result = BigComplex(precision: precision)
        result.withPointer { mpc_set(ComplexPointer(mutating: $0), values + tree.root, 0) }
        return result
    }

    /// Evaluates, leaving every node's value in place; reports the first node that overflows or yields NaN.
    func run(_ inputs: [BigComplex]) throws(EvaluationError) {
        Precision.useWidestExponentRange()
        var scale = Int.min
        for (k, node) in tree.nodes.enumerated() {
            let out = values + k
            switch node {
            case .one: continue
            case .variable(let v): inputs[v].withPointer { _ = mpc_set(out, $0, 0) }
            case .eml(let a, let b):
                mpfr_clear_flags()
                exp(expTemp, values + a)
                LogLowerEdge.compute(logTemp, values + b, precision: precision)
                mpc_sub(out, expTemp, logTemp, 0)
                if mpfr_nan_p(&out.pointee.re) != 0 || mpfr_nan_p(&out.pointee.im) != 0 {
                    throw .undefined(operation: "eml node \(k) (exp(x) − ln(y))", position: tree.origins[k], detail: "the result is NaN")
                }
                if mpfr_overflow_p() != 0 {
                    throw .overflow(operation: "eml node \(k) (exp(x) − ln(y))", position: tree.origins[k])
                }
            }
            scale = max(scale, exponent(&out.pointee.re), exponent(&out.pointee.im))
        }
        scaleExponent = scale
    }

    /// exp(z), with the real fast path keeping the signed zero of Im z (cexp(x ± 0i) = e^x ± 0i).
    func exp(_ r: UnsafeMutablePointer<__mpc_struct>, _ z: UnsafeMutablePointer<__mpc_struct>) {
        if mpfr_zero_p(&z.pointee.im) != 0 && mpfr_nan_p(&z.pointee.re) == 0 {
            mpfr_exp(&r.pointee.re, &z.pointee.re, MPFR_RNDN)
            mpfr_set(&r.pointee.im, &z.pointee.im, MPFR_RNDN)
        } else {
            mpc_exp(r, z, 0)
        }
    }

    func exponent(_ x: UnsafeMutablePointer<__mpfr_struct>) -> Int {
        mpfr_number_p(x) != 0 && mpfr_zero_p(x) == 0 ? Int(mpfr_get_exp(x)) : Int.min
    }
}
