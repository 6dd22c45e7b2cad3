import FPCore

/// An FPCore expression flattened for evaluation at many points: nodes in an array, children by index,
/// variables resolved to slots (arguments first, then each `let` binding), literals in a table. The
/// evaluators walk it by index, so a point costs no allocation and no name lookup.
struct CompiledExpression: Sendable {
    enum Kind: UInt8, Sendable { case literal, constant, variable, operation, conditional, binding, cast, annotation }

    struct Node: Sendable {
        var kind: Kind
        var op: FPCoreOperator = .add
        /// Children: `children[first ..< first + count]` (a binding's values, then its body).
        var first: Int32 = 0
        var count: Int32 = 0
        /// A variable's slot, or a binding's first new slot.
        var slot: Int32 = 0
        /// A literal's index in `literals`, a constant's index in `FPCoreConstant.allCases`.
        var index: Int32 = 0
        var sequential = false
        /// Whether the node's value is a boolean (a test, TRUE/FALSE, or a branch, binding or variable of one).
        var isBoolean = false
    }

    private(set) var nodes: [Node] = []
    /// The precision an annotation node names (kept apart so that a `Node` is plain data, copied freely).
    private(set) var precisions: [Int: FPCorePrecision] = [:]
    private(set) var children: [Int32] = []
    private(set) var literals: [FPCoreNumber] = []
    private(set) var slotCount: Int
    private(set) var slotIsBoolean: [Bool]
    private(set) var root: Int = 0

    /// `expression` over `arguments` (slots 0 ..< arguments.count); nil if it names a variable it does not bind.
    init?(_ expression: FPCoreExpression, arguments: [String]) {
        slotCount = arguments.count
        slotIsBoolean = Array(repeating: false, count: arguments.count)
        var scope: [String: Int32] = [:]
        for (k, a) in arguments.enumerated() { scope[a] = Int32(k) }
        guard let r = compile(expression, scope) else { return nil }
        root = r
    }

    func child(_ node: Node, _ k: Int) -> Int { Int(children[Int(node.first) + k]) }

    private mutating func add(_ node: Node, _ kids: [Int]) -> Int {
        var n = node
        switch n.kind {
        case .literal: n.isBoolean = false
        case .constant: n.isBoolean = FPCoreConstant.allCases[Int(n.index)] == .true || FPCoreConstant.allCases[Int(n.index)] == .false
        case .variable: n.isBoolean = slotIsBoolean[Int(n.slot)]
        case .operation: n.isBoolean = n.op.isTest
        case .conditional: n.isBoolean = nodes[kids[1]].isBoolean
        case .binding, .cast, .annotation: n.isBoolean = nodes[kids.last!].isBoolean
        }
        n.first = Int32(children.count)
        n.count = Int32(kids.count)
        children += kids.map { Int32($0) }
        nodes.append(n)
        return nodes.count - 1
    }

    private mutating func compile(_ e: FPCoreExpression, _ scope: [String: Int32]) -> Int? {
        switch e {
        case .number(let n):
            literals.append(n)
            return add(Node(kind: .literal, index: Int32(literals.count - 1)), [])
        case .constant(let c):
            return add(Node(kind: .constant, index: Int32(FPCoreConstant.allCases.firstIndex(of: c)!)), [])
        case .variable(let name):
            guard let slot = scope[name] else { return nil }
            return add(Node(kind: .variable, slot: slot), [])
        case .operation(let op, let args):
            var kids: [Int] = []
            for a in args { guard let k = compile(a, scope) else { return nil }; kids.append(k) }
            return add(Node(kind: .operation, op: op), kids)
        case .conditional(let c, let t, let f):
            guard let a = compile(c, scope), let b = compile(t, scope), let d = compile(f, scope) else { return nil }
            return add(Node(kind: .conditional), [a, b, d])
        case .binding(let sequential, let names, let values, let body):
            let first = Int32(slotCount)
            slotCount += names.count
            slotIsBoolean += Array(repeating: false, count: names.count)
            var inner = scope, kids: [Int] = []
            for (k, (name, value)) in zip(names, values).enumerated() {
                guard let v = compile(value, sequential ? inner : scope) else { return nil }
                kids.append(v)
                slotIsBoolean[Int(first) + k] = nodes[v].isBoolean
                inner[name] = first + Int32(k)
            }
            guard let b = compile(body, inner) else { return nil }
            return add(Node(kind: .binding, slot: first, sequential: sequential), kids + [b])
        case .cast(let x):
            guard let k = compile(x, scope) else { return nil }
            return add(Node(kind: .cast), [k])
        case .annotation(let p, let x):
            guard let k = compile(x, scope) else { return nil }
            let i = add(Node(kind: .annotation), [k])
            precisions[i] = p
            return i
        }
    }
}
