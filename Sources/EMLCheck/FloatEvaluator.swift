import CMPFR
import EMLNumbers
import FloatFormats
import FPCore
import Glibc

/// A value of a program in a float format: a Double holding a value of the format, or a boolean.
enum FloatValue {
    case number(Double)
    case boolean(Bool)

    var double: Double { if case .number(let x) = self { return x } else { return .nan } }
    var truth: Bool { if case .boolean(let b) = self { return b } else { return false } }
}

/// An FPCore program evaluated as floating-point code: every operation rounded in its context's
/// format (`:precision`, `!` annotations), literals rounded once, variables never re-rounded.
public struct FloatProgram: Sendable {
    public let expression: FPCoreExpression
    public let format: CheckFormat
    /// Each literal and constant of the program, correctly rounded in each format it is used in.
    let literals: [String: Double]

    public enum Failure: Error, CustomStringConvertible {
        case unsupportedPrecision(String)
        public var description: String {
            switch self { case .unsupportedPrecision(let p): return "precision \(p) is not simulated (binary64, binary32 and (float e n) are)" }
        }
    }

    public init(_ expression: FPCoreExpression, format: CheckFormat) throws(Failure) {
        self.expression = expression
        self.format = format
        var table: [String: Double] = [:]
        try FloatProgram.collect(expression, format, &table)
        literals = table
    }

    static func key(_ text: String, _ format: CheckFormat) -> String { format.name + "|" + text }

    private static func collect(_ e: FPCoreExpression, _ f: CheckFormat, _ table: inout [String: Double]) throws(Failure) {
        switch e {
        case .number(let n):
            let k = key(n.text, f)
            if table[k] == nil {
                if case .value(let v) = Truth.rounded(e, names: [], values: [], format: f.format) { table[k] = v } else { table[k] = .nan }
            }
        case .constant(let c):
            let k = key(c.rawValue, f)
            if table[k] == nil {
                switch c {
                case .infinity: table[k] = .infinity
                case .nan: table[k] = .nan
                case .true, .false: break
                default:
                    if case .value(let v) = Truth.rounded(e, names: [], values: [], format: f.format) { table[k] = v }
                }
            }
        case .variable: break
        case .operation(_, let args): for a in args { try collect(a, f, &table) }
        case .conditional(let c, let t, let x): for a in [c, t, x] { try collect(a, f, &table) }
        case .binding(_, _, let values, let body): for a in values + [body] { try collect(a, f, &table) }
        case .cast(let x): try collect(x, f, &table)
        case .annotation(let p, let x):
            guard let p else { try collect(x, f, &table); return }
            guard let g = CheckFormat.of(p) else { throw .unsupportedPrecision(p.description) }
            try collect(x, g, &table)
        }
    }

    /// The program's result at `values` (NaN where it produces a boolean).
    public func evaluate(names: [String], values: [Double]) -> Double {
        let scope = zip(names, values).map { ($0, FloatValue.number($1)) }
        return evaluate(expression, scope, format).double
    }

    /// The boolean the program computes (for tests of booleans such as the sanity suite's).
    func evaluateValue(names: [String], values: [Double]) -> FloatValue {
        evaluate(expression, zip(names, values).map { ($0, FloatValue.number($1)) }, format)
    }

    typealias Scope = [(String, FloatValue)]

    func evaluate(_ e: FPCoreExpression, _ scope: Scope, _ f: CheckFormat) -> FloatValue {
        switch e {
        case .number(let n): return .number(literals[FloatProgram.key(n.text, f)] ?? .nan)
        case .constant(.true): return .boolean(true)
        case .constant(.false): return .boolean(false)
        case .constant(let c): return .number(literals[FloatProgram.key(c.rawValue, f)] ?? .nan)
        case .variable(let name):
            for (n, v) in scope.reversed() where n == name { return v }
            return .number(.nan)
        case .conditional(let c, let t, let x):
            return evaluate(c, scope, f).truth ? evaluate(t, scope, f) : evaluate(x, scope, f)
        case .binding(let sequential, let names, let values, let body):
            var inner = scope
            for (name, value) in zip(names, values) { inner.append((name, evaluate(value, sequential ? inner : scope, f))) }
            return evaluate(body, inner, f)
        case .cast(let x):
            let v = evaluate(x, scope, f)
            if case .number(let d) = v { return .number(f.format.rounded(d)) }
            return v
        case .annotation(let p, let x):
            return evaluate(x, scope, p.flatMap(CheckFormat.of) ?? f)
        case .operation(let op, let args):
            let values = args.map { evaluate($0, scope, f) }
            if op.isTest { return .boolean(FloatProgram.test(op, values, f)) }
            let x = values.map(\.double)
            switch f.arithmetic {
            case .libm64: return .number(FloatProgram.libm64(op, x))
            case .libm32: return .number(Double(FloatProgram.libm32(op, x.map { Float($0) })))
            case .emulated: return .number(FloatProgram.emulated(op, x, f.format))
            }
        }
    }

    static func test(_ op: FPCoreOperator, _ v: [FloatValue], _ f: CheckFormat) -> Bool {
        switch op {
        case .and: return v.allSatisfy(\.truth)
        case .or: return v.contains(where: \.truth)
        case .not: return !v[0].truth
        case .isfinite: return v[0].double.isFinite
        case .isinf: return v[0].double.isInfinite
        case .isnan: return v[0].double.isNaN
        case .isnormal:
            let smallestNormal = Double(sign: .plus, exponent: f.format.emin + f.format.precision - 2, significand: 1)
            return v[0].double.isFinite && abs(v[0].double) >= smallestNormal
        case .signbit: return v[0].double.sign == .minus
        case .notEqual:
            let x = v.map(\.double)
            for i in x.indices { for j in x.indices where j > i { if !(x[i] != x[j]) { return false } } }
            return true
        default:
            let x = v.map(\.double)
            for (a, b) in zip(x, x.dropFirst()) {
                let holds: Bool
                switch op {
                case .less: holds = a < b
                case .greater: holds = a > b
                case .lessEqual: holds = a <= b
                case .greaterEqual: holds = a >= b
                default: holds = a == b
                }
                if !holds { return false }
            }
            return true
        }
    }

    /// binary64 on glibc's libm.
    static func libm64(_ op: FPCoreOperator, _ x: [Double]) -> Double {
        switch op {
        case .add: return x[0] + x[1]
        case .subtract: return x[0] - x[1]
        case .multiply: return x[0] * x[1]
        case .divide: return x[0] / x[1]
        case .negate: return -x[0]
        case .fabs: return Glibc.fabs(x[0])
        case .fma: return Glibc.fma(x[0], x[1], x[2])
        case .exp: return Glibc.exp(x[0])
        case .exp2: return Glibc.exp2(x[0])
        case .expm1: return Glibc.expm1(x[0])
        case .log: return Glibc.log(x[0])
        case .log10: return Glibc.log10(x[0])
        case .log2: return Glibc.log2(x[0])
        case .log1p: return Glibc.log1p(x[0])
        case .pow: return Glibc.pow(x[0], x[1])
        case .sqrt: return Glibc.sqrt(x[0])
        case .cbrt: return Glibc.cbrt(x[0])
        case .hypot: return Glibc.hypot(x[0], x[1])
        case .sin: return Glibc.sin(x[0])
        case .cos: return Glibc.cos(x[0])
        case .tan: return Glibc.tan(x[0])
        case .asin: return Glibc.asin(x[0])
        case .acos: return Glibc.acos(x[0])
        case .atan: return Glibc.atan(x[0])
        case .atan2: return Glibc.atan2(x[0], x[1])
        case .sinh: return Glibc.sinh(x[0])
        case .cosh: return Glibc.cosh(x[0])
        case .tanh: return Glibc.tanh(x[0])
        case .asinh: return Glibc.asinh(x[0])
        case .acosh: return Glibc.acosh(x[0])
        case .atanh: return Glibc.atanh(x[0])
        case .erf: return Glibc.erf(x[0])
        case .erfc: return Glibc.erfc(x[0])
        case .tgamma: return Glibc.tgamma(x[0])
        case .lgamma: return Glibc.lgamma(x[0])
        case .ceil: return Glibc.ceil(x[0])
        case .floor: return Glibc.floor(x[0])
        case .fmod: return Glibc.fmod(x[0], x[1])
        case .remainder: return Glibc.remainder(x[0], x[1])
        case .fmax: return Glibc.fmax(x[0], x[1])
        case .fmin: return Glibc.fmin(x[0], x[1])
        case .fdim: return Glibc.fdim(x[0], x[1])
        case .copysign: return Glibc.copysign(x[0], x[1])
        case .trunc: return Glibc.trunc(x[0])
        case .round: return Glibc.round(x[0])
        case .nearbyint: return Glibc.nearbyint(x[0])
        default: return .nan
        }
    }

    /// binary32 on glibc's libm (the f-suffixed functions).
    static func libm32(_ op: FPCoreOperator, _ x: [Float]) -> Float {
        switch op {
        case .add: return x[0] + x[1]
        case .subtract: return x[0] - x[1]
        case .multiply: return x[0] * x[1]
        case .divide: return x[0] / x[1]
        case .negate: return -x[0]
        case .fabs: return fabsf(x[0])
        case .fma: return fmaf(x[0], x[1], x[2])
        case .exp: return expf(x[0])
        case .exp2: return exp2f(x[0])
        case .expm1: return expm1f(x[0])
        case .log: return logf(x[0])
        case .log10: return log10f(x[0])
        case .log2: return log2f(x[0])
        case .log1p: return log1pf(x[0])
        case .pow: return powf(x[0], x[1])
        case .sqrt: return sqrtf(x[0])
        case .cbrt: return cbrtf(x[0])
        case .hypot: return hypotf(x[0], x[1])
        case .sin: return sinf(x[0])
        case .cos: return cosf(x[0])
        case .tan: return tanf(x[0])
        case .asin: return asinf(x[0])
        case .acos: return acosf(x[0])
        case .atan: return atanf(x[0])
        case .atan2: return atan2f(x[0], x[1])
        case .sinh: return sinhf(x[0])
        case .cosh: return coshf(x[0])
        case .tanh: return tanhf(x[0])
        case .asinh: return asinhf(x[0])
        case .acosh: return acoshf(x[0])
        case .atanh: return atanhf(x[0])
        case .erf: return erff(x[0])
        case .erfc: return erfcf(x[0])
        case .tgamma: return tgammaf(x[0])
        case .lgamma: return lgammaf(x[0])
        case .ceil: return ceilf(x[0])
        case .floor: return floorf(x[0])
        case .fmod: return fmodf(x[0], x[1])
        case .remainder: return remainderf(x[0], x[1])
        case .fmax: return fmaxf(x[0], x[1])
        case .fmin: return fminf(x[0], x[1])
        case .fdim: return fdimf(x[0], x[1])
        case .copysign: return copysignf(x[0], x[1])
        case .trunc: return truncf(x[0])
        case .round: return roundf(x[0])
        case .nearbyint: return nearbyintf(x[0])
        default: return .nan
        }
    }

    /// Any other format: MPFR computes the exact result rounded to odd at 64 bits (toward zero, then the
    /// last bit set where inexact), and `FloatFormats` rounds that once into the format. Round-to-odd at
    /// p + 2 or more bits then rounding to p is the correctly rounded result (Boldo–Melquiond 2008).
    static func emulated(_ op: FPCoreOperator, _ x: [Double], _ format: FloatFormat) -> Double {
        var out = BigReal(precision: 64)
        let operands = x.map { BigReal($0, precision: 64) }
        let z = MPFR_RNDZ
        out.withMutablePointer { o in
            func with1(_ f: (UnsafePointer<__mpfr_struct>) -> Int32) -> Int32 { operands[0].withPointer(f) }
            func with2(_ f: (UnsafePointer<__mpfr_struct>, UnsafePointer<__mpfr_struct>) -> Int32) -> Int32 {
                operands[0].withPointer { a in operands[1].withPointer { b in f(a, b) } }
            }
            let t: Int32
            switch op {
            case .add: t = with2 { mpfr_add(o, $0, $1, z) }
            case .subtract: t = with2 { mpfr_sub(o, $0, $1, z) }
            case .multiply: t = with2 { mpfr_mul(o, $0, $1, z) }
            case .divide: t = with2 { mpfr_div(o, $0, $1, z) }
            case .negate: t = with1 { mpfr_neg(o, $0, z) }
            case .fabs: t = with1 { mpfr_abs(o, $0, z) }
            case .fma: t = with2 { a, b in operands[2].withPointer { mpfr_fma(o, a, b, $0, z) } }
            case .exp: t = with1 { mpfr_exp(o, $0, z) }
            case .exp2: t = with1 { mpfr_exp2(o, $0, z) }
            case .expm1: t = with1 { mpfr_expm1(o, $0, z) }
            case .log: t = with1 { mpfr_log(o, $0, z) }
            case .log10: t = with1 { mpfr_log10(o, $0, z) }
            case .log2: t = with1 { mpfr_log2(o, $0, z) }
            case .log1p: t = with1 { mpfr_log1p(o, $0, z) }
            case .pow: t = with2 { mpfr_pow(o, $0, $1, z) }
            case .sqrt: t = with1 { mpfr_sqrt(o, $0, z) }
            case .cbrt: t = with1 { mpfr_cbrt(o, $0, z) }
            case .hypot: t = with2 { mpfr_hypot(o, $0, $1, z) }
            case .sin: t = with1 { mpfr_sin(o, $0, z) }
            case .cos: t = with1 { mpfr_cos(o, $0, z) }
            case .tan: t = with1 { mpfr_tan(o, $0, z) }
            case .asin: t = with1 { mpfr_asin(o, $0, z) }
            case .acos: t = with1 { mpfr_acos(o, $0, z) }
            case .atan: t = with1 { mpfr_atan(o, $0, z) }
            case .atan2: t = with2 { mpfr_atan2(o, $0, $1, z) }
            case .sinh: t = with1 { mpfr_sinh(o, $0, z) }
            case .cosh: t = with1 { mpfr_cosh(o, $0, z) }
            case .tanh: t = with1 { mpfr_tanh(o, $0, z) }
            case .asinh: t = with1 { mpfr_asinh(o, $0, z) }
            case .acosh: t = with1 { mpfr_acosh(o, $0, z) }
            case .atanh: t = with1 { mpfr_atanh(o, $0, z) }
            case .erf: t = with1 { mpfr_erf(o, $0, z) }
            case .erfc: t = with1 { mpfr_erfc(o, $0, z) }
            case .tgamma: t = with1 { mpfr_gamma(o, $0, z) }
            case .lgamma: var s: Int32 = 0; t = with1 { mpfr_lgamma(o, &s, $0, z) }
            case .ceil: t = with1 { mpfr_ceil(o, $0) }
            case .floor: t = with1 { mpfr_floor(o, $0) }
            case .trunc: t = with1 { mpfr_trunc(o, $0) }
            case .round: t = with1 { mpfr_round(o, $0) }
            case .nearbyint: t = with1 { mpfr_rint(o, $0, MPFR_RNDN) }
            case .fmod: t = with2 { mpfr_fmod(o, $0, $1, z) }
            case .remainder: t = with2 { mpfr_remainder(o, $0, $1, z) }
            case .fmax: t = with2 { mpfr_max(o, $0, $1, z) }
            case .fmin: t = with2 { mpfr_min(o, $0, $1, z) }
            case .fdim: t = with2 { mpfr_dim(o, $0, $1, z) }
            case .copysign: t = with2 { mpfr_copysign(o, $0, $1, z) }
            default: mpfr_set_nan(o); t = 0
            }
            // Round to odd: an inexact result truncated toward zero gets its last bit set.
            if t != 0 && mpfr_regular_p(o) != 0 && mpfr_min_prec(o) < 64 {
                if mpfr_sgn(o) > 0 { mpfr_nextabove(o) } else { mpfr_nextbelow(o) }
            }
        }
        return format.rounded(out).doubleValue
    }
}
