extension MathExpression {
    /// A fully parenthesised prefix form, `(+ 1 (* 2 x))`, that shows how the parser grouped the input.
    /// Variables print by name (their definitions are not expanded).
    public var sExpression: String {
        var text: [ObjectIdentifier: String] = [:]
        for node in postorder(intoDefinitions: false) {
            let t = { (e: MathExpression) in text[ObjectIdentifier(e)]! }
            let s: String
            switch node.kind {
            case .number(let n): s = n.text
            case .constant(let c): s = c.rawValue
            case .variable(let name, _), .parameter(_, let name): s = name
            case .negate(let x): s = "(neg \(t(x)))"
            case .binary(let op, let a, let b): s = "(\(op.rawValue) \(t(a)) \(t(b)))"
            case .call(let f, let args): s = "(\(f.name) \(args.map(t).joined(separator: " ")))"
            case .formatCall(let f, let format, _, let args): s = "(\(f.rawValue) \(format) \(args.map(t).joined(separator: " ")))"
            }
            text[ObjectIdentifier(node)] = s
        }
        return text[ObjectIdentifier(self)]!
    }
}
