#if arch(x86_64) || arch(i386)
import CMPFR
import EMLNumbers
import NumericKernels

/// log K_v(x) for x < 1 below Debye's reach, a point to a lane in double-double (each operation within
/// about 2^−100), where the x87 code runs one point at a time through four latency-bound chains:
///
///   Temme's series for K_μ and K_{μ+1}, μ = v − n with n = v rounded (`ExtendedSums.orderHalfK` has the
///   formulas), its first terms in double-double and those below 2^−11 of the sum in double;
///   then the upward recurrence in the scaled form L_j = K_{μ+j}·(x/2)^j,
///     L_{j+1} = (x/2)²·L_{j−1} + (μ + j)·L_j,  log K_v(x) = log L_n + n·log(2/x),
///   whose terms are positive (stable upward) and which neither divides nor overflows (L_j ~ Γ(μ + j)/2).
///
/// A lane's bits depend on its point alone: the batch kernel groups points by `orderClass` (n and the
/// number of double-double terms), and a scalar call runs the same kernel in two equal lanes.
enum TemmeLanes {
    /// Whether the kernel takes (v, x): 2^−1000 ≤ x < 1 (log x of a normal double), v ≥ 0, and v² + x²
    /// short of ρ₂₄² by 2^−40, so that Debye's code (which takes ρ ≥ ρ₂₄) never would. NaN fails.
    @inline(__always) static func accepts(_ v: Double, _ x: Double) -> Bool {
        x >= 0x1p-1000 && x < 1 && v >= 0 && v * v + x * x < constants.limit
    }

    /// 3n + m for n = v rounded (0 … 21) and m (0 … 2) the count of leading terms (x²/4)^k/(k!)² at least
    /// 2^−11, which the series takes in double-double (the rest, in double, then errs by under 2^−61 of
    /// the sum): the batch kernel's class of an accepted point.
    @inline(__always) static func orderClass(_ v: Double, _ x: Double) -> Int {
        let y = 0.25 * x * x
        let m = (y >= 0x1p-11 ? 1 : 0) + (y * y >= 4 * 0x1p-11 ? 1 : 0)  // y³/36 < 2^−11 for y < ¼
        return 3 * Int(v + 0.5) + m  // n = v rounded, halves up (v < 22)
    }

    static let classes = 3 * 22

    /// log K_v(x) at every lane, for lanes that `accepts` and whose `orderClass` is `orderClass`.
    @inline(__always) static func logK<V: DoubleLanes>(_ v: V, _ x: V, orderClass: Int) -> V {
        typealias D = DoubleDoubleLanes<V>
        let n = orderClass / 3, leading = orderClass % 3
        let constants = self.constants
        let mu = v - V(repeating: Double(n))  // exact: |μ| ≤ ½
        let w = D.twoProduct(mu, mu)
        let d = D(constants.ln2) - D.log(D(x))  // log(2/x): x/2 could be subnormal
        let e = d * mu
        let negative = 0 &- (e.hi.bits &>> 63)  // all ones where e < 0
        let a = select(negative, -e, e)
        let expA = exp(a, constants)
        let inverseExpA = reciprocal(expA)
        let coshA = scaled(expA + inverseExpA, 0.5)
        // sinh(a)/a: Taylor's series below ¼, where (e^a − e^−a)/(2a) would lose bits to cancellation.
        let square = D.twoProduct(a.hi, a.hi)
        let s2 = D.fastTwoSum(square.hi, square.lo + 2 * a.hi * a.lo)
        var tail = V(repeating: 1.0 / 1_307_674_368_000)  // 1/15!; s2⁷/15! < 2^−68 at s2 < 1/16
        tail = tail * s2.hi + 1.0 / 6_227_020_800
        tail = tail * s2.hi + 1.0 / 39_916_800
        tail = tail * s2.hi + 1.0 / 362_880
        tail = tail * s2.hi + 1.0 / 5040
        tail = tail * s2.hi + 1.0 / 120
        let taylor = (s2 * D(constants.sixth) + V(repeating: 1)) + s2.hi * s2.hi * tail
        let quotient = (expA - inverseExpA) / scaled(a, 2)
        let sinhcA = select(lessMask(a.hi, V(repeating: 0.25)), taylor, quotient)
        let expE = select(negative, inverseExpA, expA), inverseExpE = select(negative, expA, inverseExpA)

        // Γ(1 ± μ)/2 = (F₂ ± μF₁)/2, as both are (1/Γ(1+μ) + 1/Γ(1−μ))/2 ∓ … over Γ(1+μ)Γ(1−μ) = πμ/sin πμ:
        // the table's P_e and P_o are F₂/2 and F₁/2, and need not be read.
        let (f1, f2) = functions(w)
        var f = f1 * coshA + f2 * d * sinhcA
        var p = scaled(expE * (f2 + f1 * mu), 0.5)          // e^e·Γ(1+μ)/2
        var q = scaled(inverseExpE * (f2 - f1 * mu), 0.5)  // e^(−e)·Γ(1−μ)/2
        let half = 0.5 * x
        let y = D.twoProduct(half, half)
        var sum = f, sum1 = p
        if leading >= 1 { leadingStep(1, y, w, mu, &f, &p, &q, &sum, &sum1) }
        if leading >= 2 { leadingStep(2, y, w, mu, &f, &p, &q, &sum, &sum1) }
        // The rest in double, each lane until its terms fall below 2^−62 of its sum.
        let (rest, rest1) = doubleTail(first: leading + 1, y: y.hi, w: w.hi, mu: mu, bound: sum.hi * 0x1p-62, f: f.hi, p: p.hi, q: q.hi)
        sum = sum + rest
        sum1 = sum1 + rest1

        guard n > 0 else { return D.log(sum).value }
        var previous = sum, current = sum1
        var j = 1
        while j < n {
            let next = y * previous + current * D.twoSum(mu, V(repeating: Double(j)))
            previous = current
            current = next
            j += 1
        }
        return (D.log(current) + d * V(repeating: Double(n))).value
    }

    /// The series' terms from `first` on in double, each lane until its terms fall below `bound` (masked,
    /// so that its neighbours' longer series leave its bits alone): the sums of f_k and of p_k − k·f_k.
    @inline(never) static func doubleTail<V: DoubleLanes>(
        first: Int, y: V, w: V, mu: V, bound: V, f: V, p: V, q: V
    ) -> (V, V) {
        var fd = f, pd = p, qd = q, rest = V(), rest1 = V()
        var active = ~lessMask(absolute(fd) + absolute(pd) + absolute(qd), bound)
        var i = first
        while (active &>> 63).wrappedSum() != 0 && i <= 64 {
            let k = Double(i)
            let r = y / (k * (k * k - w))
            fd = (k * fd + pd + qd) * r
            pd = pd * ((k + mu) * r)
            qd = qd * ((k - mu) * r)
            rest += V(bits: fd.bits & active)
            rest1 += V(bits: (pd - k * fd).bits & active)
            active &= ~lessMask(absolute(fd) + absolute(pd) + absolute(qd), bound)
            i += 1
        }
        return (rest, rest1)
    }

    /// One term of Temme's series in double-double (`ExtendedSums.temmeStep`'s recurrences). Out of
    /// line: inlined, its twenty live vectors spill the whole kernel's registers (1.28× on x < 1).
    @inline(never) static func leadingStep<V: DoubleLanes>(
        _ i: Double, _ y: DoubleDoubleLanes<V>, _ w: DoubleDoubleLanes<V>, _ mu: V,
        _ f: inout DoubleDoubleLanes<V>, _ p: inout DoubleDoubleLanes<V>, _ q: inout DoubleDoubleLanes<V>,
        _ sum: inout DoubleDoubleLanes<V>, _ sum1: inout DoubleDoubleLanes<V>
    ) {
        typealias D = DoubleDoubleLanes<V>
        let k = V(repeating: i)
        let r = y / ((D(k * k) - w) * k)  // (y/i)/(i² − μ²)
        f = (f * k + p + q) * r
        p = p * (D.twoSum(k, mu) * r)
        q = q * (D.twoSum(k, -mu) * r)
        sum = sum + f
        sum1 = sum1 + (p - f * k)
    }

    /// All ones where a < b, zeros elsewhere, for a, b ≥ 0 and not NaN, which order as their bit patterns:
    /// integer lanes, since the generic comparisons leave the compiler branching lane by lane.
    @inline(__always) static func lessMask<V: DoubleLanes>(_ a: V, _ b: V) -> V.Bits { 0 &- ((a.bits &- b.bits) &>> 63) }

    /// a where m's lanes are all ones, b where zero.
    @inline(__always) static func select<V: DoubleLanes>(
        _ m: V.Bits, _ a: DoubleDoubleLanes<V>, _ b: DoubleDoubleLanes<V>
    ) -> DoubleDoubleLanes<V> {
        DoubleDoubleLanes(V(bits: a.hi.bits & m | b.hi.bits & ~m), V(bits: a.lo.bits & m | b.lo.bits & ~m))
    }

    @inline(__always) static func absolute<V: DoubleLanes>(_ a: V) -> V { V(bits: a.bits & 0x7FFF_FFFF_FFFF_FFFF) }

    @inline(__always) static func scaled<V: DoubleLanes>(_ a: DoubleDoubleLanes<V>, _ s: Double) -> DoubleDoubleLanes<V> {
        DoubleDoubleLanes(a.hi * s, a.lo * s)  // exact: s a power of two
    }

    /// 1/a by one correction step: q + q·(1 − a·q), with a·q exact.
    @inline(__always) static func reciprocal<V: DoubleLanes>(_ a: DoubleDoubleLanes<V>) -> DoubleDoubleLanes<V> {
        let q = V(repeating: 1) / a.hi
        let p = DoubleDoubleLanes.twoProduct(a.hi, q)
        let error = ((1 - p.hi) - p.lo) - a.lo * q
        return DoubleDoubleLanes.fastTwoSum(q, q * error)
    }

    /// e^a for 0 ≤ a < 2^9, relative error below 2^−66: a = k·(ln 2)/8 + r with |r| ≤ (ln 2)/16, then
    /// e^r = 1 + r + r²/2 (exact as a pair) + r³(1/3! + … + r⁷/10!) in double (below 2^−16, omitted
    /// r^11/11! < 2^−70), times 2^((k mod 8)/8) from a table and 2^(k div 8) exactly.
    @inline(__always) static func exp<V: DoubleLanes>(_ a: DoubleDoubleLanes<V>, _ c: Constants) -> DoubleDoubleLanes<V> {
        typealias D = DoubleDoubleLanes<V>
        let shifter = 0x1.8p52
        let shifted = a.hi * c.eighthsPerLn2 + shifter
        let k = shifted - shifter
        let r = D.twoSum(a.hi - k * c.ln2EighthHead, -(k * c.ln2EighthTail)) + a.lo  // the head product and difference exact
        let rh = r.hi
        var poly = V(repeating: 1.0 / 3_628_800)
        poly = poly * rh + 1.0 / 362_880
        poly = poly * rh + 1.0 / 40_320
        poly = poly * rh + 1.0 / 5040
        poly = poly * rh + 1.0 / 720
        poly = poly * rh + 1.0 / 120
        poly = poly * rh + 1.0 / 24
        poly = poly * rh + 1.0 / 6
        let square = D.twoProduct(rh, rh)
        let small = r.lo + r.lo * rh + rh * square.hi * poly
        let er = (D.fastTwoSum(V(repeating: 1), rh) + scaled(square, 0.5)) + small
        let index = shifted.bits & 0xFFFF  // k, below 2^13
        let (th, tl): (V, V) = gatherPowers(index & 7)
        let power = V(bits: ((index &>> 3) &+ 1023) &<< 52)
        let product = er * D(th, tl)
        return D(product.hi * power, product.lo * power)
    }

    @inline(never) static func gatherPowers<V: DoubleLanes>(_ index: V.Bits) -> (V, V) {
        var hi = V(), lo = V()
        let table = constants.twoToEighths
        for i in 0..<V.scalarCount {
            let j = Int(index[i])
            hi[i] = table[2 * j]
            lo[i] = table[2 * j + 1]
        }
        return (hi, lo)
    }

    /// `TemmeTable`'s F₁ and F₂ at w = μ² (a pair): a₀ + a₁t in double-double and t²·(a₂ + … + a₈t⁶) in
    /// double, which |t| ≤ 2^−8 keeps below 2^−14 of the value.
    @inline(__always) static func functions<V: DoubleLanes>(
        _ w: DoubleDoubleLanes<V>
    ) -> (DoubleDoubleLanes<V>, DoubleDoubleLanes<V>) {
        typealias D = DoubleDoubleLanes<V>
        return withUnsafeTemporaryAllocation(of: V.self, capacity: 23) { buffer in
            let c = buffer.baseAddress!
            gatherCoefficients(w.hi, into: c)
            let t = D.twoSum(w.hi, -c[22]) + w.lo
            let t2 = t.hi * t.hi
            return (polynomial(c, t, t2), polynomial(c + 11, t, t2))
        }
    }

    @inline(__always) static func polynomial<V: DoubleLanes>(
        _ o: UnsafeMutablePointer<V>, _ t: DoubleDoubleLanes<V>, _ t2: V
    ) -> DoubleDoubleLanes<V> {
        var s = o[10]
        s = s * t.hi + o[9]
        s = s * t.hi + o[8]
        s = s * t.hi + o[7]
        s = s * t.hi + o[6]
        s = s * t.hi + o[5]
        s = s * t.hi + o[4]
        return (DoubleDoubleLanes(o[0], o[1]) + DoubleDoubleLanes(o[2], o[3]) * t) + t2 * s
    }

    /// Each lane's piece of `TemmeTable.entries`, transposed: for F₁ and F₂ a₀ and a₁ (head, tail) and the
    /// heads of a₂ … a₈ (11 vectors each), then the pieces' centres.
    @inline(never) static func gatherCoefficients<V: DoubleLanes>(_ w: V, into out: UnsafeMutablePointer<V>) {
        let lanes = V.scalarCount
        let entries = TemmeTable.entries
        let columns = UnsafeMutableRawPointer(out).assumingMemoryBound(to: Double.self)
        for i in 0..<lanes {
            let j = min(Int(w[i] * Double(4 * TemmeTable.pieces)), TemmeTable.pieces - 1)
            columns[22 * lanes + i] = (Double(j) + 0.5) / Double(4 * TemmeTable.pieces)
            let piece = entries + 8 * TemmeTable.terms * j
            for f in 0..<2 {
                let row = piece + 2 * TemmeTable.terms * f
                let column = columns + 11 * lanes * f + i
                column[0] = row[0]
                column[lanes] = row[1]
                column[2 * lanes] = row[2]
                column[3 * lanes] = row[3]
                for k in 2..<TemmeTable.terms { column[(k + 2) * lanes] = row[2 * k] }
            }
        }
    }

    struct Constants: @unchecked Sendable {
        let limit: Double
        let ln2: DoubleDouble
        let sixth: DoubleDouble
        let eighthsPerLn2: Double
        /// (ln 2)/8 with a 40-bit head, so that k·head is exact for k < 2^13.
        let ln2EighthHead: Double, ln2EighthTail: Double
        /// 2^(j/8) for j < 8 as (head, tail) pairs.
        let twoToEighths: UnsafePointer<Double>
    }

    static let constants: Constants = {
        let rho = DebyeExpansion.tables.thresholds[DebyeExpansion.maximumTerms]
        let ln2 = LogTable.ln2
        let head = Double(bitPattern: (ln2.hi / 8).bitPattern & ~UInt64(0x1FFF))
        let tail = ((ln2 - head * 8) * 0.125).value
        let powers = UnsafeMutablePointer<Double>.allocate(capacity: 16)
        for j in 0..<8 {
            var x = BigReal(precision: 160)
            x.withMutablePointer { r in
                _ = mpfr_set_ui(r, UInt(j), MPFR_RNDN)
                _ = mpfr_div_2ui(r, r, 3, MPFR_RNDN)
                _ = mpfr_ui_pow(r, 2, r, MPFR_RNDN)
            }
            let pair = LogTable.split(x)
            powers[2 * j] = pair.hi
            powers[2 * j + 1] = pair.lo
        }
        return Constants(
            limit: rho * rho * (1 - 0x1p-40), ln2: ln2, sixth: DoubleDouble(1) / DoubleDouble(6),
            eighthsPerLn2: 8 / ln2.hi, ln2EighthHead: head, ln2EighthTail: tail, twoToEighths: UnsafePointer(powers))
    }()
}
#endif
