/// A user-defined function `f(t) = t^2 + 1`: parameters and a body that refers to them by index.
public struct UserFunction: Sendable {
    public let name: String
    public let parameters: [String]
    public let body: MathExpression
    public init(name: String, parameters: [String], body: MathExpression) {
        self.name = name; self.parameters = parameters; self.body = body
    }
}

/// The names a line may refer to besides the built-ins.
public struct Scope: Sendable {
    public var variables: [String: MathExpression]
    public var functions: [String: UserFunction]
    /// Unknown identifiers become free variables (for `eml compile`) instead of errors.
    public var allowsFreeVariables: Bool

    public init(variables: [String: MathExpression] = [:], functions: [String: UserFunction] = [:], allowsFreeVariables: Bool = false) {
        self.variables = variables; self.functions = functions; self.allowsFreeVariables = allowsFreeVariables
    }
}

/// One line of input.
public enum Statement: Sendable {
    case expression(MathExpression)
    case assignment(name: String, value: MathExpression)
    case definition(UserFunction)
}

/// Recursive-descent parser for the grammar in `Grammar/expression.ebnf`.
///
/// Limits keep every consumer bounded: input length, parenthesis nesting (the parser's own
/// recursion) and tree depth (so that trees can be walked and freed without deep recursion).
public struct Parser {
    public static let maximumInputLength = 65_536
    public static let maximumNesting = 200
    public static let maximumDepth = 4_000

    let tokens: [Token]
    var index = 0
    var nesting = 0
    var scope: Scope
    var parameters: [String] = []

    /// Parses one statement: an expression, `name = expression`, or `name(params) = expression`.
    public static func parseStatement(_ source: String, scope: Scope) throws(SyntaxError) -> Statement {
        let length = source.utf8.count
        if length > maximumInputLength {
            throw SyntaxError("input is \(length) bytes long; the limit is \(maximumInputLength)", at: maximumInputLength)
        }
        var parser = Parser(tokens: try Lexer.tokenize(source), scope: scope)
        return try parser.statement()
    }

    /// Parses a single expression (no assignment).
    public static func parseExpression(_ source: String, scope: Scope) throws(SyntaxError) -> MathExpression {
        switch try parseStatement(source, scope: scope) {
        case .expression(let e): return e
        case .assignment, .definition: throw SyntaxError("expected an expression, not a definition", at: 0)
        }
    }

    init(tokens: [Token], scope: Scope) { self.tokens = tokens; self.scope = scope }

    var current: Token { tokens[index] }
    func peek(_ offset: Int) -> Token { tokens[min(index + offset, tokens.count - 1)] }
    func isSymbol(_ token: Token, _ c: Unicode.Scalar) -> Bool {
        if case .symbol(let s) = token.kind { return s == c }
        return false
    }

    mutating func statement() throws(SyntaxError) -> Statement {
        if case .end = current.kind { throw SyntaxError("empty input", at: 0) }
        if case .identifier(let name) = current.kind {
            if isSymbol(peek(1), "=") {
                let position = current.position
                try checkAssignable(name, at: position)
                index += 2
                let value = try expressionToEnd()
                return .assignment(name: name, value: value)
            }
            if isSymbol(peek(1), "("), isSymbol(peek(2), ")"), isSymbol(peek(3), "=") {
                throw SyntaxError("a function definition needs at least one parameter: \(name)(x) = …; for a constant write \(name) = …", at: peek(2).position)
            }
            if isSymbol(peek(1), "("), let names = definitionHead() {
                let position = current.position
                try checkAssignable(name, at: position)
                for (k, p) in names.enumerated() where names[..<k].contains(p) {
                    throw SyntaxError("parameter '\(p)' appears twice in the definition of \(name)", at: peek(2 + 2 * k).position)
                }
                parameters = names
                index += 2 * names.count + 3
                let body = try expressionToEnd()
                return .definition(UserFunction(name: name, parameters: names, body: body))
            }
        }
        return .expression(try expressionToEnd())
    }

    /// Parameter names if the tokens read `name ( a , b ) =`.
    func definitionHead() -> [String]? {
        var names: [String] = []
        var k = 2
        while true {
            guard case .identifier(let p) = peek(k).kind else { return nil }
            names.append(p)
            if isSymbol(peek(k + 1), ",") { k += 2; continue }
            if isSymbol(peek(k + 1), ")") && isSymbol(peek(k + 2), "=") { return names }
            return nil
        }
    }

    func checkAssignable(_ name: String, at position: Int) throws(SyntaxError) {
        if FunctionTable.isReserved(name) { throw SyntaxError("'\(name)' is a built-in name and cannot be redefined", at: position) }
    }

    mutating func expressionToEnd() throws(SyntaxError) -> MathExpression {
        let e = try expression()
        if case .end = current.kind { return e }
        throw SyntaxError("unexpected \(describe(current)) after the end of the expression", at: current.position)
    }

    func describe(_ token: Token) -> String {
        switch token.kind {
        case .number(let n): return "number '\(n.text)'"
        case .identifier(let s): return "name '\(s)'"
        case .symbol(let c): return "'\(c)'"
        case .end: return "end of input"
        }
    }

    func make(_ kind: MathExpression.Kind, at position: Int) throws(SyntaxError) -> MathExpression {
        let node = MathExpression(kind, position: position)
        if node.depth > Parser.maximumDepth {
            throw SyntaxError("expression is nested more than \(Parser.maximumDepth) levels deep", at: position)
        }
        return node
    }

    mutating func enter(at position: Int) throws(SyntaxError) {
        nesting += 1
        if nesting > Parser.maximumNesting {
            throw SyntaxError("parentheses and signs nest more than \(Parser.maximumNesting) levels deep", at: position)
        }
    }

    mutating func expression() throws(SyntaxError) -> MathExpression {
        var left = try term()
        while case .symbol(let c) = current.kind, c == "+" || c == "-" {
            let position = current.position
            index += 1
            let right = try term()
            left = try make(.binary(c == "+" ? .add : .subtract, left, right), at: position)
        }
        return left
    }

    mutating func term() throws(SyntaxError) -> MathExpression {
        var left = try unary()
        while case .symbol(let c) = current.kind, c == "*" || c == "/" {
            let position = current.position
            index += 1
            let right = try unary()
            left = try make(.binary(c == "*" ? .multiply : .divide, left, right), at: position)
        }
        return left
    }

    /// Unary minus binds looser than `^`: `-2^2` is −4.
    mutating func unary() throws(SyntaxError) -> MathExpression {
        if case .symbol(let c) = current.kind, c == "-" || c == "+" {
            let position = current.position
            try enter(at: position)
            index += 1
            let operand = try unary()
            nesting -= 1
            return c == "-" ? try make(.negate(operand), at: position) : operand
        }
        return try power()
    }

    /// `^` is right-associative and its exponent may carry a sign: `2^3^2` = 2^9, `2^-1` = 1/2.
    mutating func power() throws(SyntaxError) -> MathExpression {
        let base = try primary()
        if isSymbol(current, "^") {
            let position = current.position
            try enter(at: position)
            index += 1
            let exponent = try unary()
            nesting -= 1
            return try make(.binary(.power, base, exponent), at: position)
        }
        return base
    }

    mutating func primary() throws(SyntaxError) -> MathExpression {
        let token = current
        switch token.kind {
        case .number(let literal):
            index += 1
            return try make(.number(literal), at: token.position)
        case .identifier(let name):
            index += 1
            if isSymbol(current, "(") || isSymbol(current, "[") {
                return try call(name, at: token.position)
            }
            return try variable(name, at: token.position)
        case .symbol("("):
            try enter(at: token.position)
            index += 1
            let inner = try expression()
            guard isSymbol(current, ")") else {
                throw SyntaxError("expected ')' to close the '(' at column \(token.position + 1), found \(describe(current))", at: current.position)
            }
            index += 1
            nesting -= 1
            return inner
        case .end:
            throw SyntaxError("expression is incomplete: expected a number, name or '('", at: token.position)
        case .symbol:
            throw SyntaxError("unexpected \(describe(token)): expected a number, name or '('", at: token.position)
        }
    }

    mutating func variable(_ name: String, at position: Int) throws(SyntaxError) -> MathExpression {
        if let k = parameters.firstIndex(of: name) { return try make(.parameter(k, name: name), at: position) }
        if let c = FunctionTable.constants[name] { return try make(.constant(c), at: position) }
        if let definition = scope.variables[name] { return try make(.variable(name, definition: definition), at: position) }
        if FunctionTable.callees[name] != nil || scope.functions[name] != nil {
            throw SyntaxError("'\(name)' is a function: call it as \(name)(…)", at: position)
        }
        if scope.allowsFreeVariables { return try make(.variable(name, definition: nil), at: position) }
        let hint = FunctionTable.suggestion(for: name, among: Array(scope.variables.keys)).map { " (did you mean \($0)?)" } ?? ""
        throw SyntaxError("unknown variable '\(name)'\(hint)", at: position)
    }

    mutating func call(_ name: String, at position: Int) throws(SyntaxError) -> MathExpression {
        let open = current
        let close: Unicode.Scalar = isSymbol(open, "[") ? "]" : ")"
        try enter(at: open.position)
        index += 1
        var args: [MathExpression] = []
        var format: (String, Int)? = nil
        // Each name looked up once: hashing the name was a tenth of parsing a short line.
        let user = scope.functions.isEmpty ? nil : scope.functions[name]
        let builtIn = user == nil ? FunctionTable.callees[name] : nil
        if case .format = builtIn {
            // The first argument names a float format: an identifier, not a value.
            guard case .identifier(let formatName) = current.kind, isSymbol(peek(1), ",") else {
                throw SyntaxError("\(name) takes a format name first, as in \(name)(bf16, …)", at: current.position)
            }
            format = (formatName, current.position)
            index += 2
        }
        if !isSymbol(current, close) {
            while true {
                args.append(try expression())
                if isSymbol(current, ",") { index += 1; continue }
                break
            }
        }
        guard isSymbol(current, close) else {
            throw SyntaxError("expected ',' or '\(close)' in the arguments of \(name), found \(describe(current))", at: current.position)
        }
        index += 1
        nesting -= 1
        if let user {
            guard args.count == user.parameters.count else {
                throw SyntaxError("\(name) takes \(user.parameters.count) argument\(user.parameters.count == 1 ? "" : "s"), not \(args.count)", at: position)
            }
            return try substitute(user.body, arguments: args, at: position)
        }
        guard let callee = builtIn else {
            let extra = Array(scope.functions.keys)
            let hint = FunctionTable.suggestion(for: name, among: extra).map { " (did you mean \($0)?)" } ?? ""
            throw SyntaxError("unknown function '\(name)'\(hint)", at: position)
        }
        if let range = callee.arities {
            let count = args.count + (format == nil ? 0 : 1)
            guard range.contains(count) else {
                let expected = range.count == 1 ? "\(range.lowerBound)" : "\(range.lowerBound) or \(range.upperBound)"
                throw SyntaxError("\(name) takes \(expected) argument\(range.upperBound == 1 ? "" : "s"), not \(count)", at: position)
            }
        } else if args.count < 2 {
            throw SyntaxError("\(name) takes two or more arguments, not \(args.count)", at: position)
        }
        switch callee {
        case .function(let f): return try make(.call(f, args), at: position)
        case .format(let f): return try make(.formatCall(f, format: format!.0, formatPosition: format!.1, args), at: position)
        case .log: return try make(args.count == 1 ? .call(.ln, args) : .call(.logBase, args), at: position)
        case .wolframArcTan: return try make(args.count == 1 ? .call(.atan, args) : .call(.atan2, [args[1], args[0]]), at: position)
        case .plus, .times:
            var result = args[0]
            for arg in args.dropFirst() { result = try make(.binary(callee == .plus ? .add : .multiply, result, arg), at: position) }
            return result
        case .power: return try make(.binary(.power, args[0], args[1]), at: position)
        case .subtract: return try make(.binary(.subtract, args[0], args[1]), at: position)
        case .divide: return try make(.binary(.divide, args[0], args[1]), at: position)
        case .minus: return try make(.negate(args[0]), at: position)
        }
    }

    /// The body with each parameter replaced by its argument; shared subtrees stay shared.
    func substitute(_ body: MathExpression, arguments: [MathExpression], at position: Int) throws(SyntaxError) -> MathExpression {
        var replaced: [ObjectIdentifier: MathExpression] = [:]
        for node in body.postorder() {
            let map = { (e: MathExpression) in replaced[ObjectIdentifier(e)] ?? e }
            let kind: MathExpression.Kind
            switch node.kind {
            case .parameter(let k, _): replaced[ObjectIdentifier(node)] = arguments[k]; continue
            case .number, .constant, .variable: continue
            case .negate(let x): kind = .negate(map(x))
            case .binary(let op, let a, let b): kind = .binary(op, map(a), map(b))
            case .call(let f, let args): kind = .call(f, args.map(map))
            case .formatCall(let f, let name, let at, let args): kind = .formatCall(f, format: name, formatPosition: at, args.map(map))
            }
            replaced[ObjectIdentifier(node)] = try make(kind, at: position)
        }
        return replaced[ObjectIdentifier(body)] ?? body
    }
}
