import EMLNumbers

extension FixedPoint {
    /// The logarithm's constants, rounded to the nearest ulp: log(1 + i/2^(7j)) for j = 1, 2, 3 and
    /// i < 128 (from `TabledLogarithm`'s 320-bit table), log 2, and 1/k below 1 ulp for the series.
    public struct LogarithmTables: Sendable {
        let levels: [FixedPoint]
        let logTwo: FixedPoint
        let reciprocals: [FixedPoint]

        /// From the generated limbs (`scripts/fixed_point_tables.py`): no MPFR at the first call.
        public init() {
            let entries = FixedPoint.entries(logarithmLimbs)
            levels = Array(entries.dropLast())
            logTwo = entries[entries.count - 1]
            reciprocals = (0...16).map { k in k == 0 ? .zero : FixedPoint.one.divided(by: UInt64(k)) }
        }

        /// The same constants rounded from MPFR's `log1p` at `precision` bits, for the tests.
        public init(computedAt precision: Int) {
            let table = TabledLogarithm.Table(precision: precision)
            levels = table.levels.flatMap { $0.map(FixedPoint.init) }
            logTwo = FixedPoint(table.logTwo)
            reciprocals = (0...16).map { k in k == 0 ? .zero : FixedPoint.one.divided(by: UInt64(k)) }
        }

        public var constants: [FixedPoint] { levels + [logTwo] }
    }

    /// Five limbs per entry, least significant first.
    static func entries(_ limbs: [UInt64]) -> [FixedPoint] {
        stride(from: 0, to: limbs.count, by: 5).map { i in
            var f = FixedPoint.zero
            for j in 0..<5 { f.limbs[j] = limbs[i + j] }
            return f
        }
    }

    static public let logarithmTables = LogarithmTables()

    /// 1/log 2 and 1/log 10 rounded to the nearest ulp (`FixedPointElementaryTests` checks them against MPFR).
    static public let inverseLogTwo = FixedPoint(limbs: [0x164a2cd9a3426490, 0xd6aef551bad2b4b1, 0x7d0ffda0d23a7d11, 0x71547652b82fe177, 1])
    static public let inverseLogTen = FixedPoint(limbs: [0x1d1f96a27bc7529e, 0x1f71a30122e4d101, 0x9aadd557d699ee19, 0x6f2dec549b9438ca, 0])

    /// log(m·2^e) for m ∈ [1, 2) (exact as given: an error δ in m adds δ), within 10 + |e|/2 ulp.
    ///
    /// Three exact-divisor reductions m ← m/(1 + i/2^(7j)) (one truncated division by the machine integer
    /// 2^(7j) + i each, ≤ 1 ulp, and the tabled log, ≤ ½) leave u = m − 1 < 2^−21; then
    /// log(1 + u) = u(1 − u(1/2 − u(1/3 − …))) to K terms with u^(K+1)/(K+1) < 2^−257, every partial sum
    /// in (0, 1] (no signs), each step 1/k (≤ 1 ulp) and a truncated product (≤ 4 ulp) with earlier
    /// errors shrunk by u. Sum: ½|e| (log 2) + 4½ (reductions) + 5 (series and its last product) + ½.
    static public func log(mantissa: FixedPoint, exponent e: Int) -> FixedPoint {
        let tables = logarithmTables
        var m = mantissa
        var sum = tables.logTwo.multiplied(by: UInt64(e.magnitude))
        if e < 0 { sum = -sum }
        for j in 1...3 {
            let i = Int((m.limbs[3] >> UInt64(64 - 7 * j)) & 127)
            guard i > 0 else { continue }
            m = m.shiftedLeft(by: 7 * j).divided(by: UInt64((1 << (7 * j)) + i))
            sum += tables.levels[128 * (j - 1) + i]
        }
        let u = m - one
        let top = u.leadingBit
        guard top >= 0 else { return sum }
        // u < 2^−g with g = 255 − top ≥ 21, so K + 1 = ⌈257/g⌉ terms leave less than 2^−257.
        let g = 255 - top
        let count = Swift.min((257 + g - 1) / g - 1, 16)
        var p = tables.reciprocals[count]
        var k = count - 1
        while k >= 1 {
            p = tables.reciprocals[k] - multiply(u, p)
            k -= 1
        }
        return sum + multiply(u, p)
    }
}
