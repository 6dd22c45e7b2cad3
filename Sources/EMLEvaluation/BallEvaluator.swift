import CMPFR
import EMLNumbers
import Bessel
import EMLSyntax
import FloatFormats

/// Evaluates an expression on balls at one working precision: every node's ball contains its exact value.
///
/// Where a ball cannot decide a singularity or a branch (ln of a ball around 0, a cut straddled), the
/// node's ball is indeterminate and `undecided` names the first such node, so the caller can raise
/// the precision and, at its cap, say where certification failed.
struct BallEvaluator {
    let precision: Int
    var values = NodeMap<BallValue>()
    var inputs: [String: BallValue] = [:]
    /// Exact values of the nodes that have one (literal arithmetic).
    var rationals = NodeMap<Rational>()
    /// The first node whose ball became indeterminate from finite operands: (operation, position).
    private(set) var undecided: (operation: String, position: Int)? = nil

    init(precision: Int) { self.precision = precision }

    /// The ball of `expression` (a DAG: each shared node is computed once, children first, no recursion).
    mutating func evaluate(_ expression: MathExpression) throws(EvaluationError) -> BallValue {
        Precision.useWidestExponentRange()
        for node in expression.postorder() where values[ObjectIdentifier(node)] == nil {
            // A literal p/q of machine integers (most are) goes straight to its ball, as its Rational would
            // round; the exact Rational is made only where an arithmetic parent asks for it (`rational`).
            if case .number(let literal) = node.kind, let (n, d) = literal.machineFraction {
                let p = precision
                values.insert(ObjectIdentifier(node), .real(Ball.make { r in arb_set_ui(r, UInt(n)); arb_div_ui(r, r, UInt(d), p) }))
                continue
            }
            if let q = rational(node) {
                rationals.insert(ObjectIdentifier(node), q)
                values.insert(ObjectIdentifier(node), .real(q.ball(precision: precision)))
                continue
            }
            values.insert(ObjectIdentifier(node), try evaluateNode(node))
        }
        return values[ObjectIdentifier(expression)]!
    }

    func value(_ e: MathExpression) -> BallValue { values[ObjectIdentifier(e)]! }

    /// The exact value of an evaluated node, where it has one: a literal's made here, on demand.
    func exactValue(_ e: MathExpression) -> Rational? {
        if case .number(let l) = e.kind { return Rational(mantissa: l.mantissa, radix: l.radix, base: l.base, exponent: l.exponent) }
        return rationals[ObjectIdentifier(e)]
    }

    /// The exact value of a node built from literals by + − × ÷ and integer powers, where it stays cheap.
    func rational(_ node: MathExpression) -> Rational? {
        func q(_ e: MathExpression) -> Rational? { exactValue(e) }
        switch node.kind {
        case .number: return exactValue(node)
        case .variable(_, let definition?): return q(definition)
        case .negate(let x): return q(x).map { -$0 }
        case .binary(let op, let a, let b):
            guard let x = q(a), let y = q(b) else { return nil }
            switch op {
            case .add: return x + y
            case .subtract: return x - y
            case .multiply: return x * y
            case .divide: return x / y
            case .power: return x.power(y)
            }
        default: return nil
        }
    }

    mutating func evaluateNode(_ node: MathExpression) throws(EvaluationError) -> BallValue {
        let p = precision
        let at = node.position
        switch node.kind {
        case .number(let literal): return .real(try Self.literal(literal.text, precision: p, position: at))
        case .constant(.pi): return .real(BallOps.pi(p))
        case .constant(.e): return .real(Ball.make { arb_const_e($0, p) })
        case .constant(.i): return BallOps.makeComplex(Ball(0), Ball(1))
        case .variable(let name, let definition):
            if let d = definition { return value(d) }
            guard let bound = inputs[name] else { throw .unboundVariable(name: name, position: at) }
            return bound
        case .parameter(_, let name): throw .unboundVariable(name: name, position: at)
        case .negate(let x):
            return try checked("negation", at, [value(x)], { BallOps.negate($0[0]) }, { MathOps.negate($0[0], $1) })
        case .binary(let op, let a, let b):
            let operands = [value(a), value(b)]
            switch op {
            case .add: return try checked("'+'", at, operands, { BallOps.add($0[0], $0[1], p) }, { MathOps.add($0[0], $0[1], $1) })
            case .subtract: return try checked("'-'", at, operands, { BallOps.subtract($0[0], $0[1], p) }, { MathOps.subtract($0[0], $0[1], $1) })
            case .multiply: return try checked("'*'", at, operands, { BallOps.multiply($0[0], $0[1], p) }, { MathOps.multiply($0[0], $0[1], $1) })
            case .divide: return try checked("'/'", at, operands, { BallOps.divide($0[0], $0[1], p) }, { MathOps.divide($0[0], $0[1], $1) })
            case .power:
                try Magnitude.checkPower(operands[0], operands[1], position: at)
                let point: ([Number], Int) -> Number = { xs, q in MathOps.power(xs[0], xs[1], q, via: MathOps.powerRoute(xs[0], xs[1], q)) }
                if let direct = BallOps.power(operands[0], operands[1], p) {
                    return try checked("'^'", at, operands, { _ in direct }, point)
                }
                // exp(y·ln x): `exponential` checks the exponent's size as exp's (2^300·iπ needs 300 bits of π).
                let w = try checked("'^'", at, operands, { BallOps.powerExponent($0[0], $0[1], p) }, point)
                return try exponential("'^'", at, w)
            }
        case .call(let f, let args):
            let xs = args.map(value)
            if f == .logBase, case .real(let base) = xs[0], base.isExact, base.midpointValue == BigReal(1, precision: 2) {
                throw .undefined(operation: "log", position: at, detail: "base 1")
            }
            if f == .atan2, xs.contains(where: { if case .complex = $0 { return true } else { return false } }) {
                throw .undefined(operation: "atan2", position: at, detail: "atan2 takes real arguments")
            }
            if f.isBessel { return try bessel(f, xs, args, at) }
            switch f {
            case .sin, .cos, .tan, .sec, .csc, .cot: try Magnitude.checkReduction(f.name, xs[0], trigonometric: true, position: at)
            case .exp: return try exponential("exp", at, xs[0])
            case .sinh, .cosh, .tanh, .eml:
                try Magnitude.checkReduction(f.name, xs[0], trigonometric: false, position: at)
                if f != .tanh && Magnitude.exponentialOverflows(xs[0]) != nil { throw .overflow(operation: f.name, position: at) }
            default: break
            }
            return try checked(f.name, at, xs, { BallOps.call(f, $0, p) }, { MathOps.call(f, $0, $1) })
        case .formatCall(let f, let name, let formatPosition, let args):
            let format: FloatFormat
            do { format = try FloatFormat.named(name) } catch {
                throw .invalidArgument(message: error.message, position: formatPosition)
            }
            var reals: [Ball] = []
            for arg in args {
                guard case .real(let x) = value(arg) else {
                    throw .invalidArgument(message: "\(f.rawValue) takes real values: float formats hold no complex numbers", position: arg.position)
                }
                reals.append(x)
            }
            return .real(try FormatOps.apply(f, format, reals, precision: p, position: at))
        }
    }

    /// e^w, with w's size checked first: a real part past 2^63 overflows, or underflows to the ball 0 ± 2^emin.
    mutating func exponential(_ operation: String, _ at: Int, _ w: BallValue) throws(EvaluationError) -> BallValue {
        try Magnitude.checkReduction(operation, w, trigonometric: false, position: at)
        switch Magnitude.exponentialOverflows(w) {
        case true?: throw .overflow(operation: operation, position: at)
        case false?:
            let tiny = Magnitude.belowRange()
            if case .real = w { return .real(tiny) }
            return .complex(ComplexBall(real: tiny, imaginary: tiny))
        case nil:
            let p = precision
            return try checked(operation, at, [w], { BallOps.exp($0[0], p) }, { MathOps.exp($0[0], $1) })
        }
    }

    /// A literal's ball: exact where `precision` bits hold it, else its correct rounding ± 1 ulp.
    static func literal(_ text: String, precision p: Int, position: Int) throws(EvaluationError) -> Ball {
        var x = BigReal(precision: p)
        var exact = false
        let ok = x.withMutablePointer { r in
            text.withCString { s -> Bool in
                var end: UnsafeMutablePointer<CChar>? = nil
                exact = mpfr_strtofr(r, s, &end, 0, MPFR_RNDN) == 0
                return end != nil && end!.pointee == 0 && end! != UnsafeMutablePointer(mutating: s)
            }
        }
        guard ok else { throw .undefined(operation: "literal '\(text)'", position: position, detail: "not a number") }
        if x.isInfinite { throw .overflow(operation: "literal '\(text)'", position: position) }
        return Ball(rounded: x, exact: exact)
    }

    /// log I, log K, I, K: from the Bessel module's error-bounded certificates where they apply to exact
    /// arguments, else from Arb's scaled Bessel functions (balls in, balls out).
    mutating func bessel(_ f: Function, _ xs: [BallValue], _ args: [MathExpression], _ at: Int) throws(EvaluationError) -> BallValue {
        var reals: [Ball] = []
        for (k, x) in xs.enumerated() {
            guard case .real(let r) = x else {
                throw .invalidArgument(message: "\(f.name) takes a real order and argument", position: args[k].position)
            }
            reals.append(r)
        }
        let (v, x) = (reals[0], reals[1])
        try Magnitude.checkBessel(f.name, v, x, position: at)
        let p = precision
        let logKind: LogBessel.Kind = (f == .logbesseli || f == .besseli) ? .logI : .logK
        var log: Ball? = nil
        // Up to 1024 bits the Bessel module's certificates are the fast ones; above, Arb's series and
        // asymptotic expansions are (10,000 digits of log I_2.5(3): 3 ms against the MPFR series' 50 s).
        if v.isExact && x.isExact && p <= 1024 {
            let (vm, xm) = (v.midpointValue, x.midpointValue)
            do {
                if let r = try LogBessel.bounded(logKind, vm, xm, bits: p) { log = Ball(rounded: r, exact: false) }
                else if xm.isZero {
                    // log I_v(0) = 0 (v = 0) or −∞, log K_v(0) = +∞: exact.
                    log = Ball(exactly: try LogBessel.value(logKind, vm, xm, precision: 2))
                }
            } catch {
                throw .undefined(operation: f.name, position: at, detail: error.message)
            }
        }
        // Decimal arguments (2.37): inexact balls, exact rationals; log I's fixed-point certificate takes them.
        if log == nil, logKind == .logI, p <= LogBessel.fixedPointBits,
           let v = exactValue(args[0])?.machineParts, let x = exactValue(args[1])?.machineParts {
            log = LogBessel.logIBall(order: v, argument: x)
        }
        if log == nil {
            // Arb's Bessel functions of a large order slow as p³: at |v| = 10^5, 6700 bits take 23 s, 3400 bits 2 s.
            if p > Magnitude.besselLargeOrderBits && !(v.isAtMost(1000) && v.isAtLeast(-1000)) {
                throw .invalidArgument(message: "\(f.name): orders beyond ±1000 are certified to at most \(Magnitude.besselLargeOrderBits) bits (about 1200 digits) here; a higher precision would take minutes", position: at)
            }
            if arb_is_positive(x.pointer) == 0 && !(x.isExact && x.isZero) {
                if x.isNegative { throw .undefined(operation: f.name, position: at, detail: "log-Bessel functions are defined here for x ≥ 0") }
                log = .indeterminate()
            } else {
                do { log = try LogBessel.logBall(logKind, v, x, precision: p) } catch {
                    throw .undefined(operation: f.name, position: at, detail: error.message)
                }
            }
        }
        if f == .besseli || f == .besselk { return try exponential(f.name, at, .real(log!)) }
        return try checked(f.name, at, xs, { _ in .real(log!) })
    }

    /// Runs one primitive on balls, then: a NaN from exact operands is undefined, an exact operand
    /// that Arb cannot take (1/0, ln 0, ±∞) goes through MPFR/MPC on the exact midpoints, a value past
    /// MPFR's range is an overflow, and an indeterminate ball from finite operands is recorded as undecided.
    mutating func checked(_ operation: String, _ position: Int, _ operands: [BallValue],
                          _ body: ([BallValue]) -> BallValue,
                          _ point: (([Number], Int) -> Number)? = nil) throws(EvaluationError) -> BallValue {
        var result = body(operands).realIfExact
        if let point, operands.contains(where: \.hasExactInfinity) || (!result.isFinite && operands.allSatisfy(\.isExact)) {
            result = try extended(operation, position, operands, point)
        }
        if !result.isFinite {
            if undecided == nil && operands.allSatisfy(\.isFinite) && !result.hasExactInfinity { undecided = (operation, position) }
            return result
        }
        return try Magnitude.checkRange(operation, result, position: position)
    }

    /// The value where an operand is an exact ±∞ or Arb's ball is non-finite at exact operands: MPFR/MPC's
    /// IEEE-style value at the midpoints (1/0 = ∞, ln 0 = −∞, exp(−∞) = 0), taken only where no
    /// inexact operand can change it.
    func extended(_ operation: String, _ position: Int, _ operands: [BallValue],
                  _ pointValue: ([Number], Int) -> Number) throws(EvaluationError) -> BallValue {
        let exact = operands.allSatisfy(\.isExact)
        if !exact && operands.contains(where: { !$0.isExact && ($0.parts.real.containsZero || ($0.parts.imaginary?.containsZero ?? false)) }) {
            return .real(.indeterminate())
        }
        mpfr_clear_flags()
        let point = pointValue(operands.map(\.midpoint), precision + 8)
        if point.isNaN { throw .undefined(operation: operation, position: position, detail: "the result is NaN") }
        let special: Bool = {
            switch point {
            case .real(let x): return x.isInfinite || x.isZero
            case .complex(let z): return (z.real.isInfinite || z.real.isZero) && (z.imaginary.isInfinite || z.imaginary.isZero)
            }
        }()
        if !exact && !special { return .real(.indeterminate()) }
        return BallValue(point: point, exact: special)
    }
}
