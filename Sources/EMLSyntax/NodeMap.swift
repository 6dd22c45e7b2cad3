/// Values keyed by node identity: a short array searched in place for the few nodes of a typical line
/// (hashing each into a Dictionary cost more than the evaluation of `sin(2.5)` around it), a Dictionary past 32.
public struct NodeMap<Value> {
    @usableFromInline var few: [(node: ObjectIdentifier, value: Value)] = []
    @usableFromInline var many: [ObjectIdentifier: Value]? = nil

    @inlinable public init() {}

    @inlinable public var count: Int { many?.count ?? few.count }

    /// The value stored for `node`, if any.
    @inlinable public subscript(_ node: ObjectIdentifier) -> Value? {
        if let many { return many[node] }
        // Newest first: a parent's children were stored just before it.
        var k = few.count
        while k > 0 {
            k -= 1
            if few[k].node == node { return few[k].value }
        }
        return nil
    }

    /// Stores `value` for `node` unless it has one; false if it had.
    @inlinable @discardableResult
    public mutating func insert(_ node: ObjectIdentifier, _ value: Value) -> Bool {
        if many != nil {
            if many![node] != nil { return false }
            many![node] = value
            return true
        }
        if few.contains(where: { $0.node == node }) { return false }
        if few.isEmpty { few.reserveCapacity(8) }  // a typical line's nodes without regrowing from one
        few.append((node, value))
        if few.count > 32 {
            many = Dictionary(uniqueKeysWithValues: few.map { ($0.node, $0.value) })
            few = []
        }
        return true
    }
}
