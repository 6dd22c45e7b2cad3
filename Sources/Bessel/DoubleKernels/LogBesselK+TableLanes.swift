import NumericKernels
#if arch(x86_64) || arch(i386)
/// log K_v(x) for 1 ≤ x < 24 below Debye's reach, a point to a lane in double-double, where the x87 code
/// runs the recurrence one point at a time and its logarithm in scalar double-double:
///
///   K_μ = √(π/2)e^(−x)·B and K_{μ+1}/K_μ = 1 + μ/x + E from `BesselKTable` (μ = v − n, n = v rounded),
///   then the upward recurrence K_{μ+j+1} = K_{μ+j−1} + (2(μ+j)/x)·K_{μ+j} (DLMF 10.29.1, stable upward)
///   on K_{μ+j}/K_μ, which grows to at most K₂₁(1)/K₀(1) < 2^90, and log K_v = ½log(π/2) − x + log(B·K_v/K_μ).
///
/// A lane's bits depend on its point alone: the batch kernel groups points by n, and a scalar call runs
/// the same kernel in two equal lanes.
enum BesselKTableLanes {
    /// Whether the kernel takes (v, x): 1 ≤ x < 24 (the table's range), v ≥ 0, and v² + x² short of ρ₂₄²
    /// by 2^−40, where Debye's code never would. NaN fails.
    @inline(__always) static func accepts(_ v: Double, _ x: Double) -> Bool {
        x >= 1 && x < 24 && v >= 0 && v * v + x * x < TemmeLanes.constants.limit
    }

    /// n = v rounded, halves up (0 … 21): the batch kernel's class of an accepted point.
    @inline(__always) static func orderClass(_ v: Double) -> Int { Int(v + 0.5) }

    static let classes = 22

    /// log K_v(x) at one accepted point, in two equal lanes, so that it has the batch kernel's bits.
    static func logK(_ v: Double, _ x: Double) -> Double {
        logK(SIMD2(repeating: v), SIMD2(repeating: x), order: orderClass(v))[0]
    }

    /// log K_v(x) at every lane, for lanes that `accepts` and whose `orderClass` is `order`.
    @inline(__always) static func logK<V: DoubleLanes>(_ v: V, _ x: V, order n: Int) -> V {
        typealias D = DoubleDoubleLanes<V>
        let mu = v - V(repeating: Double(n))  // exact: |μ| ≤ ½
        let (b, e) = gatherTable(mu, x)
        let logScale = D(DebyeExpansion.halfLogHalfPi) - D(x)
        guard n > 0 else { return (logScale + D.log(b)).value }
        let twoOverX = D(V(repeating: 2)) / x
        var previous = D(V(repeating: 1)), current = (D(mu) / x + e) + V(repeating: 1)
        var j = 1
        while j < n {
            let next = previous + current * (D.twoSum(mu, V(repeating: Double(j))) * twoOverX)
            previous = current
            current = next
            j += 1
        }
        return (logScale + D.log(b * current)).value
    }

    /// Each lane's B and E from `BesselKTable`, normalised pairs, each vector built in registers.
    /// Out of line: inlined, the table's eight-lane polynomials crowd the recurrence's registers.
    @inline(never) static func gatherTable<V: DoubleLanes>(
        _ mu: V, _ x: V
    ) -> (DoubleDoubleLanes<V>, DoubleDoubleLanes<V>) {
        var bh = V(), bl = V(), eh = V(), el = V()
        for i in 0..<V.scalarCount {
            let (tb, te) = BesselKTable.evaluate(mu[i], x[i])
            let nb = DoubleDouble.fastTwoSum(tb.0, tb.1), ne = DoubleDouble.fastTwoSum(te.0, te.1)
            bh[i] = nb.hi; bl[i] = nb.lo; eh[i] = ne.hi; el[i] = ne.lo
        }
        return (DoubleDoubleLanes(bh, bl), DoubleDoubleLanes(eh, el))
    }
}
#endif
