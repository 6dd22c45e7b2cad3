import EMLSyntax

/// An expression that has no pure EML form.
public struct LoweringError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public let position: Int
    public var description: String { message }
}

extension EMLTree {
    /// The pure EML form of `expression`: variables become leaves (their definitions are not expanded).
    public init(lowering expression: MathExpression) throws(LoweringError) {
        self = try EMLTree.lowering(expression).tree
    }

    /// The tree, and for each of its variables the expression node it stands for (a defined or free
    /// variable), so that a caller can bind each leaf to its own definition.
    ///
    /// `leafValue` gives a leaf's value where the caller knows it (an evaluation binds every variable): the
    /// constructions then see the ranges of the operands built on it, as they see a constant's.
    public static func lowering(_ expression: MathExpression,
                                leafValue: (MathExpression) -> (re: Double, im: Double)? = { _ in nil })
        throws(LoweringError) -> (tree: EMLTree, leaves: [MathExpression]) {
        var b = EMLBuilder()
        var lowered: [ObjectIdentifier: Int] = [:]
        // One leaf per free name, and one per distinct definition (a name redefined between uses
        // stands for two values).
        enum LeafKey: Hashable { case free(String), defined(ObjectIdentifier) }
        var leafOf: [LeafKey: Int] = [:]
        var leaves: [MathExpression] = []
        for node in expression.postorder(intoDefinitions: false) {
            b.origin = node.position
            if case .variable(let name, let definition) = node.kind {
                let key = definition.map { LeafKey.defined(ObjectIdentifier($0)) } ?? .free(name)
                if let leaf = leafOf[key] { lowered[ObjectIdentifier(node)] = leaf; continue }
                var unique = name
                var n = 1
                while b.tree.variables.contains(unique) { n += 1; unique = "\(name)_\(n)" }
                let leaf = b.variable(unique)
                if let v = leafValue(node), v.re.isFinite, v.im.isFinite { b.values[leaf] = v }
                leafOf[key] = leaf
                leaves.append(node)
                lowered[ObjectIdentifier(node)] = leaf
                continue
            }
            let args = node.children.map { lowered[ObjectIdentifier($0)]! }
            lowered[ObjectIdentifier(node)] = try b.lower(node, args)
        }
        let tree = b.finish(root: lowered[ObjectIdentifier(expression)]!)
        // Pruning keeps variables in first-use order; match the leaves to the tree's names.
        let byName = Dictionary(uniqueKeysWithValues: zip(b.tree.variables, leaves))
        return (tree, tree.variables.map { byName[$0]! })
    }
}

extension EMLBuilder {
    mutating func lower(_ node: MathExpression, _ x: [Int]) throws(LoweringError) -> Int {
        switch node.kind {
        case .number(let literal): return number(literal)
        case .constant(.e): return e()
        case .constant(.pi): return pi()
        case .constant(.i): return i()
        case .variable: fatalError("handled by the caller")
        case .parameter(_, let name):
            throw LoweringError(message: "parameter '\(name)' outside its function", position: node.position)
        case .negate: return negate(x[0])
        case .binary(.add, _, _): return add(x[0], x[1])
        case .binary(.subtract, _, _): return subtract(x[0], x[1])
        // A factor that is a logarithm may be −∞ (ln 0): it takes `multiply`'s infinity-safe slot.
        case .binary(.multiply, _, _):
            if lnArgument(x[0]) != nil { return multiply(x[1], x[0]) }
            return lnArgument(x[1]) != nil ? multiply(x[0], x[1]) : product(x[0], x[1])
        case .binary(.divide, _, _): return divide(x[0], x[1])
        // z² = z·z by the shortest product (17 against 67 for exp(2·ln z)).
        case .binary(.power, _, let b):
            if case .number(let n) = b.kind, n.mantissa == "2", n.exponent == 0, lnArgument(x[0]) == nil { return product(x[0], x[0]) }
            return power(x[0], x[1])
        case .call(let f, _) where f.isBessel:
            throw LoweringError(message: "\(f.name) is a primitive outside the EML catalog: the modified Bessel functions are not elementary and have no EML form", position: node.position)
        case .call(let f, _): return function(f, x)
        case .formatCall(let f, let format, _, _):
            throw LoweringError(message: "\(f.rawValue)(\(format), …) rounds to a float format: it is not an elementary function and has no EML form", position: node.position)
        }
    }

    /// mantissa × base^exponent, exactly (each literal is a rational number).
    public mutating func number(_ literal: NumberLiteral) -> Int {
        if literal.isZero { return zero() }
        let m = integer(digits: literal.mantissa, radix: literal.radix)
        if literal.exponent == 0 { return m }
        let scale = power(integer(literal.base), integer(Swift.abs(literal.exponent)))
        return literal.exponent > 0 ? product(m, scale) : divide(m, scale)
    }

    mutating func constant(_ name: String, value: Int) -> Int { constant(name) { _ in value } }

    /// e^{iz} and e^{−iz} = 1/e^{iz}, shared by sin, cos and their reciprocals.
    mutating func expI(_ z: Int) -> (Int, Int) {
        let w = exp(product(i(), z))
        return (w, reciprocal(w))
    }

    /// e^{2iz}, for tan and cot: only exp and products, so valid for every z.
    mutating func exp2I(_ z: Int) -> Int { exp(product(constant("2i") { $0.add($0.i(), $0.i()) }, z)) }

    mutating func function(_ f: Function, _ x: [Int]) -> Int {
        let z = x[0]
        switch f {
        case .exp: return exp(z)
        case .ln: return ln(z)
        // Logarithms may be −∞ (at 0), so they take the second, infinity-safe slot of every product.
        case .logBase: return multiply(reciprocal(ln(z)), ln(x[1]))
        case .log2: return multiply(constant("1/ln2") { $0.reciprocal($0.ln($0.two())) }, ln(z))
        case .log10: return multiply(constant("1/ln10") { $0.reciprocal($0.ln($0.integer(10))) }, ln(z))
        // √z = exp(½·ln z): principal; √0 = exp(−∞) = 0.
        case .sqrt: return exp(multiply(half(), ln(z)))
        // ∛z = z·exp(ln(z²)/(−3)): the real cube root for real z (∛−8 = −2), continuous off the imaginary axis.
        case .cbrt: return multiply(z, exp(multiply(constant("-1/3") { $0.reciprocal($0.negate($0.integer(3))) }, ln(multiply(z, z)))))
        // sin z = (e^{iz} − e^{−iz})/(2i): the subtraction needs |Im e^{−iz}| < π.
        case .sin:
            let (p, m) = expI(z)
            return divide(subtract(p, m), constant("2i") { $0.add($0.i(), $0.i()) })
        case .cos:
            let (p, m) = expI(z)
            return divide(add(p, m), two())
        // tan z = (e^{2iz} − 1)/(i(e^{2iz} + 1)): e^{2iz} enters only as a minuend, so no restriction.
        case .tan:
            let w = exp2I(z)
            return divide(subtract(w, one), multiply(i(), add(w, one)))
        case .cot:
            let w = exp2I(z)
            return divide(multiply(i(), add(w, one)), subtract(w, one))
        case .sec: return reciprocal(function(.cos, x))
        case .csc: return reciprocal(function(.sin, x))
        case .sinh:
            let p = exp(z)
            return divide(subtract(p, reciprocal(p)), two())
        case .cosh:
            let p = exp(z)
            return divide(add(p, reciprocal(p)), two())
        // tanh z = (e^{2z} − 1)/(e^{2z} + 1).
        case .tanh:
            let w = exp(multiply(two(), z))
            return divide(subtract(w, one), add(w, one))
        // arcsin z = −i ln(iz + √(1 − z²)).
        case .asin: return multiply(minusI(), ln(add(multiply(i(), z), function(.sqrt, [subtract(one, multiply(z, z))]))))
        // arccos z = π/2 − arcsin z.
        case .acos: return subtract(constant("pi/2") { $0.divide($0.pi(), $0.two()) }, function(.asin, x))
        // arctan z = (i/2)(ln(1 − iz) − ln(1 + iz)) with 1 − iz = −i(z + i), 1 + iz = i(z − i): no large subtrahend.
        case .atan:
            let a = ln(multiply(minusI(), add(z, i())))
            let b = ln(multiply(i(), subtract(z, i())))
            return multiply(constant("i/2") { $0.divide($0.i(), $0.two()) }, subtract(a, b))
        // arsinh z = ln(z + √(z² + 1)).
        case .asinh: return ln(add(z, function(.sqrt, [add(multiply(z, z), one)])))
        // arcosh z = ln(z + √(z + 1)·√(z − 1)) (Kahan's form: principal, cut (−∞, 1)).
        case .acosh: return ln(add(z, multiply(function(.sqrt, [add(z, one)]), function(.sqrt, [subtract(z, one)]))))
        // artanh z = (ln(1 + z) − ln(1 − z))/2.
        case .atanh: return multiply(half(), subtract(ln(add(one, z)), ln(subtract(one, z))))
        case .hypot: return function(.sqrt, [add(multiply(z, z), multiply(x[1], x[1]))])
        // |z| = √(z²): the absolute value for real z only (|z| of complex z is not analytic).
        case .abs: return function(.sqrt, [multiply(z, z)])
        case .eml: return known(eml(z, x[1]), values[z].flatMap { a in values[x[1]].map { ComplexDouble.eml(a, $0) } })
        case .logbesseli, .logbesselk, .besseli, .besselk: fatalError("rejected by lower(_:_:)")
        // atan2(y, x) = −i ln((x + iy)/√(x² + y²)) for real x, y.
        case .atan2:
            let (y, xx) = (x[0], x[1])
            let r = function(.hypot, [xx, y])
            return multiply(minusI(), ln(divide(add(xx, multiply(i(), y)), r)))
        }
    }
}
