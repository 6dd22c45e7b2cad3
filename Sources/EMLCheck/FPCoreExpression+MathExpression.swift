import EMLSyntax
import FPCore

/// `eml check --expr`: an expression of the engine's language as the FPCore expression it means, so
/// that both languages are checked by one evaluator (ln ↦ log, x^y ↦ pow, abs ↦ fabs, sec ↦ 1/cos …).
extension FPCoreExpression {
    public init(_ e: MathExpression) throws(CheckError) {
        func op(_ o: FPCoreOperator, _ args: [MathExpression]) throws(CheckError) -> FPCoreExpression {
            var converted: [FPCoreExpression] = []
            for a in args { converted.append(try FPCoreExpression(a)) }
            return .operation(o, converted)
        }
        func reciprocal(_ x: FPCoreExpression) -> FPCoreExpression { .operation(.divide, [.number(.one), x]) }
        switch e.kind {
        case .number(let n):
            self = .number(FPCoreNumber(negative: false, significand: n.mantissa, radix: n.radix, base: n.base,
                                        exponent: n.exponent, denominator: "1", text: n.text))
        case .constant(.pi): self = .constant(.pi)
        case .constant(.e): self = .constant(.e)
        case .constant(.i): throw CheckError("position \(e.position): i is not real; eml check measures real floating-point code")
        case .variable(let name, nil): self = .variable(name)
        case .variable(_, let definition?): self = try FPCoreExpression(definition)
        case .parameter(_, let name): throw CheckError("position \(e.position): parameter \(name) outside its function")
        case .negate(let x): self = try op(.negate, [x])
        case .binary(let o, let a, let b):
            switch o {
            case .add: self = try op(.add, [a, b])
            case .subtract: self = try op(.subtract, [a, b])
            case .multiply: self = try op(.multiply, [a, b])
            case .divide: self = try op(.divide, [a, b])
            case .power: self = try op(.pow, [a, b])
            }
        case .call(let f, let args):
            switch f {
            case .exp: self = try op(.exp, args)
            case .ln: self = try op(.log, args)
            case .log2: self = try op(.log2, args)
            case .log10: self = try op(.log10, args)
            case .logBase: self = .operation(.divide, [try op(.log, [args[1]]), try op(.log, [args[0]])])
            case .sqrt: self = try op(.sqrt, args)
            case .cbrt: self = try op(.cbrt, args)
            case .sin: self = try op(.sin, args)
            case .cos: self = try op(.cos, args)
            case .tan: self = try op(.tan, args)
            case .sec: self = reciprocal(try op(.cos, args))
            case .csc: self = reciprocal(try op(.sin, args))
            case .cot: self = reciprocal(try op(.tan, args))
            case .asin: self = try op(.asin, args)
            case .acos: self = try op(.acos, args)
            case .atan: self = try op(.atan, args)
            case .sinh: self = try op(.sinh, args)
            case .cosh: self = try op(.cosh, args)
            case .tanh: self = try op(.tanh, args)
            case .asinh: self = try op(.asinh, args)
            case .acosh: self = try op(.acosh, args)
            case .atanh: self = try op(.atanh, args)
            case .hypot: self = try op(.hypot, args)
            case .abs: self = try op(.fabs, args)
            case .atan2: self = try op(.atan2, args)
            case .eml: self = .operation(.subtract, [try op(.exp, [args[0]]), try op(.log, [args[1]])])
            default: throw CheckError("position \(e.position): \(f.name) has no C99 counterpart for eml check")
            }
        case .formatCall(let f, _, let position, _):
            throw CheckError("position \(position): \(f.rawValue)(format, …) is not floating-point code to check; use --format")
        }
    }
}

extension FPCoreNumber {
    static let one = FPCoreNumber(negative: false, significand: "1", radix: 10, base: 10, exponent: 0, denominator: "1", text: "1")
}
