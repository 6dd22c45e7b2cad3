import CMPFR
import EMLNumbers
import FPCore

/// The truth's first try for binary64: the compiled expression on double-double intervals, for the
/// programs built from +, −, ×, ÷, √, fma, |·|, comparisons and control flow only (most of FPBench).
/// It answers only when the intervals decide everything: every branch, every domain, and the one
/// double the result rounds to; anything else (an undecided comparison, a divisor near 0, a value out
/// of [2^−900, 2^900]) is nil, and Arb's Ziv loop takes the point from the start.
final class FastTruth {
    let program: CompiledExpression
    /// Each literal and constant node's interval, from Arb at 256 bits (hi = NaN: none).
    private let constants: UnsafeMutableBufferPointer<DoubleDoubleInterval>
    /// The nodes and child lists out of their arrays: walking them retains nothing.
    private let nodes: UnsafeMutableBufferPointer<CompiledExpression.Node>
    private let children: UnsafeMutableBufferPointer<Int32>
    private let slotIsBoolean: UnsafeMutableBufferPointer<Bool>

    static let supported: Set<FPCoreOperator> = [.add, .subtract, .multiply, .divide, .negate, .fabs, .sqrt, .fma,
                                                  .less, .greater, .lessEqual, .greaterEqual, .equal, .notEqual, .and, .or, .not]

    init?(_ program: CompiledExpression) {
        for node in program.nodes where node.kind == .operation && !Self.supported.contains(node.op) { return nil }
        self.program = program
        let table = FastTruth.intervals(program)
        constants = .allocate(capacity: max(1, table.count))
        for (k, c) in table.enumerated() { constants.initializeElement(at: k, to: c ?? DoubleDoubleInterval(hi: .nan, lo: 0, radius: 0)) }
        nodes = .allocate(capacity: max(1, program.nodes.count))
        _ = nodes.initialize(from: program.nodes)
        children = .allocate(capacity: max(1, program.children.count))
        _ = children.initialize(from: program.children)
        slotIsBoolean = .allocate(capacity: max(1, program.slotIsBoolean.count))
        _ = slotIsBoolean.initialize(from: program.slotIsBoolean)
        root = program.root
        slotCount = program.slotCount
    }

    deinit {
        constants.deallocate()
        nodes.deallocate()
        children.deallocate()
        slotIsBoolean.deallocate()
    }

    private let root: Int, slotCount: Int
    @inline(__always) private func child(_ node: CompiledExpression.Node, _ k: Int) -> Int { Int(children[Int(node.first) + k]) }

    /// Each literal and constant node's interval (nil for the other nodes).
    static func intervals(_ program: CompiledExpression) -> [DoubleDoubleInterval?] {
        let evaluator = RealEvaluator(program, precision: 256)
        return program.nodes.indices.map { i in
            let node = program.nodes[i]
            let ball: ArbPointer
            switch node.kind {
            case .literal:
                ball = _arb_vec_init(1)
                RealEvaluator.literal(program.literals[Int(node.index)], ball, 256)
            case .constant:
                let c = FPCoreConstant.allCases[Int(node.index)]
                guard c != .true, c != .false, c != .infinity, c != .nan else { return nil }
                ball = _arb_vec_init(1)
                do { try evaluator.constant(c, ball) } catch { _arb_vec_clear(ball, 1); return nil }
            default: return nil
            }
            defer { _arb_vec_clear(ball, 1) }
            return FastTruth.interval(ball)
        }
    }

    /// hi = RN(m), lo = RN(m − hi) for the ball's midpoint m, and a radius bounding the rest above.
    static func interval(_ ball: ArbPointer) -> DoubleDoubleInterval? {
        guard arb_is_finite(ball) != 0 else { return nil }
        let t: ArbPointer = _arb_vec_init(2)
        defer { _arb_vec_clear(t, 2) }
        let mid = ball.pointer(to: \.mid)!
        let hi = arf_get_d(mid, ARF_RND_NEAR)
        arb_set_d(t, hi)
        arb_sub(t, ball, t, 512)
        let lo = arf_get_d(t.pointer(to: \.mid)!, ARF_RND_NEAR)
        arb_set_d(t + 1, lo)
        arb_sub(t, t, t + 1, 512)
        let bound = UnsafeMutablePointer<arf_struct>.allocate(capacity: 1)
        arf_init(bound)
        defer { arf_clear(bound); bound.deallocate() }
        arb_get_abs_ubound_arf(bound, t, 64)
        let r = arf_get_d(bound, ARF_RND_UP)
        let out = DoubleDoubleInterval(hi: hi, lo: lo, radius: r)
        return out.inRange ? out : nil
    }

    /// The binary64 truth at exact inputs, if the intervals decide it.
    func rounded(_ values: [Double]) -> Double? {
        withSlots(values) { n, b in number(root, n, b)?.roundedToDouble }
    }

    /// Whether the boolean program holds at exact inputs, if the intervals decide it.
    func holds(_ values: [Double]) -> Bool? {
        withSlots(values) { n, b in boolean(root, n, b) }
    }

    typealias Numbers = UnsafeMutableBufferPointer<DoubleDoubleInterval>
    typealias Booleans = UnsafeMutableBufferPointer<Bool>

    func withSlots<R>(_ values: [Double], _ body: (Numbers, Booleans) -> R?) -> R? {
        let n = max(1, slotCount)
        return withUnsafeTemporaryAllocation(of: DoubleDoubleInterval.self, capacity: n) { numbers in
            withUnsafeTemporaryAllocation(of: Bool.self, capacity: n) { flags in
                for k in 0..<n { numbers.initializeElement(at: k, to: DoubleDoubleInterval(exactly: k < values.count ? values[k] : 0)) }
                for k in values.indices where !DoubleDoubleInterval(exactly: values[k]).inRange { return nil }
                return body(numbers, flags)
            }
        }
    }

    func bind(_ node: CompiledExpression.Node, _ n: Numbers, _ b: Booleans) -> Bool {
        for k in 0..<(Int(node.count) - 1) {
            let slot = Int(node.slot) + k, value = child(node, k)
            if slotIsBoolean[slot] {
                guard let v = boolean(value, n, b) else { return false }
                b[slot] = v
            } else {
                guard let v = number(value, n, b) else { return false }
                n[slot] = v
            }
        }
        return true
    }

    func number(_ i: Int, _ n: Numbers, _ b: Booleans) -> DoubleDoubleInterval? {
        let node = nodes[i]
        guard !node.isBoolean else { return nil }
        switch node.kind {
        case .literal, .constant: return constants[i].hi.isNaN ? nil : constants[i]
        case .variable: return n[Int(node.slot)]
        case .conditional:
            guard let c = boolean(child(node, 0), n, b) else { return nil }
            return number(child(node, c ? 1 : 2), n, b)
        case .binding:
            guard bind(node, n, b) else { return nil }
            return number(child(node, Int(node.count) - 1), n, b)
        case .cast, .annotation: return number(child(node, 0), n, b)
        case .operation:
            guard let x = number(child(node, 0), n, b) else { return nil }
            switch node.op {
            case .negate: return -x
            case .fabs: return x.hi < 0 ? -x : x
            case .sqrt: return x.squareRoot()
            default: break
            }
            guard let y = number(child(node, 1), n, b) else { return nil }
            switch node.op {
            case .add: return x + y
            case .subtract: return x - y
            case .multiply: return x * y
            case .divide: return x / y
            case .fma:
                guard let z = number(child(node, 2), n, b), let p = x * y else { return nil }
                return p + z
            default: return nil
            }
        }
    }

    func boolean(_ i: Int, _ n: Numbers, _ b: Booleans) -> Bool? {
        let node = nodes[i]
        guard node.isBoolean else { return nil }
        switch node.kind {
        case .constant: return FPCoreConstant.allCases[Int(node.index)] == .true
        case .variable: return b[Int(node.slot)]
        case .conditional:
            guard let c = boolean(child(node, 0), n, b) else { return nil }
            return boolean(child(node, c ? 1 : 2), n, b)
        case .binding:
            guard bind(node, n, b) else { return nil }
            return boolean(child(node, Int(node.count) - 1), n, b)
        case .cast, .annotation: return boolean(child(node, 0), n, b)
        case .literal: return nil
        case .operation: break
        }
        let count = Int(node.count)
        switch node.op {
        case .and:
            var all = true
            for k in 0..<count { guard let v = boolean(child(node, k), n, b) else { return nil }; if !v { all = false } }
            return all
        case .or:
            var any = false
            for k in 0..<count { guard let v = boolean(child(node, k), n, b) else { return nil }; if v { any = true } }
            return any
        case .not: return boolean(child(node, 0), n, b).map { !$0 }
        default: break
        }
        func compare(_ x: DoubleDoubleInterval, _ y: DoubleDoubleInterval) -> Int? {
            if x.radius == 0 && y.radius == 0 && x.hi == y.hi && x.lo == y.lo { return 0 }
            guard let d = x - y, let s = d.sign, s != 0 else { return nil }
            return s
        }
        if node.op == .notEqual {
            for i in 0..<count {
                for j in (i + 1)..<max(i + 1, count) {
                    guard let x = number(child(node, i), n, b), let y = number(child(node, j), n, b), let c = compare(x, y) else { return nil }
                    if c == 0 { return false }
                }
            }
            return true
        }
        guard var x = number(child(node, 0), n, b) else { return nil }
        for k in 1..<max(1, count) {
            guard let y = number(child(node, k), n, b), let c = compare(x, y) else { return nil }
            if !node.op.holds(ordering: c) { return false }
            x = y
        }
        return true
    }
}
