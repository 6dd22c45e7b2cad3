/// The state of an interactive session: settings, variables, `ans` and user functions.
///
/// A value type: copy it to fork a session; each copy is independent.
public struct Session: Sendable {
    public var scope = Scope()
    public var digits = 30
    public var mode: EvaluationMode = .direct

    public enum Outcome: Sendable {
        /// A value; `name` is the variable it was assigned to, if any.
        case value(CertifiedValue, name: String?)
        case defined(UserFunction)
    }

    public init() {}

    /// Runs one line: an expression (its value becomes `ans`), `x = expr`, or `f(t) = expr`.
    public mutating func run(_ line: String) throws(EMLError) -> Outcome {
        let statement: Statement
        do { statement = try Parser.parseStatement(line, scope: scope) } catch { throw .syntax(error) }
        switch statement {
        case .expression(let e):
            let value = try EML.evaluate(e, digits: digits, mode: mode)
            scope.variables["ans"] = e
            return .value(value, name: nil)
        case .assignment(let name, let e):
            let value = try EML.evaluate(e, digits: digits, mode: mode)
            scope.variables[name] = e
            scope.variables["ans"] = e
            return .value(value, name: name)
        case .definition(let f):
            scope.functions[f.name] = f
            return .defined(f)
        }
    }

    /// The pure EML tree of `text` in this session's scope (session variables stay leaves; unknown names become variables).
    public func compile(_ text: String) throws(EMLError) -> EMLTree {
        var open = scope
        open.allowsFreeVariables = true
        let e: MathExpression
        do { e = try Parser.parseExpression(text, scope: open) } catch { throw .syntax(error) }
        return try EML.compile(e)
    }
}
