import CMPFR
import EMLNumbers
import FPCore

/// A value of the real semantics: a ball that contains the exact real, or a decided boolean.
enum RealValue {
    case number(Ball)
    case boolean(Bool)
}

/// Why a real evaluation produced no value.
enum RealFailure: Error {
    /// The exact result does not exist (√−1, 1/0, log 0): the point is not valid.
    case undefined(String)
    /// The balls are too wide to decide a branch, a domain or a comparison: more precision may.
    case undecided
    /// A value lies beyond MPFR's default exponent range (|e| ≥ 2^30): Herbie cannot settle such a point.
    case outOfRange
}

/// FPCore's real semantics on Arb balls at one working precision. Every operation's ball contains
/// the exact result for every point of its operands (Arb's contract); domains and comparisons are
/// decided only when the balls decide them, else `undecided` asks the caller for more precision.
struct RealEvaluator {
    let precision: Int
    /// MPFR's default exponent range: 2^±(2^30 − 1).
    static let exponentLimit = (1 << 30) - 1

    typealias Scope = [(String, RealValue)]

    func evaluate(_ e: FPCoreExpression, _ scope: Scope) throws(RealFailure) -> RealValue {
        switch e {
        case .number(let n): return .number(literal(n))
        case .constant(let c): return try constant(c)
        case .variable(let name):
            // Innermost binding first: let shadows outer names.
            for (n, v) in scope.reversed() where n == name { return v }
            throw .undefined("unbound variable \(name)")
        case .conditional(let c, let t, let f):
            return try boolean(c, scope) ? evaluate(t, scope) : evaluate(f, scope)
        case .binding(let sequential, let names, let values, let body):
            var inner = scope
            for (name, value) in zip(names, values) { inner.append((name, try evaluate(value, sequential ? inner : scope))) }
            return try evaluate(body, inner)
        case .cast(let x), .annotation(_, let x):
            return try evaluate(x, scope)  // reals are not rounded
        case .operation(let op, let args):
            if op.isTest { return .boolean(try test(op, args, scope)) }
            var balls: [Ball] = []
            balls.reserveCapacity(args.count)
            for a in args { balls.append(try number(a, scope)) }
            let r = try apply(op, balls)
            try checkRange(r)
            return .number(r)
        }
    }

    func number(_ e: FPCoreExpression, _ scope: Scope) throws(RealFailure) -> Ball {
        guard case .number(let b) = try evaluate(e, scope) else { throw .undefined("a boolean where a number is needed") }
        return b
    }

    func boolean(_ e: FPCoreExpression, _ scope: Scope) throws(RealFailure) -> Bool {
        guard case .boolean(let b) = try evaluate(e, scope) else { throw .undefined("a number where a boolean is needed") }
        return b
    }

    /// The exact literal ±s·base^e/d: exact when it is a dyadic rational that fits the precision.
    func literal(_ n: FPCoreNumber) -> Ball {
        Ball.make { out in
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
    }

    func constant(_ c: FPCoreConstant) throws(RealFailure) -> RealValue {
        let p = precision
        func ball(_ body: (UnsafeMutablePointer<arb_struct>) -> Void) -> RealValue { .number(Ball.make(body)) }
        switch c {
        case .true: return .boolean(true)
        case .false: return .boolean(false)
        case .infinity, .nan: throw .undefined("\(c.rawValue) is not a real number")
        case .e: return ball { arb_const_e($0, p) }
        case .pi: return ball { arb_const_pi($0, p) }
        case .piOver2: return ball { arb_const_pi($0, p); arb_mul_2exp_si($0, $0, -1) }
        case .piOver4: return ball { arb_const_pi($0, p); arb_mul_2exp_si($0, $0, -2) }
        case .oneOverPi: return ball { arb_const_pi($0, p); arb_inv($0, $0, p) }
        case .twoOverPi: return ball { arb_const_pi($0, p); arb_inv($0, $0, p); arb_mul_2exp_si($0, $0, 1) }
        case .twoOverSqrtPi: return ball { arb_const_sqrt_pi($0, p); arb_inv($0, $0, p); arb_mul_2exp_si($0, $0, 1) }
        case .ln2: return ball { arb_const_log2($0, p) }
        case .ln10: return ball { arb_const_log10($0, p) }
        case .log2e: return ball { arb_const_log2($0, p); arb_inv($0, $0, p) }
        case .log10e: return ball { arb_const_log10($0, p); arb_inv($0, $0, p) }
        case .sqrt2: return ball { arb_sqrt_ui($0, 2, p) }
        case .sqrt1_2: return ball { arb_sqrt_ui($0, 2, p); arb_mul_2exp_si($0, $0, -1) }
        }
    }

    /// Sign of a ball: −1, 0 (exactly zero), 1; undecided while the ball straddles zero.
    func sign(_ b: Ball) throws(RealFailure) -> Int {
        if b.isZero { return 0 }
        if b.isPositive { return 1 }
        if b.isNegative { return -1 }
        throw .undecided
    }

    func checkRange(_ b: Ball) throws(RealFailure) {
        guard b.isFinite else { if b.isNaN { throw .undecided }; return }
        let mid = b.pointer.pointer(to: \.mid)!
        if arf_cmpabs_2exp_si(mid, RealEvaluator.exponentLimit) >= 0 { throw .outOfRange }
        if arf_is_zero(mid) == 0 && arb_contains_zero(b.pointer) == 0 && arf_cmpabs_2exp_si(mid, -RealEvaluator.exponentLimit) < 0 { throw .outOfRange }
    }

    /// |x| < 2^k for the whole ball.
    func below(_ b: Ball, _ k: Int) -> Bool { b.magnitudeExponent <= k }

    func apply(_ op: FPCoreOperator, _ a: [Ball]) throws(RealFailure) -> Ball {
        let p = precision
        func unary(_ f: (UnsafeMutablePointer<arb_struct>, UnsafePointer<arb_struct>, Int) -> Void) -> Ball {
            Ball.make { f($0, a[0].pointer, p) }
        }
        func binary(_ x: Ball, _ y: Ball, _ f: (UnsafeMutablePointer<arb_struct>, UnsafePointer<arb_struct>, UnsafePointer<arb_struct>, Int) -> Void) -> Ball {
            Ball.make { f($0, x.pointer, y.pointer, p) }
        }
        // exp's argument bound: beyond 2^30, e^x leaves MPFR's exponent range whichever its sign.
        func expArgument(_ x: Ball) throws(RealFailure) { if !below(x, 30) { throw .outOfRange } }
        switch op {
        case .add: return binary(a[0], a[1]) { arb_add($0, $1, $2, $3) }
        case .subtract: return binary(a[0], a[1]) { arb_sub($0, $1, $2, $3) }
        case .multiply: return binary(a[0], a[1]) { arb_mul($0, $1, $2, $3) }
        case .divide:
            if try sign(a[1]) == 0 { throw .undefined("division by zero") }
            return binary(a[0], a[1]) { arb_div($0, $1, $2, $3) }
        case .negate: return Ball.make { arb_neg($0, a[0].pointer) }
        case .fabs: return Ball.make { arb_abs($0, a[0].pointer) }
        case .fma: return Ball.make { arb_mul($0, a[0].pointer, a[1].pointer, p + 8); arb_add($0, $0, a[2].pointer, p) }
        case .sqrt:
            switch try sign(a[0]) {
            case -1: throw .undefined("sqrt of a negative number")
            default: return unary { arb_sqrt($0, $1, $2) }
            }
        case .cbrt:
            let s = try sign(a[0])
            let r = Ball.make { arb_abs($0, a[0].pointer); arb_root_ui($0, $0, 3, p) }
            return s < 0 ? Ball.make { arb_neg($0, r.pointer) } : r
        case .hypot: return binary(a[0], a[1]) { arb_hypot($0, $1, $2, $3) }
        case .exp: try expArgument(a[0]); return unary { arb_exp($0, $1, $2) }
        case .expm1: try expArgument(a[0]); return unary { arb_expm1($0, $1, $2) }
        case .exp2:
            try expArgument(a[0])
            return Ball.make { arb_const_log2($0, p + 8); arb_mul($0, $0, a[0].pointer, p + 8); arb_exp($0, $0, p) }
        case .log, .log2, .log10:
            guard try sign(a[0]) > 0 else { throw .undefined("log of a number ≤ 0") }
            let l = unary { arb_log($0, $1, $2) }
            if op == .log { return l }
            return Ball.make { op == .log2 ? arb_const_log2($0, p + 8) : arb_const_log10($0, p + 8); arb_div($0, l.pointer, $0, p) }
        case .log1p:
            let shifted = Ball.make { arb_add_si($0, a[0].pointer, 1, p + 8) }
            guard try sign(shifted) > 0 else { throw .undefined("log1p of a number ≤ −1") }
            return unary { arb_log1p($0, $1, $2) }
        case .pow: return try power(a[0], a[1])
        case .sin: return unary { arb_sin($0, $1, $2) }
        case .cos: return unary { arb_cos($0, $1, $2) }
        case .tan: return unary { arb_tan($0, $1, $2) }
        case .asin, .acos:
            let m = Ball.make { arb_abs($0, a[0].pointer); arb_sub_si($0, $0, 1, p) }
            if m.isPositive { throw .undefined("\(op.rawValue) of a number beyond ±1") }
            guard m.isZero || m.isNegative else { throw .undecided }
            return unary { op == .asin ? arb_asin($0, $1, $2) : arb_acos($0, $1, $2) }
        case .atan: return unary { arb_atan($0, $1, $2) }
        case .atan2:
            if try sign(a[0]) == 0, try sign(a[1]) == 0 { throw .undefined("atan2(0, 0)") }
            return binary(a[0], a[1]) { arb_atan2($0, $1, $2, $3) }
        case .sinh: try expArgument(a[0]); return unary { arb_sinh($0, $1, $2) }
        case .cosh: try expArgument(a[0]); return unary { arb_cosh($0, $1, $2) }
        case .tanh: return unary { arb_tanh($0, $1, $2) }
        case .asinh: return unary { arb_asinh($0, $1, $2) }
        case .acosh:
            let m = Ball.make { arb_sub_si($0, a[0].pointer, 1, p) }
            guard try sign(m) >= 0 else { throw .undefined("acosh of a number below 1") }
            return unary { arb_acosh($0, $1, $2) }
        case .atanh:
            let m = Ball.make { arb_abs($0, a[0].pointer); arb_sub_si($0, $0, 1, p) }
            guard try sign(m) < 0 else { throw .undefined("atanh of a number not inside (−1, 1)") }
            return unary { arb_atanh($0, $1, $2) }
        case .erf: return unary { arb_hypgeom_erf($0, $1, $2) }
        case .erfc:
            // erfc(x) < e^(−x²): beyond x = 2^20 it is below 2^−(2^40), out of MPFR's range.
            if a[0].isGreater(than: 1 << 20) { throw .outOfRange }
            return unary { arb_hypgeom_erfc($0, $1, $2) }
        case .tgamma, .lgamma:
            if a[0].isExact && a[0].isInteger && a[0].isAtMost(0) { throw .undefined("\(op.rawValue) at a pole (an integer ≤ 0)") }
            if a[0].isGreater(than: 1 << 30) { throw .outOfRange }
            if op == .tgamma { return unary { arb_gamma($0, $1, $2) } }
            if a[0].isPositive { return unary { arb_lgamma($0, $1, $2) } }
            // log|Γ(x)| for x < 0 by reflection: log π − log|sin πx| − log Γ(1 − x).
            if !below(a[0], 30) { throw .outOfRange }
            return Ball.make { out in
                let s = Ball.make { arb_const_pi($0, p + 8); arb_mul($0, $0, a[0].pointer, p + 8); arb_sin($0, $0, p + 8); arb_abs($0, $0); arb_log($0, $0, p + 8) }
                let g = Ball.make { arb_sub_si($0, a[0].pointer, 1, p + 8); arb_neg($0, $0); arb_lgamma($0, $0, p + 8) }
                arb_const_pi(out, p + 8); arb_log(out, out, p + 8); arb_sub(out, out, s.pointer, p + 8); arb_sub(out, out, g.pointer, p)
            }
        case .floor: return unary { arb_floor($0, $1, $2) }
        case .ceil: return unary { arb_ceil($0, $1, $2) }
        case .trunc: return try truncated(a[0])
        case .round:
            // Half away from zero: sign(x)·floor(|x| + 1/2).
            let s = try sign(a[0])
            let r = Ball.make { arb_abs($0, a[0].pointer); arb_set_round($0, $0, p + 8); arb_add($0, $0, RealEvaluator.half.pointer, p + 8); arb_floor($0, $0, p) }
            return s < 0 ? Ball.make { arb_neg($0, r.pointer) } : r
        case .nearbyint: return nearestEven(a[0])
        case .fmod, .remainder:
            if try sign(a[1]) == 0 { throw .undefined("\(op.rawValue) by zero") }
            let q = binary(a[0], a[1]) { arb_div($0, $1, $2, $3 + 8) }
            let n = op == .fmod ? try truncated(q) : nearestEven(q)
            return Ball.make { arb_mul($0, n.pointer, a[1].pointer, p + 8); arb_sub($0, a[0].pointer, $0, p) }
        case .fmax: return binary(a[0], a[1]) { arb_max($0, $1, $2, $3) }
        case .fmin: return binary(a[0], a[1]) { arb_min($0, $1, $2, $3) }
        case .fdim: return Ball.make { arb_sub($0, a[0].pointer, a[1].pointer, p); arb_max($0, $0, RealEvaluator.zero.pointer, p) }
        case .copysign:
            let s = try sign(a[1])
            return Ball.make { arb_abs($0, a[0].pointer); if s < 0 { arb_neg($0, $0) } }
        default:
            throw .undefined("\(op.rawValue) is not a numeric operation")
        }
    }

    static let half = Ball.make { arb_set_d($0, 0.5) }
    static let zero = Ball.make { arb_zero($0) }

    func truncated(_ x: Ball) throws(RealFailure) -> Ball {
        try sign(x) >= 0 ? Ball.make { arb_floor($0, x.pointer, precision) } : Ball.make { arb_ceil($0, x.pointer, precision) }
    }

    /// The nearest integer, ties to even: floor(x + 1/2), less one where x + 1/2 is an odd integer exactly.
    func nearestEven(_ x: Ball) -> Ball {
        let shifted = Ball.make { arb_add($0, x.pointer, RealEvaluator.half.pointer, precision + 8) }
        let f = Ball.make { arb_floor($0, shifted.pointer, precision) }
        if shifted.isExact && shifted.isInteger && f.isExact {
            let isOdd = Ball.make { arb_mul_2exp_si($0, f.pointer, -1) }.isInteger == false
            if isOdd { return Ball.make { arb_sub_si($0, f.pointer, 1, precision) } }
        }
        return f
    }

    /// x^y in reals: negative bases only with exact integer exponents; 0^y needs y ≥ 0.
    func power(_ x: Ball, _ y: Ball) throws(RealFailure) -> Ball {
        let p = precision
        let s = try sign(x)
        let integer = y.isExact && y.isInteger
        if s == 0 {
            switch try sign(y) {
            case 1: return RealEvaluator.zero
            case 0: return Ball(1)
            default: throw .undefined("0 to a negative power")
            }
        }
        if s < 0 && !integer { throw .undefined("a negative number to a non-integer power") }
        // |x|^y = e^(y·log|x|): its binary exponent must stay within MPFR's range.
        let t = Ball.make { arb_abs($0, x.pointer); arb_log($0, $0, 32); arb_mul($0, $0, y.pointer, 32) }
        if !below(t, 30) { throw .outOfRange }
        if integer && below(y, 24) {
            var z = fmpz()
            fmpz_init(&z)
            defer { fmpz_clear(&z) }
            _ = arb_get_unique_fmpz(&z, y.pointer)
            return Ball.make { arb_pow_fmpz($0, x.pointer, &z, p) }
        }
        let r = Ball.make { arb_abs($0, x.pointer); arb_pow($0, $0, y.pointer, p) }
        return s < 0 && !Ball.make({ arb_mul_2exp_si($0, y.pointer, -1) }).isInteger ? Ball.make { arb_neg($0, r.pointer) } : r
    }

    /// Comparisons and boolean operators, decided by the balls or `undecided`.
    func test(_ op: FPCoreOperator, _ args: [FPCoreExpression], _ scope: Scope) throws(RealFailure) -> Bool {
        switch op {
        case .and:
            for a in args where try !boolean(a, scope) { return false }
            return true
        case .or:
            for a in args where try boolean(a, scope) { return true }
            return false
        case .not: return try !boolean(args[0], scope)
        case .isfinite: _ = try number(args[0], scope); return true
        case .isinf, .isnan: _ = try number(args[0], scope); return false
        case .isnormal: return try sign(number(args[0], scope)) != 0
        case .signbit: return try sign(number(args[0], scope)) < 0
        default: break
        }
        var balls: [Ball] = []
        for a in args { balls.append(try number(a, scope)) }
        if op == .notEqual {
            for i in balls.indices { for j in balls.indices where j > i { if try compare(balls[i], balls[j]) == 0 { return false } } }
            return true
        }
        for (x, y) in zip(balls, balls.dropFirst()) {
            let c = try compare(x, y)
            let holds: Bool
            switch op {
            case .less: holds = c < 0
            case .greater: holds = c > 0
            case .lessEqual: holds = c <= 0
            case .greaterEqual: holds = c >= 0
            default: holds = c == 0
            }
            if !holds { return false }
        }
        return true
    }

    /// −1, 0, 1 as x <, =, > y; equality only between identical exact balls.
    func compare(_ x: Ball, _ y: Ball) throws(RealFailure) -> Int {
        if arb_lt(x.pointer, y.pointer) != 0 { return -1 }
        if arb_gt(x.pointer, y.pointer) != 0 { return 1 }
        if arb_eq(x.pointer, y.pointer) != 0 { return 0 }
        throw .undecided
    }
}
