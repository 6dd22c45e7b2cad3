import CMPFR
import EMLNumbers
import FloatFormats
import FPCore
import Glibc

/// An FPCore program evaluated as floating-point code: every operation rounded in its context's
/// format (`:precision`, `!` annotations), literals rounded once, variables never re-rounded.
public struct FloatProgram: Sendable {
    public let format: CheckFormat
    let program: CompiledExpression
    /// The format each node computes in (the program's, or an enclosing `!`'s).
    let contexts: [CheckFormat]
    /// Each literal and constant node's value, correctly rounded in its context (NaN elsewhere).
    let constants: [Double]

    public enum Failure: Error, CustomStringConvertible {
        case unsupportedPrecision(String)
        case unboundVariable
        public var description: String {
            switch self {
            case .unsupportedPrecision(let p): return "precision \(p) is not simulated (binary64, binary32 and (float e n) are)"
            case .unboundVariable: return "the program uses a variable it does not bind"
            }
        }
    }

    public init(_ expression: FPCoreExpression, arguments: [String], format: CheckFormat) throws(Failure) {
        guard let compiled = CompiledExpression(expression, arguments: arguments) else { throw .unboundVariable }
        self.format = format
        program = compiled
        var contexts = Array(repeating: format, count: compiled.nodes.count)
        // Contexts flow from the root down: an annotation sets its subtree's.
        var stack = [(compiled.root, format)]
        while let (i, f) = stack.popLast() {
            let node = compiled.nodes[i]
            var g = f
            if node.kind == .annotation, let p = compiled.precisions[i] {
                guard let h = CheckFormat.of(p) else { throw .unsupportedPrecision(p.description) }
                g = h
            }
            contexts[i] = g
            for k in 0..<Int(node.count) { stack.append((compiled.child(node, k), g)) }
        }
        self.contexts = contexts
        var cache: [String: Double] = [:]
        constants = compiled.nodes.indices.map { i in
            let node = compiled.nodes[i], f = contexts[i]
            let e: FPCoreExpression
            switch node.kind {
            case .literal: e = .number(compiled.literals[Int(node.index)])
            case .constant:
                let c = FPCoreConstant.allCases[Int(node.index)]
                if c == .infinity { return .infinity }
                if c == .nan || c == .true || c == .false { return .nan }
                e = .constant(c)
            default: return .nan
            }
            let key = f.name + "|" + (node.kind == .literal ? compiled.literals[Int(node.index)].text : FPCoreConstant.allCases[Int(node.index)].rawValue)
            if let v = cache[key] { return v }
            let v: Double
            if case .value(let r) = Truth.rounded(e, names: [], values: [], format: f.format) { v = r } else { v = .nan }
            cache[key] = v
            return v
        }
    }

    /// The program's result at the argument values (NaN where it yields a boolean).
    public func evaluate(_ values: [Double]) -> Double {
        let n = max(1, program.slotCount)
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: n) { slots in
            withUnsafeTemporaryAllocation(of: Bool.self, capacity: n) { flags in
                for k in values.indices { slots[k] = values[k] }
                let root = program.nodes[program.root]
                if root.isBoolean { return test(program.root, slots, flags) ? 1 : 0 }
                return number(program.root, slots, flags)
            }
        }
    }

    /// The boolean the program computes, for programs whose value is one (the sanity suite's tests).
    public func evaluatesToTrue(_ values: [Double]) -> Bool { evaluate(values) == 1 }

    typealias Slots = UnsafeMutableBufferPointer<Double>
    typealias Flags = UnsafeMutableBufferPointer<Bool>

    func bind(_ node: CompiledExpression.Node, _ slots: Slots, _ flags: Flags) {
        for k in 0..<(Int(node.count) - 1) {
            let slot = Int(node.slot) + k, value = program.child(node, k)
            if program.slotIsBoolean[slot] { flags[slot] = test(value, slots, flags) } else { slots[slot] = number(value, slots, flags) }
        }
    }

    func number(_ i: Int, _ slots: Slots, _ flags: Flags) -> Double {
        let node = program.nodes[i]
        switch node.kind {
        case .literal, .constant: return constants[i]
        case .variable: return slots[Int(node.slot)]
        case .conditional:
            return test(program.child(node, 0), slots, flags) ? number(program.child(node, 1), slots, flags) : number(program.child(node, 2), slots, flags)
        case .binding:
            bind(node, slots, flags)
            return number(program.child(node, Int(node.count) - 1), slots, flags)
        case .cast: return contexts[i].format.rounded(number(program.child(node, 0), slots, flags))
        case .annotation: return number(program.child(node, 0), slots, flags)
        case .operation:
            if node.isBoolean { return .nan }
            let n = Int(node.count)
            let a = number(program.child(node, 0), slots, flags)
            let b = n > 1 ? number(program.child(node, 1), slots, flags) : 0
            let c = n > 2 ? number(program.child(node, 2), slots, flags) : 0
            let f = contexts[i]
            switch f.arithmetic {
            case .libm64: return FloatProgram.libm64(node.op, a, b, c)
            case .libm32: return Double(FloatProgram.libm32(node.op, Float(a), Float(b), Float(c)))
            case .emulated: return FloatProgram.emulated(node.op, a, b, c, count: n, f.format)
            }
        }
    }

    func test(_ i: Int, _ slots: Slots, _ flags: Flags) -> Bool {
        let node = program.nodes[i]
        switch node.kind {
        case .constant: return FPCoreConstant.allCases[Int(node.index)] == .true
        case .variable: return flags[Int(node.slot)]
        case .conditional:
            return test(program.child(node, 0), slots, flags) ? test(program.child(node, 1), slots, flags) : test(program.child(node, 2), slots, flags)
        case .binding:
            bind(node, slots, flags)
            return test(program.child(node, Int(node.count) - 1), slots, flags)
        case .cast, .annotation: return test(program.child(node, 0), slots, flags)
        case .literal: return false
        case .operation: break
        }
        let n = Int(node.count)
        func value(_ k: Int) -> Double { number(program.child(node, k), slots, flags) }
        switch node.op {
        case .and: return (0..<n).allSatisfy { test(program.child(node, $0), slots, flags) }
        case .or: return (0..<n).contains { test(program.child(node, $0), slots, flags) }
        case .not: return !test(program.child(node, 0), slots, flags)
        case .isfinite: return value(0).isFinite
        case .isinf: return value(0).isInfinite
        case .isnan: return value(0).isNaN
        case .isnormal:
            let f = contexts[i].format
            let smallestNormal = Double(sign: .plus, exponent: f.emin + f.precision - 2, significand: 1)
            let x = value(0)
            return x.isFinite && abs(x) >= smallestNormal
        case .signbit: return value(0).sign == .minus
        case .notEqual:
            let x = (0..<n).map(value)
            for i in x.indices { for j in x.indices where j > i { if !(x[i] != x[j]) { return false } } }
            return true
        default:
            var previous = value(0)
            for k in 1..<max(1, n) {
                let current = value(k)
                // IEEE: every ordered comparison with a NaN is false.
                if previous.isNaN || current.isNaN || !node.op.holds(ordering: previous < current ? -1 : previous > current ? 1 : 0) { return false }
                previous = current
            }
            return true
        }
    }

    /// binary64 on glibc's libm.
    static func libm64(_ op: FPCoreOperator, _ a: Double, _ b: Double, _ c: Double) -> Double {
        let x = (a, b, c)
        switch op {
        case .add: return x.0 + x.1
        case .subtract: return x.0 - x.1
        case .multiply: return x.0 * x.1
        case .divide: return x.0 / x.1
        case .negate: return -x.0
        case .fabs: return Glibc.fabs(x.0)
        case .fma: return Glibc.fma(x.0, x.1, x.2)
        case .exp: return Glibc.exp(x.0)
        case .exp2: return Glibc.exp2(x.0)
        case .expm1: return Glibc.expm1(x.0)
        case .log: return Glibc.log(x.0)
        case .log10: return Glibc.log10(x.0)
        case .log2: return Glibc.log2(x.0)
        case .log1p: return Glibc.log1p(x.0)
        case .pow: return Glibc.pow(x.0, x.1)
        case .sqrt: return Glibc.sqrt(x.0)
        case .cbrt: return Glibc.cbrt(x.0)
        case .hypot: return Glibc.hypot(x.0, x.1)
        case .sin: return Glibc.sin(x.0)
        case .cos: return Glibc.cos(x.0)
        case .tan: return Glibc.tan(x.0)
        case .asin: return Glibc.asin(x.0)
        case .acos: return Glibc.acos(x.0)
        case .atan: return Glibc.atan(x.0)
        case .atan2: return Glibc.atan2(x.0, x.1)
        case .sinh: return Glibc.sinh(x.0)
        case .cosh: return Glibc.cosh(x.0)
        case .tanh: return Glibc.tanh(x.0)
        case .asinh: return Glibc.asinh(x.0)
        case .acosh: return Glibc.acosh(x.0)
        case .atanh: return Glibc.atanh(x.0)
        case .erf: return Glibc.erf(x.0)
        case .erfc: return Glibc.erfc(x.0)
        case .tgamma: return Glibc.tgamma(x.0)
        case .lgamma: return Glibc.lgamma(x.0)
        case .ceil: return Glibc.ceil(x.0)
        case .floor: return Glibc.floor(x.0)
        case .fmod: return Glibc.fmod(x.0, x.1)
        case .remainder: return Glibc.remainder(x.0, x.1)
        case .fmax: return Glibc.fmax(x.0, x.1)
        case .fmin: return Glibc.fmin(x.0, x.1)
        case .fdim: return Glibc.fdim(x.0, x.1)
        case .copysign: return Glibc.copysign(x.0, x.1)
        case .trunc: return Glibc.trunc(x.0)
        case .round: return Glibc.round(x.0)
        case .nearbyint: return Glibc.nearbyint(x.0)
        default: return .nan
        }
    }

    /// binary32 on glibc's libm (the f-suffixed functions).
    static func libm32(_ op: FPCoreOperator, _ a: Float, _ b: Float, _ c: Float) -> Float {
        let x = (a, b, c)
        switch op {
        case .add: return x.0 + x.1
        case .subtract: return x.0 - x.1
        case .multiply: return x.0 * x.1
        case .divide: return x.0 / x.1
        case .negate: return -x.0
        case .fabs: return fabsf(x.0)
        case .fma: return fmaf(x.0, x.1, x.2)
        case .exp: return expf(x.0)
        case .exp2: return exp2f(x.0)
        case .expm1: return expm1f(x.0)
        case .log: return logf(x.0)
        case .log10: return log10f(x.0)
        case .log2: return log2f(x.0)
        case .log1p: return log1pf(x.0)
        case .pow: return powf(x.0, x.1)
        case .sqrt: return sqrtf(x.0)
        case .cbrt: return cbrtf(x.0)
        case .hypot: return hypotf(x.0, x.1)
        case .sin: return sinf(x.0)
        case .cos: return cosf(x.0)
        case .tan: return tanf(x.0)
        case .asin: return asinf(x.0)
        case .acos: return acosf(x.0)
        case .atan: return atanf(x.0)
        case .atan2: return atan2f(x.0, x.1)
        case .sinh: return sinhf(x.0)
        case .cosh: return coshf(x.0)
        case .tanh: return tanhf(x.0)
        case .asinh: return asinhf(x.0)
        case .acosh: return acoshf(x.0)
        case .atanh: return atanhf(x.0)
        case .erf: return erff(x.0)
        case .erfc: return erfcf(x.0)
        case .tgamma: return tgammaf(x.0)
        case .lgamma: return lgammaf(x.0)
        case .ceil: return ceilf(x.0)
        case .floor: return floorf(x.0)
        case .fmod: return fmodf(x.0, x.1)
        case .remainder: return remainderf(x.0, x.1)
        case .fmax: return fmaxf(x.0, x.1)
        case .fmin: return fminf(x.0, x.1)
        case .fdim: return fdimf(x.0, x.1)
        case .copysign: return copysignf(x.0, x.1)
        case .trunc: return truncf(x.0)
        case .round: return roundf(x.0)
        case .nearbyint: return nearbyintf(x.0)
        default: return .nan
        }
    }

    /// Any other format: MPFR computes the exact result rounded to odd at 64 bits (toward zero, then the
    /// last bit set where inexact), and `FloatFormats` rounds that once into the format. Round-to-odd at
    /// p + 2 or more bits then rounding to p is the correctly rounded result (Boldo–Melquiond 2008).
    static func emulated(_ op: FPCoreOperator, _ a: Double, _ b: Double, _ c: Double, count: Int, _ format: FloatFormat) -> Double {
        // +, −, ×, ÷, √ in binary64 then rounded to p ≤ 25 bits are correctly rounded: 53 ≥ 2p + 2, so the
        // double rounding is innocuous (Figueroa 1995); the rest of these are exact in both formats.
        if format.precision <= 25 {
            switch op {
            case .add, .subtract, .multiply, .divide, .sqrt, .negate, .fabs, .fmax, .fmin, .fdim, .copysign,
                 .floor, .ceil, .trunc, .round, .nearbyint:
                return format.rounded(libm64(op, a, b, 0))
            default: break
            }
        }
        var out = BigReal(precision: 64)
        let operands = [a, b, c].prefix(count).map { BigReal($0, precision: 64) }
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
