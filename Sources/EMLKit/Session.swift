import NumericKernels

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

    /// Runs `lines` as `run` would one after another, with the same results and the same final state,
    /// evaluating runs of plain expression lines on `threads` threads.
    ///
    /// An expression line changes nothing but `ans`, so consecutive ones that do not read `ans` are
    /// independent: they are parsed in order, in the scope as it stands, and evaluated in parallel.
    /// Assignments, definitions and lines naming `ans` run alone, in their place.
    public mutating func run(batch lines: [String], threads: Int) -> [Result<Outcome, EMLError>] {
        run(batch: lines, threads: threads) { _, outcome in outcome }
    }

    /// `run(batch:threads:)` with each line's outcome turned into what the caller keeps (its output line)
    /// by `render(index, outcome)`, on the thread that evaluated it: the values and trees are freed there
    /// too, where on the caller's thread they were a sixth of a batch's time and kept the other cores idle.
    @inlinable  // specialized for the caller's T: unspecialized, each result moved through value witnesses
    public mutating func run<T: Sendable>(batch lines: [String], threads: Int,
                                          render: @Sendable (Int, Result<Outcome, EMLError>) -> T) -> [T] {
        var results = [T?](repeating: nil, count: lines.count)
        var pending: [Int] = []
        func flush(_ session: inout Session) {
            guard !pending.isEmpty else { return }
            let work = pending, scope = session.scope, digits = session.digits, mode = session.mode
            // Parsed in parallel too: the scope is the same for every line of the run. Only the last
            // line's tree is kept, for `ans`.
            let values = ParallelMap.map(work.count, threads: threads) { k -> (T, succeeded: Bool, tree: MathExpression?) in
                do throws(EMLError) {
                    let (e, v) = try Self.expressionValue(lines[work[k]], scope: scope, digits: digits, mode: mode)
                    return (render(work[k], .success(.value(v, name: nil))), true, k == work.count - 1 ? e : nil)
                } catch {
                    return (render(work[k], .failure(error)), false, nil)
                }
            }
            for (k, value) in values.enumerated() { results[work[k]] = value.0 }
            // `ans` is the last line that succeeded; parsing it again is exact and rarer than keeping every tree.
            if let last = values.indices.last(where: { values[$0].succeeded }) {
                if let e = values[last].tree {
                    session.scope.variables["ans"] = e
                } else if case .expression(let e)? = try? Parser.parseStatement(lines[work[last]], scope: scope) {
                    session.scope.variables["ans"] = e
                }
            }
            pending.removeAll()
        }
        for (k, line) in lines.enumerated() {
            if Self.isPlainExpression(line) { pending.append(k); continue }
            flush(&self)
            results[k] = render(k, Result { () throws(EMLError) -> Outcome in try run(line) })
        }
        flush(&self)
        return results.map { $0! }
    }

    /// A plain expression line parsed in `scope` and its value.
    @usableFromInline
    static func expressionValue(_ line: String, scope: Scope, digits: Int, mode: EvaluationMode) throws(EMLError) -> (MathExpression?, CertifiedValue) {
        // `sin(71.0018)`: read from the bytes and certified in fixed point, no tree made (nil: `ans` parses it).
        if mode == .direct, let call = Parser.elementaryCall(line),
           let value = Evaluator.elementary(call.function, negative: call.negative, numerator: call.numerator,
                                            denominator: call.denominator, digits: digits) {
            return (nil, value)
        }
        let statement: Statement
        do { statement = try Parser.parseStatement(line, scope: scope) } catch { throw .syntax(error) }
        guard case .expression(let e) = statement else { throw .syntax(SyntaxError("expected an expression", at: 0)) }
        return (e, try EML.evaluate(e, digits: digits, mode: mode))
    }

    /// Whether `line` can only be an expression that does not read `ans`: no `=` (assignments and
    /// definitions need one) and no `ans` anywhere (a false alarm only costs parallelism).
    @usableFromInline
    static func isPlainExpression(_ line: String) -> Bool {
        var line = line
        return line.withUTF8 { b in
            for i in b.indices {
                if b[i] == UInt8(ascii: "=") { return false }
                if b[i] == UInt8(ascii: "a"), i + 2 < b.count, b[i + 1] == UInt8(ascii: "n"), b[i + 2] == UInt8(ascii: "s") { return false }
            }
            return true
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
