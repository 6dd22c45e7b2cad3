import Foundation

/// Builds EML DAGs with hash-consing, and the catalog of constructions that express every
/// primitive of the expression language with eml and 1 alone.
///
/// Branch convention: the logarithm inside eml takes arg in [−π, π) (lower edge of the cut).
/// With it the derived ln z = eml(1, eml(eml(1, z), 1)) is the principal logarithm at every
/// precision, so i and π built from ln(−1) are +i and +π however π rounds.
public struct EMLBuilder {
    public private(set) var tree = EMLTree(nodes: [], variables: [], root: 0, origins: [])
    var index: [EMLTree.Node: Int] = [:]
    var constants: [String: Int] = [:]
    /// Each construction's value in complex double where its operands' are known (constants, and leaves
    /// given a value) and it is finite: what the constructions need to know of an operand's range.
    var values: [(re: Double, im: Double)?] = []
    /// Source position recorded for the nodes created next.
    public var origin = 0

    public init() {}

    mutating func node(_ n: EMLTree.Node) -> Int {
        if let k = index[n] { return k }
        let k = tree.nodes.count
        tree.nodes.append(n)
        tree.origins.append(origin)
        index[n] = k
        values.append(n == .one ? (1, 0) : nil)  // the constructions record their nodes' values (`known`)
        return k
    }

    /// The finished tree with `root` as its root, pruned to what the root reaches.
    public func finish(root: Int) -> EMLTree {
        var result = tree
        result.root = root
        return result.pruned()
    }

    public var one: Int { mutating get { node(.one) } }

    public mutating func variable(_ name: String) -> Int {
        if let k = tree.variables.firstIndex(of: name) { return node(.variable(k)) }
        tree.variables.append(name)
        return node(.variable(tree.variables.count - 1))
    }

    public mutating func eml(_ x: Int, _ y: Int) -> Int { node(.eml(x, y)) }

    /// A constant built once per tree and shared by every use.
    mutating func constant(_ name: String, _ build: (inout EMLBuilder) -> Int) -> Int {
        if let k = constants[name] { return k }
        let saved = origin
        let k = build(&self)
        origin = saved
        constants[name] = k
        return k
    }

    // MARK: The catalog (E = eml). Each line: the identity, then where it holds.

    /// e^z = E(z, 1).
    public mutating func exp(_ z: Int) -> Int {
        // exp(ln w) = w exactly for every w (exp undoes any branch of ln): skip the round trip.
        if let w = lnArgument(z) { return w }
        return known(eml(z, one), values[z].map { ComplexDouble.exp($0.re, $0.im) })
    }

    /// ln z = E(1, E(E(1, z), 1)) = e − Log(e^e / z): principal for all z with the lower-edge inner Log.
    public mutating func ln(_ z: Int) -> Int {
        // Its value: the principal logarithm, +iπ on the negative axis (ln 0 = −∞ is no value `known` keeps).
        known(eml(one, eml(eml(one, z), one)), values[z].map { v in
            (Foundation.log(Foundation.hypot(v.re, v.im)), v.im == 0 && v.re < 0 ? .pi : Foundation.atan2(v.im, v.re))
        })
    }

    /// w if `z` is the root of ln(w).
    func lnArgument(_ z: Int) -> Int? {
        guard case .eml(let a, let t) = tree.nodes[z], tree.nodes[a] == .one,
              case .eml(let u, let b) = tree.nodes[t], tree.nodes[b] == .one,
              case .eml(let c, let w) = tree.nodes[u], tree.nodes[c] == .one else { return nil }
        return w
    }

    /// a − b = E(ln a, e^b): exact while Im b ∈ [−π, π) (Log(e^b) = b there); a = 0 works through ln 0 = −∞.
    /// A subtrahend of known value outside that strip (4i in 3 + 4i, e^{3−2i} in sin(2 + 3i)) is divided out:
    /// a − b = b·(a/b − 1), whose subtrahend is 1 and whose quotient and product hold for every finite b ≠ 0.
    public mutating func subtract(_ a: Int, _ b: Int) -> Int {
        // Only where the double says "outside" beyond its own error: on the cut itself (Im b = π, ln of a
        // negative real) the constructions rely on the strip's lower edge, and keep it.
        if let v = values[b], Swift.abs(v.im) > .pi * (1 + 1e-9) + 1e-9 * Foundation.hypot(v.re, v.im) {
            return known(product(b, eml(ln(divide(a, b)), exp(one))), difference(a, b))
        }
        if values[b] == nil { tree.strips.append(b) }
        return known(eml(ln(a), exp(b)), difference(a, b))
    }

    // MARK: Known values of constant operands

    /// Records what a construction computes as the value of its node, where its operands' values are known
    /// (the value, not the tree simulated in double: that overflows at e^744 inside the integer 1488).
    mutating func known(_ k: Int, _ v: (re: Double, im: Double)?) -> Int {
        if let v, v.re.isFinite, v.im.isFinite { values[k] = v }
        return k
    }

    func difference(_ a: Int, _ b: Int) -> (re: Double, im: Double)? {
        values[a].flatMap { x in values[b].map { (x.re - $0.re, x.im - $0.im) } }
    }

    static func product(_ a: (re: Double, im: Double)?, _ b: (re: Double, im: Double)?) -> (re: Double, im: Double)? {
        a.flatMap { x in b.map { (x.re * $0.re - x.im * $0.im, x.re * $0.im + x.im * $0.re) } }
    }

    static func quotient(_ x: (re: Double, im: Double), _ y: (re: Double, im: Double)) -> (re: Double, im: Double) {
        let d = y.re * y.re + y.im * y.im
        return ((x.re * y.re + x.im * y.im) / d, (x.im * y.re - x.re * y.im) / d)
    }

    /// 0 = ln 1.
    public mutating func zero() -> Int { constant("0") { $0.ln($0.one) } }

    /// −z = 0 − z: needs ln 0 = −∞ and exp(−∞) = 0; exact while Im z ∈ [−π, π).
    public mutating func negate(_ z: Int) -> Int { subtract(zero(), z) }

    /// a + b = a − (−b): exact while Im b ∈ (−π, π). Operands of known value take the catalog's x + y
    /// (K 19 against 27) where it is sure (`instantiateWhereSure`): real ones, mostly.
    public mutating func add(_ a: Int, _ b: Int) -> Int {
        let sum = values[a].flatMap { x in values[b].map { (x.re + $0.re, x.im + $0.im) } }
        return instantiateWhereSure(Self.sumForm, x: a, y: b, expected: sum) ?? subtract(a, negate(b))
    }

    /// 1/z = exp(−ln z) = E(E(ln 0, z), 1): exact for every z (exp absorbs the branch of Log).
    public mutating func reciprocal(_ z: Int) -> Int { known(exp(eml(ln(zero()), z)), values[z].map { Self.quotient((1, 0), $0) }) }

    /// a·b = exp(ln a − Log(1/b)) = exp(E(ln ln a, 1/b)): exact for every a, b (exp absorbs 2πi).
    public mutating func multiply(_ a: Int, _ b: Int) -> Int { known(exp(eml(ln(ln(a)), reciprocal(b))), Self.product(values[a], values[b])) }

    /// a·b by the catalog's shortest product (`KnownShortestForm`, K = 17 against `multiply`'s 33):
    /// exp(e − Log(e^e/(e − Log a − Log b))) = e^e·ab/e^e, each exp absorbing the branch of the Log inside
    /// it, so exact for all finite a, b (a zero passes through Log 0 = −∞ to 0). An infinite operand loses
    /// its sign in it: the constructions whose factor is a logarithm keep `multiply`.
    public mutating func product(_ a: Int, _ b: Int) -> Int { known(instantiate(Self.productForm, x: a, y: b), Self.product(values[a], values[b])) }

    static let productForm = KnownShortestForm.form(of: "x*y")!.tree

    /// a/b = exp(ln a − Log b) = exp(E(ln ln a, b)): exact for every b and every a but a = −∞
    /// (ln ln(−∞) = ln(∞ + iπ) = ∞ loses the direction); an operand that may be infinite goes in
    /// the second slot of `multiply`, which passes it through 1/b and keeps its sign in a signed zero.
    public mutating func divide(_ a: Int, _ b: Int) -> Int {
        known(exp(eml(ln(ln(a)), b)), values[a].flatMap { x in values[b].map { Self.quotient(x, $0) } })
    }

    /// a^b = exp(b·ln a), the principal power; ln a is the second factor so 0^b (b > 0) flows through ln 0 = −∞ to 0.
    /// Operands of known value take the catalog's form (K 25 against 41) where it is sure (`instantiateWhereSure`).
    public mutating func power(_ a: Int, _ b: Int) -> Int {
        let value = values[a].flatMap { x in values[b].map { y -> (re: Double, im: Double) in
            let l = ComplexDouble.log(x.re, x.im)
            return ComplexDouble.exp(y.re * l.re - y.im * l.im, y.re * l.im + y.im * l.re)
        } }
        return instantiateWhereSure(Self.powerForm, x: a, y: b, expected: value) ?? exp(multiply(b, ln(a)))
    }

    // MARK: Constants

    public mutating func e() -> Int { exp(one) }
    public mutating func minusOne() -> Int { constant("-1") { $0.negate($0.one) } }
    public mutating func two() -> Int { integer(2) }
    public mutating func half() -> Int { constant("1/2") { $0.reciprocal($0.two()) } }
    /// ln(−1) = iπ (principal).
    public mutating func iPi() -> Int { constant("i*pi") { $0.ln($0.minusOne()) } }
    /// i = exp(ln(−1)/2).
    public mutating func i() -> Int { constant("i") { $0.exp($0.divide($0.iPi(), $0.two())) } }
    public mutating func minusI() -> Int { constant("-i") { $0.negate($0.i()) } }
    /// π = ln(−1)/i.
    public mutating func pi() -> Int { constant("pi") { $0.divide($0.iPi(), $0.i()) } }

    /// The integer n ≥ 0 by binary doubling (n = 2m or 2m + 1), shared across the tree.
    public mutating func integer(_ n: Int) -> Int {
        precondition(n >= 0)
        if n == 0 { return zero() }
        if n == 1 { return one }
        return constant(String(n)) { b in
            let half = b.integer(n / 2)
            let even = b.add(half, half)
            return n % 2 == 0 ? even : b.add(even, b.one)
        }
    }

    /// An integer written with `digits` in `radix` (any length), by Horner's rule.
    public mutating func integer(digits: String, radix: Int) -> Int {
        if digits.count <= 15, let n = Int(digits, radix: radix) { return integer(n) }
        let r = integer(radix)
        var value = zero()
        var first = true
        for ch in digits {
            let d = integer(Int(String(ch), radix: radix)!)
            if first { value = d; first = false; continue }
            let shifted = product(value, r)
            value = d == zero() ? shifted : add(shifted, d)
        }
        return value
    }
}
