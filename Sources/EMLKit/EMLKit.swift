@_exported import EMLEvaluation
@_exported import EMLNumbers
@_exported import EMLSearch
@_exported import EMLSyntax
@_exported import EMLTree

/// Any failure of the engine, with the source position where it has one.
public enum EMLError: Error, Sendable, CustomStringConvertible {
    case syntax(SyntaxError)
    case lowering(LoweringError)
    case evaluation(EvaluationError)
    case treeTooLarge(TreeTooLargeError)
    case usage(String)

    public var description: String {
        switch self {
        case .syntax(let e): return e.message
        case .lowering(let e): return e.message
        case .evaluation(let e): return e.description
        case .treeTooLarge(let e): return e.description
        case .usage(let s): return s
        }
    }

    public var position: Int? {
        switch self {
        case .syntax(let e): return e.position
        case .lowering(let e): return e.position
        case .evaluation(let e): return e.position
        case .treeTooLarge, .usage: return nil
        }
    }

    /// The message with the source line and a caret under the position, where there is one.
    public func rendered(source: String) -> String {
        guard let position else { return "error: \(description)" }
        return Diagnostic.render(source: source, position: position, message: description)
    }
}

/// The library's entry points: parse → (optionally) lower to EML → evaluate at an explicit precision.
///
/// Every function is a pure function of its arguments: safe to call from several threads at once.
public enum EML {
    /// The release, as `eml --version` and `emlkit_version()` print it.
    public static let version: StaticString = "1.0.0"

    /// Parses an expression; unknown names are errors unless `freeVariables` is set.
    public static func parse(_ text: String, freeVariables: Bool = false) throws(EMLError) -> MathExpression {
        do { return try Parser.parseExpression(text, scope: Scope(allowsFreeVariables: freeVariables)) } catch { throw .syntax(error) }
    }

    /// The pure EML tree of an expression (leaves 1 and the variables).
    public static func compile(_ expression: MathExpression) throws(EMLError) -> EMLTree {
        do { return try EMLTree(lowering: expression) } catch { throw .lowering(error) }
    }

    /// The value to `digits` certified significant digits.
    public static func evaluate(_ expression: MathExpression, digits: Int, mode: EvaluationMode = .direct,
                                inputs: [String: MathExpression] = [:]) throws(EMLError) -> CertifiedValue {
        do { return try Evaluator.evaluate(expression, digits: digits, mode: mode, inputs: inputs) } catch { throw .evaluation(error) }
    }

    /// The value to the digits that `bits` bits carry (212 bits = 64 digits), each certified.
    public static func evaluate(_ expression: MathExpression, bits: Int, mode: EvaluationMode = .direct,
                                inputs: [String: MathExpression] = [:]) throws(EMLError) -> CertifiedValue {
        guard Evaluator.bitLimit.contains(bits) else {
            throw .evaluation(.precisionOutOfRange(requested: bits, limit: Evaluator.bitLimit, unit: "bits"))
        }
        return try evaluate(expression, digits: Precision.digits(forBits: bits), mode: mode, inputs: inputs)
    }

    /// Parses and evaluates `text` in one call.
    public static func evaluate(_ text: String, digits: Int = 30, mode: EvaluationMode = .direct) throws(EMLError) -> CertifiedValue {
        try evaluate(try parse(text), digits: digits, mode: mode)
    }
}

extension EML {
    /// Symbolic regression over EML trees: enumeration by K with the meet in the middle, the Pareto front
    /// of K against held-out error, each candidate's verdict from MPC at 256 bits (`Regression.enumerate`).
    /// Deterministic for given data and limits at any thread count; `progress` is told after each block of
    /// about 2^15 trees and cancels the search by returning false.
    public static func regress(_ data: RegressionData, limits: Enumeration.Limits = .init(), truth: MathExpression? = nil,
                               progress: ((Enumeration.Progress) -> Bool)? = nil) -> RegressionResult {
        Regression.enumerate(data, limits: limits, truth: truth, progress: progress)
    }
}
