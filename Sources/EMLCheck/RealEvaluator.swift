import CMPFR
import EMLNumbers
import FPCore

/// Why a real evaluation produced no value.
enum RealFailure: Error {
    /// The exact result does not exist (√−1, 1/0, log 0): the point is not valid.
    case undefined(String)
    /// The balls are too wide to decide a branch, a domain or a comparison: more precision may.
    case undecided
    /// A value lies beyond MPFR's default exponent range (|e| ≥ 2^30): Herbie cannot settle such a point.
    case outOfRange
}

typealias ArbPointer = UnsafeMutablePointer<arb_struct>

/// FPCore's real semantics on Arb balls at one working precision, over a compiled expression.
/// Every operation's ball contains the exact result for every point of its operands (Arb's contract);
/// domains and comparisons are decided only when the balls decide them, else `undecided` asks for more
/// precision. One machine per thread: each node writes its ball into storage allocated once, so a
/// point costs no allocation.
final class RealEvaluator {
    let program: CompiledExpression
    let precision: Int
    private let root: Int
    /// MPFR's default exponent range: 2^±(2^30 − 1).
    static let exponentLimit = (1 << 30) - 1

    private let values: ArbPointer, slots: ArbPointer, literals: ArbPointer, scratch: ArbPointer
    /// The program's nodes and child lists, copied out of their arrays: walking them retains nothing.
    private let nodes: UnsafeMutableBufferPointer<CompiledExpression.Node>
    private let children: UnsafeMutableBufferPointer<Int32>
    private var booleanSlots: [Bool]
    private let nodeCount: Int, slotCount: Int, literalCount: Int
    private static let scratchCount = 4

    init(_ program: CompiledExpression, precision: Int) {
        self.program = program
        self.precision = precision
        root = program.root
        nodeCount = max(1, program.nodes.count)
        slotCount = max(1, program.slotCount)
        literalCount = max(1, program.literals.count)
        values = _arb_vec_init(nodeCount)
        slots = _arb_vec_init(slotCount)
        literals = _arb_vec_init(literalCount)
        scratch = _arb_vec_init(Self.scratchCount)
        booleanSlots = Array(repeating: false, count: slotCount)
        nodes = .allocate(capacity: program.nodes.count)
        _ = nodes.initialize(from: program.nodes)
        children = .allocate(capacity: max(1, program.children.count))
        _ = children.initialize(from: program.children)
        for (k, n) in program.literals.enumerated() { RealEvaluator.literal(n, literals + k, precision) }
    }

    deinit {
        _arb_vec_clear(values, nodeCount)
        _arb_vec_clear(slots, slotCount)
        _arb_vec_clear(literals, literalCount)
        _arb_vec_clear(scratch, Self.scratchCount)
        nodes.deallocate()
        children.deallocate()
    }

    @inline(__always) private func child(_ node: CompiledExpression.Node, _ k: Int) -> Int { Int(children[Int(node.first) + k]) }

    /// Argument `k` is exactly `x`.
    func setArgument(_ k: Int, _ x: Double) { arb_set_d(slots + k, x) }
    /// Argument `k` is every point of [a, b] (Doubles, so the ends are exact).
    func setArgument(_ k: Int, from a: Double, to b: Double) {
        let ends = UnsafeMutablePointer<arf_struct>.allocate(capacity: 2)
        arf_init(ends); arf_init(ends + 1)
        defer { arf_clear(ends); arf_clear(ends + 1); ends.deallocate() }
        arf_set_d(ends, a); arf_set_d(ends + 1, b)
        arb_set_interval_arf(slots + k, ends, ends + 1, precision)
    }

    func number() throws(RealFailure) -> ArbPointer { try number(root) }
    func boolean() throws(RealFailure) -> Bool { try boolean(root) }

    /// The exact literal ±s·base^e/d: exact when it is a dyadic rational that fits the precision.
    static func literal(_ n: FPCoreNumber, _ out: ArbPointer, _ precision: Int) {
        var z = fmpz()
        fmpz_init(&z)
        defer { fmpz_clear(&z) }
        _ = fmpz_set_str(&z, n.significand, Int32(n.radix))
        arb_set_fmpz(out, &z)
        if n.base == 2 {
            arb_mul_2exp_si(out, out, n.exponent)
        } else if n.exponent != 0 {
            let power = Ball.make { arb_ui_pow_ui($0, UInt(n.base), UInt(n.exponent.magnitude), precision + 16) }
            if n.exponent > 0 { arb_mul(out, out, power.pointer, precision) } else { arb_div(out, out, power.pointer, precision) }
        }
        if n.denominator != "1" {
            _ = fmpz_set_str(&z, n.denominator, 10)
            arb_div_fmpz(out, out, &z, precision)
        }
        if n.negative { arb_neg(out, out) }
    }

    func constant(_ c: FPCoreConstant, _ out: ArbPointer) throws(RealFailure) {
        let p = precision
        switch c {
        case .true, .false: throw .undefined("a boolean where a number is needed")
        case .infinity, .nan: throw .undefined("\(c.rawValue) is not a real number")
        case .e: arb_const_e(out, p)
        case .pi: arb_const_pi(out, p)
        case .piOver2: arb_const_pi(out, p); arb_mul_2exp_si(out, out, -1)
        case .piOver4: arb_const_pi(out, p); arb_mul_2exp_si(out, out, -2)
        case .oneOverPi: arb_const_pi(out, p); arb_inv(out, out, p)
        case .twoOverPi: arb_const_pi(out, p); arb_inv(out, out, p); arb_mul_2exp_si(out, out, 1)
        case .twoOverSqrtPi: arb_const_sqrt_pi(out, p); arb_inv(out, out, p); arb_mul_2exp_si(out, out, 1)
        case .ln2: arb_const_log2(out, p)
        case .ln10: arb_const_log10(out, p)
        case .log2e: arb_const_log2(out, p); arb_inv(out, out, p)
        case .log10e: arb_const_log10(out, p); arb_inv(out, out, p)
        case .sqrt2: arb_sqrt_ui(out, 2, p)
        case .sqrt1_2: arb_sqrt_ui(out, 2, p); arb_mul_2exp_si(out, out, -1)
        }
    }

    /// The ball of node `i` (its own storage, a slot's or a literal's).
    func number(_ i: Int) throws(RealFailure) -> ArbPointer {
        let node = nodes[i]
        if node.isBoolean { throw .undefined("a boolean where a number is needed") }
        switch node.kind {
        case .literal: return literals + Int(node.index)
        case .variable: return slots + Int(node.slot)
        case .constant:
            try constant(FPCoreConstant.allCases[Int(node.index)], values + i)
            return values + i
        case .conditional:
            return try boolean(child(node, 0)) ? number(child(node, 1)) : number(child(node, 2))
        case .binding:
            try bind(node)
            return try number(child(node, Int(node.count) - 1))
        case .cast, .annotation:
            return try number(child(node, 0))  // reals are not rounded
        case .operation:
            let out = values + i
            try apply(node, out)
            try checkRange(out)
            return out
        }
    }

    private func bind(_ node: CompiledExpression.Node) throws(RealFailure) {
        for k in 0..<(Int(node.count) - 1) {
            let slot = Int(node.slot) + k, value = child(node, k)
            if program.slotIsBoolean[slot] { booleanSlots[slot] = try boolean(value) } else { arb_set(slots + slot, try number(value)) }
        }
    }

    func boolean(_ i: Int) throws(RealFailure) -> Bool {
        let node = nodes[i]
        guard node.isBoolean else { throw .undefined("a number where a boolean is needed") }
        switch node.kind {
        case .constant: return FPCoreConstant.allCases[Int(node.index)] == .true
        case .variable: return booleanSlots[Int(node.slot)]
        case .conditional:
            return try boolean(child(node, 0)) ? boolean(child(node, 1)) : boolean(child(node, 2))
        case .binding:
            try bind(node)
            return try boolean(child(node, Int(node.count) - 1))
        case .cast, .annotation: return try boolean(child(node, 0))
        case .literal: throw .undefined("a number where a boolean is needed")
        case .operation: return try test(node)
        }
    }

    /// Sign of a ball: −1, 0 (exactly zero), 1; undecided while the ball straddles zero.
    func sign(_ b: UnsafePointer<arb_struct>) throws(RealFailure) -> Int {
        if arb_is_zero(b) != 0 { return 0 }
        if arb_is_positive(b) != 0 { return 1 }
        if arb_is_negative(b) != 0 { return -1 }
        throw .undecided
    }

    func checkRange(_ b: UnsafePointer<arb_struct>) throws(RealFailure) {
        let mid = UnsafeMutablePointer(mutating: b).pointer(to: \.mid)!
        guard arb_is_finite(b) != 0 else { if arf_is_nan(mid) != 0 { throw .undecided }; return }
        if arf_cmpabs_2exp_si(mid, RealEvaluator.exponentLimit) >= 0 { throw .outOfRange }
        if arf_is_zero(mid) == 0 && arb_contains_zero(b) == 0 && arf_cmpabs_2exp_si(mid, -RealEvaluator.exponentLimit) < 0 { throw .outOfRange }
    }

    /// |x| < 2^k for the whole ball.
    func below(_ b: UnsafePointer<arb_struct>, _ k: Int) -> Bool {
        let bound = scratch + 3
        arb_set_si(bound, 1)
        arb_mul_2exp_si(bound, bound, k)
        let m = scratch + 2
        arb_abs(m, b)
        return arb_lt(m, bound) != 0
    }

    private func integer(_ b: UnsafePointer<arb_struct>) -> Bool { arb_is_int(b) != 0 }
    private func exactInteger(_ b: UnsafePointer<arb_struct>) -> Bool { arb_is_exact(b) != 0 && arb_is_int(b) != 0 }

    func apply(_ node: CompiledExpression.Node, _ out: ArbPointer) throws(RealFailure) {
        let p = precision, op = node.op
        let a = try number(child(node, 0))
        let b: ArbPointer = node.count > 1 ? try number(child(node, 1)) : a
        let t = scratch, u = scratch + 1
        // exp's argument bound: beyond 2^30, e^x leaves MPFR's exponent range whichever its sign.
        func expArgument(_ x: UnsafePointer<arb_struct>) throws(RealFailure) { if !below(x, 30) { throw .outOfRange } }
        switch op {
        case .add: arb_add(out, a, b, p)
        case .subtract: arb_sub(out, a, b, p)
        case .multiply: arb_mul(out, a, b, p)
        case .divide:
            if try sign(b) == 0 { throw .undefined("division by zero") }
            arb_div(out, a, b, p)
        case .negate: arb_neg(out, a)
        case .fabs: arb_abs(out, a)
        case .fma:
            let c = try number(child(node, 2))
            arb_mul(t, a, b, p + 8); arb_add(out, t, c, p)
        case .sqrt:
            if try sign(a) < 0 { throw .undefined("sqrt of a negative number") }
            arb_sqrt(out, a, p)
        case .cbrt:
            let s = try sign(a)
            arb_abs(t, a); arb_root_ui(out, t, 3, p)
            if s < 0 { arb_neg(out, out) }
        case .hypot: arb_hypot(out, a, b, p)
        case .exp: try expArgument(a); arb_exp(out, a, p)
        case .expm1: try expArgument(a); arb_expm1(out, a, p)
        case .exp2: try expArgument(a); arb_const_log2(t, p + 8); arb_mul(t, t, a, p + 8); arb_exp(out, t, p)
        case .log, .log2, .log10:
            guard try sign(a) > 0 else { throw .undefined("log of a number ≤ 0") }
            if op == .log { arb_log(out, a, p); break }
            arb_log(t, a, p + 8)
            if op == .log2 { arb_const_log2(u, p + 8) } else { arb_const_log10(u, p + 8) }
            arb_div(out, t, u, p)
        case .log1p:
            arb_add_si(t, a, 1, p + 8)
            guard try sign(t) > 0 else { throw .undefined("log1p of a number ≤ −1") }
            arb_log1p(out, a, p)
        case .pow: try power(a, b, out)
        case .sin: arb_sin(out, a, p)
        case .cos: arb_cos(out, a, p)
        case .tan: arb_tan(out, a, p)
        case .asin, .acos:
            arb_abs(t, a); arb_sub_si(t, t, 1, p)
            if arb_is_positive(t) != 0 { throw .undefined("\(op.rawValue) of a number beyond ±1") }
            guard arb_is_zero(t) != 0 || arb_is_negative(t) != 0 else { throw .undecided }
            if op == .asin { arb_asin(out, a, p) } else { arb_acos(out, a, p) }
        case .atan: arb_atan(out, a, p)
        case .atan2:
            if try sign(a) == 0, try sign(b) == 0 { throw .undefined("atan2(0, 0)") }
            arb_atan2(out, a, b, p)
        case .sinh: try expArgument(a); arb_sinh(out, a, p)
        case .cosh: try expArgument(a); arb_cosh(out, a, p)
        case .tanh: arb_tanh(out, a, p)
        case .asinh: arb_asinh(out, a, p)
        case .acosh:
            arb_sub_si(t, a, 1, p)
            guard try sign(t) >= 0 else { throw .undefined("acosh of a number below 1") }
            arb_acosh(out, a, p)
        case .atanh:
            arb_abs(t, a); arb_sub_si(t, t, 1, p)
            guard try sign(t) < 0 else { throw .undefined("atanh of a number not inside (−1, 1)") }
            arb_atanh(out, a, p)
        case .erf: arb_hypgeom_erf(out, a, p)
        case .erfc:
            // erfc(x) < e^(−x²): beyond x = 2^20 it is below 2^−(2^40), out of MPFR's range.
            if !below(a, 20) && arb_is_positive(a) != 0 { throw .outOfRange }
            arb_hypgeom_erfc(out, a, p)
        case .tgamma, .lgamma:
            if exactInteger(a) && arb_is_nonpositive(a) != 0 { throw .undefined("\(op.rawValue) at a pole (an integer ≤ 0)") }
            if !below(a, 30) { throw .outOfRange }
            if op == .tgamma { arb_gamma(out, a, p); break }
            if arb_is_positive(a) != 0 { arb_lgamma(out, a, p); break }
            // log|Γ(x)| for x < 0 by reflection: log π − log|sin πx| − log Γ(1 − x).
            arb_const_pi(t, p + 8); arb_mul(t, t, a, p + 8); arb_sin(t, t, p + 8); arb_abs(t, t); arb_log(t, t, p + 8)
            arb_sub_si(u, a, 1, p + 8); arb_neg(u, u); arb_lgamma(u, u, p + 8)
            arb_const_pi(out, p + 8); arb_log(out, out, p + 8); arb_sub(out, out, t, p + 8); arb_sub(out, out, u, p)
        case .floor: arb_floor(out, a, p)
        case .ceil: arb_ceil(out, a, p)
        case .trunc: try truncated(a, out)
        case .round:
            // Half away from zero: sign(x)·floor(|x| + 1/2).
            let s = try sign(a)
            arb_abs(t, a); arb_set_d(u, 0.5); arb_add(t, t, u, p + 8); arb_floor(out, t, p)
            if s < 0 { arb_neg(out, out) }
        case .nearbyint: nearestEven(a, out)
        case .fmod, .remainder:
            if try sign(b) == 0 { throw .undefined("\(op.rawValue) by zero") }
            let q = scratch + 2
            arb_div(q, a, b, p + 8)
            if op == .fmod { try truncated(q, t) } else { nearestEven(q, t) }
            arb_mul(t, t, b, p + 8); arb_sub(out, a, t, p)
        case .fmax: arb_max(out, a, b, p)
        case .fmin: arb_min(out, a, b, p)
        case .fdim: arb_sub(t, a, b, p); arb_zero(u); arb_max(out, t, u, p)
        case .copysign:
            let s = try sign(b)
            arb_abs(out, a)
            if s < 0 { arb_neg(out, out) }
        default:
            throw .undefined("\(op.rawValue) is not a numeric operation")
        }
    }

    func truncated(_ x: UnsafePointer<arb_struct>, _ out: ArbPointer) throws(RealFailure) {
        if try sign(x) >= 0 { arb_floor(out, x, precision) } else { arb_ceil(out, x, precision) }
    }

    /// The nearest integer, ties to even: floor(x + 1/2), less one where x + 1/2 is an odd integer exactly.
    func nearestEven(_ x: UnsafePointer<arb_struct>, _ out: ArbPointer) {
        let shifted = scratch + 3
        arb_set_d(shifted, 0.5)
        arb_add(shifted, x, shifted, precision + 8)
        arb_floor(out, shifted, precision)
        if arb_is_exact(shifted) != 0 && arb_is_int(shifted) != 0 && arb_is_exact(out) != 0 {
            arb_mul_2exp_si(shifted, out, -1)
            if arb_is_int(shifted) == 0 { arb_sub_si(out, out, 1, precision) }
        }
    }

    /// x^y in reals: negative bases only with exact integer exponents; 0^y needs y ≥ 0.
    func power(_ x: ArbPointer, _ y: ArbPointer, _ out: ArbPointer) throws(RealFailure) {
        let p = precision, t = scratch
        let s = try sign(x)
        let isInteger = exactInteger(y)
        if s == 0 {
            switch try sign(y) {
            case 1: arb_zero(out); return
            case 0: arb_one(out); return
            default: throw .undefined("0 to a negative power")
            }
        }
        if s < 0 && !isInteger { throw .undefined("a negative number to a non-integer power") }
        // |x|^y = e^(y·log|x|): its binary exponent must stay within MPFR's range.
        arb_abs(t, x); arb_log(t, t, 32); arb_mul(t, t, y, 32)
        if !below(t, 30) { throw .outOfRange }
        if isInteger && below(y, 24) {
            var z = fmpz()
            fmpz_init(&z)
            defer { fmpz_clear(&z) }
            _ = arb_get_unique_fmpz(&z, y)
            arb_pow_fmpz(out, x, &z, p)
            return
        }
        arb_abs(t, x); arb_pow(out, t, y, p)
        if s < 0 {
            arb_mul_2exp_si(t, y, -1)
            if arb_is_int(t) == 0 { arb_neg(out, out) }
        }
    }

    /// Comparisons and boolean operators, decided by the balls or `undecided`.
    func test(_ node: CompiledExpression.Node) throws(RealFailure) -> Bool {
        let n = Int(node.count)
        switch node.op {
        case .and:
            for k in 0..<n where try !boolean(child(node, k)) { return false }
            return true
        case .or:
            for k in 0..<n where try boolean(child(node, k)) { return true }
            return false
        case .not: return try !boolean(child(node, 0))
        case .isfinite: _ = try number(child(node, 0)); return true
        case .isinf, .isnan: _ = try number(child(node, 0)); return false
        case .isnormal: return try sign(number(child(node, 0))) != 0
        case .signbit: return try sign(number(child(node, 0))) < 0
        default: break
        }
        if node.op == .notEqual {
            for i in 0..<n {
                for j in (i + 1)..<max(i + 1, n) {
                    // Both operands stay valid: a child's ball lives in its own node's storage.
                    if try compare(number(child(node, i)), number(child(node, j))) == 0 { return false }
                }
            }
            return true
        }
        var previous = try number(child(node, 0))
        for k in 1..<max(1, n) {
            let current = try number(child(node, k))
            if try !node.op.holds(ordering: compare(previous, current)) { return false }
            previous = current
        }
        return true
    }

    /// −1, 0, 1 as x <, =, > y; equality only between identical exact balls.
    func compare(_ x: UnsafePointer<arb_struct>, _ y: UnsafePointer<arb_struct>) throws(RealFailure) -> Int {
        if arb_lt(x, y) != 0 { return -1 }
        if arb_gt(x, y) != 0 { return 1 }
        if arb_eq(x, y) != 0 { return 0 }
        throw .undecided
    }
}
