import CMPFR
import EMLNumbers
import Bessel
import EMLSyntax
import FloatFormats

/// Evaluates an expression with one MPFR or MPC call per primitive, each correctly rounded at `precision`.
public struct DirectEvaluator {
    public let precision: Int
    /// Largest binary exponent seen among intermediate values: the scale of the rounding noise.
    public private(set) var scaleExponent = Int.min
    var values: [ObjectIdentifier: Number] = [:]
    /// Values of free variables, where the caller binds them.
    public var inputs: [String: Number] = [:]

    public init(precision: Int) { self.precision = precision }

    /// The value of `expression` (a DAG: each shared node is computed once, children first, no recursion).
    public mutating func evaluate(_ expression: MathExpression) throws(EvaluationError) -> Number {
        Precision.useWidestExponentRange()
        for node in expression.postorder() where values[ObjectIdentifier(node)] == nil {
            let value = try evaluateNode(node)
            scaleExponent = max(scaleExponent, value.scaleExponent)
            values[ObjectIdentifier(node)] = value
        }
        return values[ObjectIdentifier(expression)]!
    }

    func value(_ e: MathExpression) -> Number { values[ObjectIdentifier(e)]! }

    mutating func evaluateNode(_ node: MathExpression) throws(EvaluationError) -> Number {
        let p = precision
        let at = node.position
        switch node.kind {
        case .number(let literal):
            guard let x = BigReal(literal: literal.text, precision: p) else {
                throw .undefined(operation: "literal '\(literal.text)'", position: at, detail: "not a number")
            }
            if x.isInfinite { throw .overflow(operation: "literal '\(literal.text)'", position: at) }
            return .real(x)
        case .constant(.pi): return .real(BigReal.pi(precision: p))
        case .constant(.e): return .real(BigReal.unary(BigReal(1, precision: p), precision: p) { r, x in _ = mpfr_exp(r, x, MPFR_RNDN) })
        case .constant(.i): return .complex(BigComplex(real: BigReal(0, precision: p), imaginary: BigReal(1, precision: p), precision: p))
        case .variable(let name, let definition):
            if let d = definition { return value(d) }
            guard let bound = inputs[name] else { throw .unboundVariable(name: name, position: at) }
            return bound
        case .parameter(_, let name): throw .unboundVariable(name: name, position: at)
        case .negate(let x):
            return try checked("negation", at) { MathOps.negate(value(x), p) }
        case .binary(let op, let a, let b):
            let (x, y) = (value(a), value(b))
            switch op {
            case .add: return try checked("'+'", at) { MathOps.add(x, y, p) }
            case .subtract: return try checked("'-'", at) { MathOps.subtract(x, y, p) }
            case .multiply: return try checked("'*'", at) { MathOps.multiply(x, y, p) }
            case .divide: return try checked("'/'", at) { MathOps.divide(x, y, p) }
            case .power:
                // A complex power is exp(y·log x): a huge y makes a huge imaginary part to reduce.
                let route = MathOps.powerRoute(x, y, p)
                switch route {
                case .real: break
                case .mpc: try RangeReduction.check("'^'", y, trigonometric: true, position: at)
                case .exponential(let product):
                    try RangeReduction.check("'^'", y, trigonometric: true, position: at)
                    try RangeReduction.check("'^'", product, trigonometric: false, position: at)
                }
                return try checked("'^'", at) { MathOps.power(x, y, p, via: route) }
            }
        case .call(let f, let args):
            let xs = args.map(value)
            if f == .logBase, case .real(let base) = xs[0], base.withPointer({ mpfr_cmp_si($0, 1) }) == 0 {
                throw .undefined(operation: "log", position: at, detail: "base 1")
            }
            if f == .atan2, xs.contains(where: { if case .complex = $0 { return true } else { return false } }) {
                throw .undefined(operation: "atan2", position: at, detail: "atan2 takes real arguments")
            }
            if f.isBessel { return try bessel(f, xs, args, at) }
            // MPC's transcendental functions (but log, sqrt and our exp) ask GMP for memory in
            // proportion to their operands' exponents: refuse complex operands beyond 2^±2^20.
            if f != .ln && f != .sqrt && f != .exp && f != .abs, let e = xs.compactMap(MathOps.extremeComplexExponent).first {
                throw .invalidArgument(message: "\(f.name) of a complex value with a part of magnitude 2^\(e) is out of range (parts must lie within 2^±1048576)", position: at)
            }
            switch f {
            case .sin, .cos, .tan, .sec, .csc, .cot: try RangeReduction.check(f.name, xs[0], trigonometric: true, position: at)
            case .exp, .sinh, .cosh, .tanh, .eml: try RangeReduction.check(f.name, xs[0], trigonometric: false, position: at)
            default: break
            }
            return try checked(f.name, at) { MathOps.call(f, xs, p) }
        case .formatCall(let f, let name, let formatPosition, let args):
            let format: FloatFormat
            do { format = try FloatFormat.named(name) } catch {
                throw .invalidArgument(message: error.message, position: formatPosition)
            }
            var reals: [BigReal] = []
            for arg in args {
                guard case .real(let x) = value(arg) else {
                    throw .invalidArgument(message: "\(f.rawValue) takes real values: float formats hold no complex numbers", position: arg.position)
                }
                reals.append(x)
            }
            return try FormatOps.apply(f, format, reals, precision: p, position: at)
        }
    }

    /// log I, log K, I, K at the working precision (their methods adapt term counts and steps to it).
    func bessel(_ f: Function, _ xs: [Number], _ args: [MathExpression], _ at: Int) throws(EvaluationError) -> Number {
        var reals: [BigReal] = []
        for (k, x) in xs.enumerated() {
            guard case .real(let r) = x else {
                throw .invalidArgument(message: "\(f.name) takes a real order and argument", position: args[k].position)
            }
            reals.append(r)
        }
        do {
            switch f {
            case .logbesseli: return .real(try LogBessel.logI(reals[0], reals[1], precision: precision))
            case .logbesselk: return .real(try LogBessel.logK(reals[0], reals[1], precision: precision))
            case .besseli: return .real(try LogBessel.besselI(reals[0], reals[1], precision: precision))
            default: return .real(try LogBessel.besselK(reals[0], reals[1], precision: precision))
            }
        } catch {
            throw .undefined(operation: f.name, position: at, detail: error.message)
        }
    }

    /// Runs one primitive with MPFR's flags cleared, then reports overflow and NaN as errors.
    func checked(_ operation: String, _ position: Int, _ body: () -> Number) throws(EvaluationError) -> Number {
        mpfr_clear_flags()
        let result = body()
        if result.isNaN { throw .undefined(operation: operation, position: position, detail: "the result is NaN") }
        if mpfr_overflow_p() != 0 && isInfinite(result) {
            throw .overflow(operation: operation, position: position)
        }
        return result
    }

    func isInfinite(_ n: Number) -> Bool {
        switch n {
        case .real(let x): return x.isInfinite
        case .complex(let z): return z.real.isInfinite || z.imaginary.isInfinite
        }
    }
}
