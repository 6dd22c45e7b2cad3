/// A resolved expression: an immutable tree (a DAG where definitions are shared) with source positions.
///
/// Names are already bound: built-in functions, constants, variables with their definitions,
/// or free variables (only when the caller allows them, as `eml compile` does).
public final class MathExpression: Sendable {
    public enum Kind: Sendable {
        case number(NumberLiteral)
        case constant(Constant)
        /// A named input. `definition` is its value's expression; nil for a free variable.
        case variable(String, definition: MathExpression?)
        /// A formal parameter of a user function body; replaced by the argument at each call.
        case parameter(Int, name: String)
        case negate(MathExpression)
        case binary(BinaryOperator, MathExpression, MathExpression)
        case call(Function, [MathExpression])
        /// A float-format function, `round(bf16, x)`: the format by name (resolved at evaluation) and its position.
        case formatCall(FormatFunction, format: String, formatPosition: Int, [MathExpression])
    }

    public let kind: Kind
    /// UTF-8 offset of the token that produced this node in its source line.
    public let position: Int
    /// Longest path to a leaf; bounded by the parser so that every consumer may recurse.
    public let depth: Int

    public init(_ kind: Kind, position: Int) {
        self.kind = kind
        self.position = position
        switch kind {
        case .number, .constant, .parameter: depth = 1
        case .variable(_, let definition): depth = (definition?.depth ?? 0) + 1
        case .negate(let x): depth = x.depth + 1
        case .binary(_, let a, let b): depth = max(a.depth, b.depth) + 1
        case .call(_, let args), .formatCall(_, _, _, let args): depth = args.reduce(0) { max($0, $1.depth) } + 1  // no array made per call node
        }
    }

    /// The children in evaluation order (a variable's definition counts as its child).
    public var children: [MathExpression] {
        switch kind {
        case .number, .constant, .parameter: return []
        case .variable(_, let definition): return definition.map { [$0] } ?? []
        case .negate(let x): return [x]
        case .binary(_, let a, let b): return [a, b]
        case .call(_, let args), .formatCall(_, _, _, let args): return args
        }
    }

    /// The number of `children`, without making the array.
    public var childCount: Int {
        switch kind {
        case .number, .constant, .parameter: return 0
        case .variable(_, let definition): return definition == nil ? 0 : 1
        case .negate: return 1
        case .binary: return 2
        case .call(_, let args), .formatCall(_, _, _, let args): return args.count
        }
    }

    /// `children[k]`, without making the array.
    public func child(_ k: Int) -> MathExpression {
        switch kind {
        case .variable(_, let definition?): return definition
        case .negate(let x): return x
        case .binary(_, let a, let b): return k == 0 ? a : b
        case .call(_, let args), .formatCall(_, _, _, let args): return args[k]
        case .number, .constant, .parameter, .variable: preconditionFailure("a leaf has no children")
        }
    }

    /// Names of free variables, sorted.
    public var freeVariables: [String] {
        var names = Set<String>()
        for node in postorder() { if case .variable(let name, nil) = node.kind { names.insert(name) } }
        return names.sorted()
    }

    /// Every distinct node once, children before parents (iterative, shared nodes visited once).
    /// With `intoDefinitions` false, a defined variable is a leaf: its definition is not visited.
    public func postorder(intoDefinitions: Bool = true) -> [MathExpression] {
        var order: [MathExpression] = []
        order.reserveCapacity(8)
        // A node is seen once it is on the stack or in the order: both are searched in place while they are
        // short (a separate set was an allocation a line), a Set holds them past 32.
        var many: Set<ObjectIdentifier>? = nil
        func firstVisit(_ node: MathExpression, _ order: [MathExpression], _ stack: [(node: MathExpression, next: Int)]) -> Bool {
            if many != nil { return many!.insert(ObjectIdentifier(node)).inserted }
            if order.contains(where: { $0 === node }) || stack.contains(where: { $0.node === node }) { return false }
            if order.count + stack.count >= 32 {
                many = Set(order.map(ObjectIdentifier.init) + stack.map { ObjectIdentifier($0.node) })
                many!.insert(ObjectIdentifier(node))
            }
            return true
        }
        // Each entry: a node and how many of its children are done (no array of children made per node).
        var stack: [(node: MathExpression, next: Int)] = []
        stack.reserveCapacity(8)
        stack.append((self, 0))
        while let top = stack.last {
            let count: Int
            if !intoDefinitions, case .variable = top.node.kind { count = 0 } else { count = top.node.childCount }
            if top.next == count {
                order.append(top.node)
                stack.removeLast()
                continue
            }
            stack[stack.count - 1].next += 1
            let child = top.node.child(top.next)
            if firstVisit(child, order, stack) { stack.append((child, 0)) }
        }
        return order
    }
}

public enum Constant: String, Sendable, CaseIterable {
    case pi, e, i
}

public enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^"
}

/// An exact numeric literal: `mantissa` (digits in `radix`) × `base`^`exponent`.
///
/// `0.1` is 1 × 10^−1 exactly, not the double nearest to it; hex floats `0x1.8p3` are 0x18 × 2^(3−4).
public struct NumberLiteral: Sendable, Equatable {
    /// The literal as MPFR's `mpfr_strtofr` (base 0) reads it, for a correctly rounded value at any precision.
    public let text: String
    /// Significant digits without point or leading zeros ("0" for zero).
    public let mantissa: String
    public let radix: Int
    public let base: Int
    public let exponent: Int

    public init(text: String, mantissa: String, radix: Int, base: Int, exponent: Int) {
        self.text = text
        let trimmed = mantissa.drop(while: { $0 == "0" })
        self.mantissa = trimmed.isEmpty ? "0" : String(trimmed)
        self.radix = radix
        self.base = base
        self.exponent = trimmed.isEmpty ? 0 : exponent
    }

    public var isZero: Bool { mantissa == "0" }

    /// The value as numerator/denominator in lowest terms when every step fits in 63 bits (2.37 is
    /// 237/100), in machine integers: reading a line of `eml bessel` through GMP cost 5 µs. nil where
    /// a step would not fit (1.00000000000000000000 is 1/1, but its digits are not), for the caller's
    /// arbitrary-precision reading.
    public var machineFraction: (numerator: UInt64, denominator: UInt64)? {
        let limit: UInt64 = 1 << 63
        var numerator: UInt64 = 0
        for digit in mantissa.utf8 {
            let d = UInt64(digit <= 57 ? digit - 48 : (digit | 0x20) - 87)
            let (m, o1) = numerator.multipliedReportingOverflow(by: UInt64(radix))
            let (s, o2) = m.addingReportingOverflow(d)
            guard !o1, !o2, s < limit else { return nil }
            numerator = s
        }
        var power: UInt64 = 1
        for _ in 0..<exponent.magnitude {
            let (p, o) = power.multipliedReportingOverflow(by: UInt64(base))
            guard !o, p < limit else { return nil }
            power = p
        }
        if exponent >= 0 {
            let (n, o) = numerator.multipliedReportingOverflow(by: power)
            guard !o, n < limit else { return nil }
            return (n, 1)
        }
        return Self.lowestTerms(numerator, power)
    }

    /// `ddd` or `ddd.ddd` with at most 18 digits (so both parts fit in 63 bits), read from the bytes, in
    /// lowest terms: the value `machineFraction` gives for the same literal; nil for anything else (signs,
    /// exponents, hex). A batch line's number costs more through the lexer's literal (its strings) than
    /// the rest of the line but the certificate. Inlinable: unspecialized, a byte through the generic
    /// Sequence costs a hundred instructions.
    @inlinable
    public static func plainDecimal<S: Sequence<UInt8>>(_ bytes: S) -> (numerator: UInt64, denominator: UInt64)? {
        var numerator: UInt64 = 0, denominator: UInt64 = 1, digits = 0, point = false
        for b in bytes {
            if b == UInt8(ascii: "."), !point { point = true; continue }
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            digits += 1
            guard digits <= 18 else { return nil }
            numerator = numerator * 10 + UInt64(b - UInt8(ascii: "0"))
            if point { denominator *= 10 }
        }
        guard digits > 0 else { return nil }
        return lowestTerms(numerator, denominator)
    }

    /// n/d (d > 0) in lowest terms, 0 as 0/1.
    public static func lowestTerms(_ n: UInt64, _ d: UInt64) -> (numerator: UInt64, denominator: UInt64) {
        var (a, b) = (n, d)
        while b != 0 { (a, b) = (b, a % b) }
        return n == 0 ? (0, 1) : (n / a, d / a)
    }
}
