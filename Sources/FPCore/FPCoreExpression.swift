/// An FPCore 2.0 expression without loops or tensors: what `eml check` evaluates in reals (the truth)
/// and in a float format (the program).
public indirect enum FPCoreExpression: Sendable {
    case number(FPCoreNumber)
    case constant(FPCoreConstant)
    case variable(String)
    case operation(FPCoreOperator, [FPCoreExpression])
    case conditional(FPCoreExpression, then: FPCoreExpression, else: FPCoreExpression)
    /// `let` (simultaneous: values see the outer scope) or `let*` (each value sees the ones before).
    case binding(sequential: Bool, names: [String], values: [FPCoreExpression], body: FPCoreExpression)
    /// Rounds its operand into the current precision.
    case cast(FPCoreExpression)
    /// `(! :precision P … e)`: e in precision P (nil: the properties name none).
    case annotation(FPCorePrecision?, FPCoreExpression)
}

/// The constants of FPCore 2.0 (C99's M_* names without the prefix where the spec drops it).
public enum FPCoreConstant: String, Sendable, CaseIterable {
    case e = "E", log2e = "LOG2E", log10e = "LOG10E", ln2 = "LN2", ln10 = "LN10"
    case pi = "PI", piOver2 = "PI_2", piOver4 = "PI_4", oneOverPi = "M_1_PI", twoOverPi = "M_2_PI"
    case twoOverSqrtPi = "M_2_SQRTPI", sqrt2 = "SQRT2", sqrt1_2 = "SQRT1_2"
    case infinity = "INFINITY", nan = "NAN", `true` = "TRUE", `false` = "FALSE"
}

/// The operators of FPCore 2.0 (C99 signatures), tests included.
public enum FPCoreOperator: String, Sendable, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", negate = "neg"
    case fabs, fma, exp, exp2, expm1, log, log10, log2, log1p, pow, sqrt, cbrt, hypot
    case sin, cos, tan, asin, acos, atan, atan2, sinh, cosh, tanh, asinh, acosh, atanh
    case erf, erfc, tgamma, lgamma, ceil, floor, fmod, remainder, fmax, fmin, fdim, copysign
    case trunc, round, nearbyint
    case less = "<", greater = ">", lessEqual = "<=", greaterEqual = ">=", equal = "==", notEqual = "!="
    case and, or, not, isfinite, isinf, isnan, isnormal, signbit

    /// Operand count; nil for the n-ary ones (comparison chains, and, or).
    public var arity: Int? {
        switch self {
        case .less, .greater, .lessEqual, .greaterEqual, .equal, .notEqual, .and, .or: return nil
        case .fma: return 3
        case .add, .subtract, .multiply, .divide, .pow, .hypot, .atan2, .fmod, .remainder, .fmax, .fmin, .fdim, .copysign: return 2
        default: return 1
        }
    }

    /// Whether a chain comparison (<, >, <=, >=, ==) holds between two operands ordered as `c`:
    /// −1, 0, 1 for less, equal, greater.
    public func holds(ordering c: Int) -> Bool {
        switch self {
        case .less: return c < 0
        case .greater: return c > 0
        case .lessEqual: return c <= 0
        case .greaterEqual: return c >= 0
        default: return c == 0
        }
    }

    /// Whether the result is a boolean.
    public var isTest: Bool {
        switch self {
        case .less, .greater, .lessEqual, .greaterEqual, .equal, .notEqual, .and, .or, .not,
             .isfinite, .isinf, .isnan, .isnormal, .signbit: return true
        default: return false
        }
    }
}

/// A precision of FPCore's `:precision` property.
public enum FPCorePrecision: Sendable, Hashable, CustomStringConvertible {
    case binary64, binary32
    /// `(float es nbits)`: es exponent bits, nbits in all (so nbits − es significand bits, hidden bit included).
    case float(exponentBits: Int, totalBits: Int)
    case real, integer
    /// A precision this checker does not simulate (posit, fixed), by its text.
    case unsupported(String)

    public var description: String {
        switch self {
        case .binary64: return "binary64"
        case .binary32: return "binary32"
        case .float(let e, let n): return "(float \(e) \(n))"
        case .real: return "real"
        case .integer: return "integer"
        case .unsupported(let text): return text
        }
    }
}
