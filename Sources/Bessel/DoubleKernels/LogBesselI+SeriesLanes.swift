#if arch(x86_64) || arch(i386)
import Foundation
import NumericKernels

/// log I_v(x) below Debye's reach, log I = v·log(x/2) − log Γ(1+v) + log S with S = Σ_k q^k/(k!(v+1)_k),
/// q = x²/4, a point to a lane: the prefactor's double-double logarithm, `LogGammaTable`'s polynomial
/// and log S run four points to a vector, where one point at a time they cost as much as the sum.
///
///   short class, q < (1+v)/2^7: the first term carries the tail (t₁ < 2^−7, each ratio below 2^−7/k),
///     so seven terms in double (omitting under 2^−71) and log1p's series (8 terms, c⁹/9 < 2^−66) do;
///   long class: the sum in x87 extended precision, lane by lane (`ExtendedSums.besselISeriesTail`:
///     each term carries the roundings of all ratios before it, which 11 more bits than double absorb),
///     then its double-double logarithm in lanes.
///
/// A lane's bits depend on its point alone: the batch kernel groups points by `seriesClass`, and a
/// scalar call runs the same code in two equal lanes.
enum BesselISeriesLanes {
    /// Whether the kernel takes (v, x): x ≥ 2^−479 (so that q ≥ 2^−960 stays normal in double), v ≥ 0,
    /// and v² + x² short of ρ₂₄² by 2^−40, where Debye's code never would. NaN fails.
    @inline(__always) static func accepts(_ v: Double, _ x: Double) -> Bool {
        x >= 0x1p-479 && v >= 0 && v * v + x * x < TemmeLanes.constants.limit
    }

    /// 0 (short) where q < (1 + v)/2^7, else 1 (long): the batch kernel's class of an accepted point.
    @inline(__always) static func seriesClass(_ v: Double, _ x: Double) -> Int {
        let q = (0.5 * x) * (0.5 * x)
        return q < (1 + v) * 0x1p-7 ? 0 : 1
    }

    static let classes = 2

    /// log I_v(x) at one accepted point, in two equal lanes, so that it has the batch kernel's bits.
    static func logI(_ v: Double, _ x: Double) -> Double {
        typealias D = DoubleDoubleLanes<SIMD2<Double>>
        let a = SIMD2(repeating: v), b = SIMD2(repeating: x)
        if seriesClass(v, x) == 0 { return logI(a, b, logSum: D(shortLogSum(a, b)))[0] }
        let (hi, lo) = longSum(v, x)
        return logI(a, b, logSum: log(D(SIMD2(repeating: hi), SIMD2(repeating: lo))))[0]
    }

    /// log I at four accepted points of one class.
    static func logI(_ v: SIMD4<Double>, _ x: SIMD4<Double>, seriesClass: Int) -> SIMD4<Double> {
        typealias D = DoubleDoubleLanes<SIMD4<Double>>
        if seriesClass == 0 { return logI(v, x, logSum: D(shortLogSum(v, x))) }
        var hi = SIMD4<Double>(), lo = SIMD4<Double>()
        for i in 0..<4 { (hi[i], lo[i]) = longSum(v[i], x[i]) }
        return logI(v, x, logSum: log(D(hi, lo)))
    }

    /// v·log(x/2) − log Γ(1+v) + log S, the order of `LogBessel.smallLogI`'s sum.
    @inline(__always) static func logI<V: DoubleLanes>(_ v: V, _ x: V, logSum: DoubleDoubleLanes<V>) -> V {
        typealias D = DoubleDoubleLanes<V>
        // log x − log 2: x/2 would be exact here, but this is the scalar path's form.
        let logHalfX = log(D(x)) - D(LogTable.ln2)
        return (logHalfX * v - logGammaOnePlus(v) + logSum).value
    }

    /// The lanes' double-double logarithm out of line: inlined twice into this kernel, its live values
    /// spill (+10–15%), where Debye's kernel runs faster with it inlined.
    @inline(never) static func log<V: DoubleLanes>(_ a: DoubleDoubleLanes<V>) -> DoubleDoubleLanes<V> {
        DoubleDoubleLanes.log(a)
    }

    /// log(1 + Σ_{k=1}^{7} t_k) for the short class: t₁ = q/(1+v) < 2^−7 and t_{k+1}/t_k < 2^−7/(k+1),
    /// so t₈ < 2^−71; the sum's roundings stay within a few ulp of t₁, and log1p's series, c − c²/2 + … −
    /// c⁸/8, leaves c⁹/9 < 2^−66.
    @inline(__always) static func shortLogSum<V: DoubleLanes>(_ v: V, _ x: V) -> V {
        let half = 0.5 * x
        let q = half * half
        var term = V(repeating: 1), sum = V()
        for i in 1...7 {
            let k = Double(i)
            term = term * (q / (k * (k + v)))  // the divisions lie off the product's chain
            sum += term
        }
        return V.log1pSmall(sum)
    }

    /// 1 + Σ_{k≥1} t_k for the long class as a double-double: the x87 sum, its 64 bits split in two.
    @inline(__always) static func longSum(_ v: Double, _ x: Double) -> (Double, Double) {
        let s = 1 + ExtendedSums.besselISeriesTail(v, x)
        let hi = Double(s)
        return (hi, Double(s - ExtendedSums.Extended(hi)))
    }

    /// `LogGammaTable.logGammaOnePlus` at every lane: the same polynomial in the same order.
    @inline(__always) static func logGammaOnePlus<V: DoubleLanes>(_ v: V) -> DoubleDoubleLanes<V> {
        typealias D = DoubleDoubleLanes<V>
        return withUnsafeTemporaryAllocation(of: V.self, capacity: 14) { buffer in
            let c = buffer.baseAddress!
            gatherLogGamma(v, into: c)
            let t = D.twoSum(v, -c[0])
            var s = c[13]
            s = s * t.hi + c[12]
            s = s * t.hi + c[11]
            s = s * t.hi + c[10]
            s = s * t.hi + c[9]
            s = s * t.hi + c[8]
            s = s * t.hi + c[7]
            s = s * t.hi + c[6]
            s = s * t.hi + c[5]
            return D(c[1], c[2]) + D(c[3], c[4]) * t + s * t.hi * t.hi
        }
    }

    /// Each lane's piece of `LogGammaTable`, transposed: centre, a₀ and a₁ (head, tail), a₂ … a₁₀.
    /// Out of line, as the logarithm's gather: inlined, the lane loads turn the caller scalar. Each
    /// vector is built in registers and stored whole: lane-sized stores read back as vectors would
    /// miss store forwarding.
    @inline(never) static func gatherLogGamma<V: DoubleLanes>(_ v: V, into out: UnsafeMutablePointer<V>) {
        let table = UnsafeRawPointer(LogGammaTable.entries).assumingMemoryBound(to: Double.self)
        let width = MemoryLayout<LogGammaTable.Piece>.stride / MemoryLayout<Double>.stride  // 14
        var rows = V.Bits()
        for i in 0..<V.scalarCount { rows[i] = UInt64(width * LogGammaTable.index(v[i])) }
        for j in 0..<width {
            var c = V()
            for i in 0..<V.scalarCount { c[i] = table[Int(rows[i]) + j] }
            out[j] = c
        }
    }
}
#endif
