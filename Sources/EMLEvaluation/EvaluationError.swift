/// Why a value could not be delivered. Each case names the operation and its source position.
public enum EvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The result's magnitude exceeds MPFR's exponent range (about 2^(4.6e18)).
    case overflow(operation: String, position: Int)
    /// The operation has no value here (0/0, ∞ − ∞, a NaN from MPFR/MPC).
    case undefined(operation: String, position: Int, detail: String)
    /// The error bound did not decide the digits up to the working-precision cap; `detail` names the
    /// operation that held them back, where one did.
    case uncertified(digits: Int, cap: Int, detail: String?)
    /// The EML tree's value differs from the expression's value: a construction left its valid domain.
    case branchMismatch(emlValue: String, directValue: String, operand: String?)
    /// A variable without a value.
    case unboundVariable(name: String, position: Int)
    /// An argument the function does not accept (an unknown format name, a complex value where a real is needed).
    case invalidArgument(message: String, position: Int)
    /// Requested digits or precision outside what the engine accepts.
    case precisionOutOfRange(requested: Int, limit: ClosedRange<Int>, unit: String)

    public var description: String {
        switch self {
        case .overflow(let op, _): return "overflow in \(op): the result exceeds MPFR's exponent range"
        case .undefined(let op, _, let detail): return "\(op) is undefined here (\(detail))"
        case .uncertified(let digits, let cap, let detail):
            return "could not certify \(digits) digits: the error bound did not decide them up to \(cap) bits of working precision" + (detail.map { "; \($0)" } ?? "")
        case .branchMismatch(let e, let d, let operand):
            let why = operand ?? "a construction is used outside the strip where its identity holds"
            return "the EML tree evaluates to \(e) but the expression's value is \(d) (\(why); evaluate in direct mode)"
        case .unboundVariable(let name, _): return "variable '\(name)' has no value"
        case .invalidArgument(let message, _): return message
        case .precisionOutOfRange(let r, let limit, let unit):
            return "\(unit) must be between \(limit.lowerBound) and \(limit.upperBound), not \(r)"
        }
    }

    /// Source position, where the error has one.
    public var position: Int? {
        switch self {
        case .overflow(_, let p), .undefined(_, let p, _), .unboundVariable(_, let p), .invalidArgument(_, let p): return p
        default: return nil
        }
    }
}
