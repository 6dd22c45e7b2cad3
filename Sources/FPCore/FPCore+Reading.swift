/// Reading FPCore 2.0 text: every FPCore of a file, each error with its line and column, so that one
/// bad benchmark does not hide the others.
extension FPCore {
    /// Every FPCore in `text`, in order, and the errors of those that could not be read. A syntax error
    /// of the S-expressions themselves (an unbalanced bracket) ends the reading there.
    public static func readAll(_ text: String) -> (cores: [FPCore], errors: [FPCoreError]) {
        let forms: [SExpression]
        var errors: [FPCoreError] = []
        do {
            forms = try SExpressionReader.read(text)
        } catch {
            // Keep what precedes the damage: read the text up to the error's line.
            let prefix = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(max(0, (error.position?.line ?? 1) - 1)).joined(separator: "\n")
            let before = (try? SExpressionReader.read(prefix)) ?? []
            let (cores, more) = read(forms: before)
            return (cores, more + [error])
        }
        let (cores, more) = read(forms: forms)
        errors += more
        return (cores, errors)
    }

    private static func read(forms: [SExpression]) -> ([FPCore], [FPCoreError]) {
        var cores: [FPCore] = [], errors: [FPCoreError] = []
        var identifiers = Set<String>()
        for form in forms {
            do {
                let core = try FPCore(form, calling: identifiers)
                if let id = core.identifier { identifiers.insert(id) }
                cores.append(core)
            } catch {
                errors.append(error)
            }
        }
        return (cores, errors)
    }

    /// One `(FPCore …)` form. `identifiers` are the FPCores defined before it (calling them is reported
    /// as unsupported rather than as an unknown operator).
    public init(_ form: SExpression, calling identifiers: Set<String> = []) throws(FPCoreError) {
        guard case .list(let items, let start) = form, items.first?.atom == "FPCore" else {
            throw FPCoreError("expected (FPCore (arguments…) properties… body)", at: form.position)
        }
        var rest = Array(items.dropFirst())
        var identifier: String?
        if let id = rest.first?.atom { identifier = id; rest.removeFirst() }
        guard let argumentList = rest.first?.list else {
            throw FPCoreError("FPCore needs an argument list such as (x y)", at: rest.first?.position ?? start)
        }
        rest.removeFirst()
        var arguments: [String] = []
        for argument in argumentList {
            switch argument {
            case .atom(let name, let p):
                guard FPCoreReader.isSymbol(name) else { throw FPCoreError("argument '\(name)' is not a symbol", at: p) }
                arguments.append(name)
            case .list(let l, let p) where l.first?.atom == "!":
                guard let name = l.last?.atom, l.count % 2 == 0 else { throw FPCoreError("malformed annotated argument", at: p) }
                arguments.append(name)
            case .list(_, let p):
                throw FPCoreError("tensor arguments are not supported", at: p, unsupported: true)
            case .string(_, let p):
                throw FPCoreError("an argument must be a symbol, not a string", at: p)
            }
        }
        if let duplicate = Dictionary(grouping: arguments, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw FPCoreError("argument '\(duplicate)' appears twice", at: argumentList.first?.position ?? start)
        }
        guard let bodyForm = rest.popLast() else { throw FPCoreError("FPCore has no body", at: start) }
        if case .atom(let a, let p) = bodyForm, a.hasPrefix(":") { throw FPCoreError("property \(a) has no value, or the FPCore has no body", at: p) }
        guard rest.count % 2 == 0 else { throw FPCoreError("properties must come in :name value pairs", at: rest.last?.position ?? start) }

        var properties: [(String, SExpression)] = []
        for k in stride(from: 0, to: rest.count, by: 2) {
            guard let key = rest[k].atom, key.hasPrefix(":") else { throw FPCoreError("expected a property such as :name, not this", at: rest[k].position) }
            properties.append((key, rest[k + 1]))
        }
        let reader = FPCoreReader(identifiers: identifiers)
        var name: String?, precision = FPCorePrecision.binary64, pre: FPCoreExpression?, spec: FPCoreExpression?
        var alternatives: [FPCoreExpression] = [], expected: Double?
        let scope = Set(arguments)
        for (key, value) in properties {
            switch key {
            case ":name":
                guard case .string(let s, _) = value else { throw FPCoreError(":name must be a string", at: value.position) }
                name = s
            case ":precision": precision = try FPCoreReader.precision(value)
            case ":pre": pre = try reader.expression(value, scope: scope)
            case ":spec": spec = try reader.expression(value, scope: scope)
            case ":alt": alternatives.append(try reader.expression(value, scope: scope))
            case ":herbie-expected":
                guard let v = value.atom.flatMap(Double.init), v >= 0 else { throw FPCoreError(":herbie-expected must be a number of bits", at: value.position) }
                expected = v
            default: continue  // unknown properties are skipped, whatever their shape
            }
        }
        let body = try reader.expression(bodyForm, scope: scope)
        self.init(identifier: identifier, name: name, arguments: arguments, body: body, precision: precision,
                  precondition: pre, specification: spec, alternatives: alternatives, expectedBits: expected, position: start)
    }
}

/// The expression grammar: operators by name and arity, scoping of `let`, literals exact.
struct FPCoreReader {
    let identifiers: Set<String>
    static let unsupported: Set<String> = ["while", "while*", "for", "for*", "tensor", "tensor*", "array", "ref", "dim", "size"]

    static func isSymbol(_ s: String) -> Bool {
        guard let f = s.first, !f.isNumber, f != ":", f != "\"" else { return false }
        return (try? FPCoreNumber.parse(s)) == nil
    }

    static func precision(_ value: SExpression) throws(FPCoreError) -> FPCorePrecision {
        switch value {
        case .atom("binary64", _): return .binary64
        case .atom("binary32", _): return .binary32
        case .atom("real", _): return .real
        case .atom("integer", _): return .integer
        case .atom(let a, _): return .unsupported(a)
        case .list(let l, let p) where l.first?.atom == "float" && l.count == 3:
            guard let e = l[1].atom.flatMap(Int.init), let n = l[2].atom.flatMap(Int.init), e >= 2, e <= 11, n - e >= 2, n - e <= 53 else {
                throw FPCoreError("(float es nbits) needs 2 ≤ es ≤ 11 and 2 ≤ nbits − es ≤ 53 to be simulated", at: p)
            }
            return .float(exponentBits: e, totalBits: n)
        case .list(let l, _): return .unsupported("(" + l.compactMap(\.atom).joined(separator: " ") + ")")
        case .string(let s, let p): throw FPCoreError("precision must be a name such as binary64, not \"\(s)\"", at: p)
        }
    }

    func expression(_ form: SExpression, scope: Set<String>) throws(FPCoreError) -> FPCoreExpression {
        switch form {
        case .string(_, let p):
            throw FPCoreError("a string is not an expression", at: p)
        case .atom(let a, let p):
            let number: FPCoreNumber?
            do { number = try FPCoreNumber.parse(a) } catch { throw FPCoreError(error.message, at: p) }
            if let number { return .number(number) }
            if let c = FPCoreConstant(rawValue: a) { return .constant(c) }
            guard scope.contains(a) else { throw FPCoreError("unknown variable '\(a)'", at: p) }
            return .variable(a)
        case .list(let items, let p):
            guard let head = items.first else { throw FPCoreError("empty expression ()", at: p) }
            guard let op = head.atom else { throw FPCoreError("an operator name must come first", at: head.position) }
            let args = Array(items.dropFirst())
            switch op {
            case "if":
                guard args.count == 3 else { throw FPCoreError("if takes a condition and two branches, not \(args.count) operands", at: p) }
                return .conditional(try expression(args[0], scope: scope), then: try expression(args[1], scope: scope), else: try expression(args[2], scope: scope))
            case "let", "let*":
                guard args.count == 2, let pairs = args[0].list else { throw FPCoreError("\(op) takes ([name value] …) and a body", at: p) }
                var names: [String] = [], values: [FPCoreExpression] = []
                var inner = scope
                for pair in pairs {
                    guard let l = pair.list, l.count == 2, let name = l[0].atom, FPCoreReader.isSymbol(name) else {
                        throw FPCoreError("a \(op) binding is [name value]", at: pair.position)
                    }
                    names.append(name)
                    values.append(try expression(l[1], scope: op == "let*" ? inner : scope))
                    inner.insert(name)
                }
                return .binding(sequential: op == "let*", names: names, values: values, body: try expression(args[1], scope: inner))
            case "cast":
                guard args.count == 1 else { throw FPCoreError("cast takes one operand, not \(args.count)", at: p) }
                return .cast(try expression(args[0], scope: scope))
            case "!":
                guard let last = args.last, args.count % 2 == 1 else { throw FPCoreError("(! :property value … expression) needs property pairs and one expression", at: p) }
                var precision: FPCorePrecision?
                for k in stride(from: 0, to: args.count - 1, by: 2) {
                    guard let key = args[k].atom, key.hasPrefix(":") else { throw FPCoreError("expected a property such as :precision", at: args[k].position) }
                    if key == ":precision" { precision = try FPCoreReader.precision(args[k + 1]) }
                }
                return .annotation(precision, try expression(last, scope: scope))
            case "digits":
                guard args.count == 3, let m = args[0].atom.flatMap(Int.init), let e = args[1].atom.flatMap(Int.init),
                      let b = args[2].atom.flatMap(Int.init) else { throw FPCoreError("digits takes three integers (digits m e b)", at: p) }
                do { return .number(try FPCoreNumber.digits(m, e, b, text: "(digits \(m) \(e) \(b))")) } catch { throw FPCoreError(error.message, at: p) }
            default: break
            }
            if FPCoreReader.unsupported.contains(op) {
                throw FPCoreError("'\(op)' (loops and tensors) is not supported by this checker", at: head.position, unsupported: true)
            }
            if identifiers.contains(op) { throw FPCoreError("calling another FPCore ('\(op)') is not supported", at: head.position, unsupported: true) }
            let operands = try args.map { (a) throws(FPCoreError) in try expression(a, scope: scope) }
            if op == "-" && operands.count == 1 { return .operation(.negate, operands) }
            guard let o = FPCoreOperator(rawValue: op), o != .negate else { throw FPCoreError("unknown operator '\(op)'", at: head.position) }
            if let n = o.arity {
                guard operands.count == n else {
                    throw FPCoreError("'\(op)' takes \(n) operand\(n == 1 ? "" : "s"), not \(operands.count)", at: head.position)
                }
            } else if operands.isEmpty {
                throw FPCoreError("'\(op)' needs operands", at: head.position)
            }
            return .operation(o, operands)
        }
    }
}
