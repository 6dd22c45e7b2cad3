import CMPFR
import EMLNumbers

/// A signed number with a 64-bit integer part and 256 fraction bits: five 64-bit limbs, least
/// significant first, read as one two's-complement integer times 2^−256.
///
/// The arithmetic of log I's certificate at 61–224 bits (`FixedPointLogI`). Each operation is a few
/// machine multiplications or divisions inline, where an MPFR call wraps the same few instructions in
/// 20–40 ns of thread-local flags, normalisation and allocation. Errors are absolute, in units of
/// 2^−256 (ulp), and each operation states its own; callers keep the sum.
public struct FixedPoint: Sendable {
    public var limbs: InlineArray<5, UInt64>

    static public let fractionBits = 256

    @inlinable @inline(__always) public init(limbs: InlineArray<5, UInt64>) { self.limbs = limbs }

    /// The integer n exactly.
    @inlinable @inline(__always) public init(integer n: Int) { limbs = [0, 0, 0, 0, UInt64(bitPattern: Int64(n))] }

    static public let zero = FixedPoint(integer: 0)
    static public let one = FixedPoint(integer: 1)

    /// u·2^shift exactly, for 0 ≤ shift and u·2^shift < 2^319 (u a machine integer).
    @inlinable @inline(__always) public init(_ u: UInt64, shiftedLeftBy shift: Int) {
        var l: InlineArray<5, UInt64> = [0, 0, 0, 0, 0]
        let word = shift >> 6, bit = shift & 63
        l[word] = u << UInt64(bit)
        if bit > 0 && word < 4 { l[word + 1] = u >> UInt64(64 - bit) }
        limbs = l
    }

    /// (hi·2^64 + lo)·2^shift exactly, for 0 ≤ shift and the value below 2^319.
    @inlinable @inline(__always) public init(high hi: UInt64, low lo: UInt64, shiftedLeftBy shift: Int) {
        var l: InlineArray<5, UInt64> = [0, 0, 0, 0, 0]
        let word = shift >> 6, bit = UInt64(shift & 63)
        l[word] = lo << bit
        if word + 1 < 5 { l[word + 1] = bit > 0 ? (hi << bit) | (lo >> (64 - bit)) : hi }
        if word + 2 < 5 && bit > 0 { l[word + 2] = hi >> (64 - bit) }
        limbs = l
    }

    /// A positive double exactly, for 2^−204 ≤ d < 2^62 (its 53 bits shifted into place): Newton's first guess.
    init(approximately d: Double) {
        self.init(UInt64(d.significandBitPattern | (1 << 52)), shiftedLeftBy: 256 + Int(d.exponent) - 52)
    }

    @inlinable @inline(__always) public var isNegative: Bool { limbs[4] >> 63 != 0 }

    /// Index of the highest non-zero limb of a non-negative value, −1 for zero.
    @inlinable @inline(__always) public var topLimb: Int {
        var i = 4
        while i >= 0 && limbs[i] == 0 { i -= 1 }
        return i
    }

    /// Position of the highest set bit of a positive value in the 320-bit integer (256 for values in [1, 2)).
    @inlinable @inline(__always) public var leadingBit: Int {
        let i = topLimb
        return i < 0 ? -1 : 64 * i + 63 - limbs[i].leadingZeroBitCount
    }

    /// The value as a double (rounded, for bounds and decisions only).
    public var doubleValue: Double {
        let m = isNegative ? -self : self
        var d = 0.0
        for i in 0..<5 { d += Double(m.limbs[i]) * Double(sign: .plus, exponent: 64 * i - 256, significand: 1) }
        return isNegative ? -d : d
    }

    /// a + b + carry modulo 2^320: the one carry chain behind +, − (a + ~b + 1) and negation.
    @inlinable @inline(__always) static public func sum(_ a: FixedPoint, _ b: FixedPoint, carry: UInt64) -> FixedPoint {
        var r = a
        var carry = carry
        for i in 0..<5 {
            let t = UInt128(a.limbs[i]) &+ UInt128(b.limbs[i]) &+ UInt128(carry)
            r.limbs[i] = UInt64(truncatingIfNeeded: t)
            carry = UInt64(truncatingIfNeeded: t >> 64)
        }
        return r
    }

    @inlinable @inline(__always) static public func + (a: FixedPoint, b: FixedPoint) -> FixedPoint { sum(a, b, carry: 0) }

    @inlinable @inline(__always) static public func - (a: FixedPoint, b: FixedPoint) -> FixedPoint {
        sum(a, FixedPoint(limbs: [~b.limbs[0], ~b.limbs[1], ~b.limbs[2], ~b.limbs[3], ~b.limbs[4]]), carry: 1)
    }

    @inlinable @inline(__always) static prefix public func - (a: FixedPoint) -> FixedPoint { zero - a }

    @inlinable @inline(__always) static public func += (a: inout FixedPoint, b: FixedPoint) { a = a + b }

    /// a·b for a, b ≥ 0 with a·b < 2^63, truncated: within [−4, 0] ulp of the exact product.
    ///
    /// Of the 10-limb product only limbs 4…8 are kept; the partial products below limb 3 are not formed
    /// (together below 3 ulp + 2^−63) and limb 3's own sum is dropped after its carries (below 1 ulp).
    /// Written out row by row (19 products), each step x·y + r + c in 128 bits, which cannot overflow:
    /// no branches on carries, and no products of a's top limbs where they are zero (small terms, u < 2^−21).
    @inlinable @inline(__always) static public func multiply(_ a: FixedPoint, _ b: FixedPoint) -> FixedPoint {
        let a0 = a.limbs[0], a1 = a.limbs[1], a2 = a.limbs[2], a3 = a.limbs[3], a4 = a.limbs[4]
        let b0 = b.limbs[0], b1 = b.limbs[1], b2 = b.limbs[2], b3 = b.limbs[3], b4 = b.limbs[4]
        var r3: UInt64 = 0, r4: UInt64 = 0, r5: UInt64 = 0, r6: UInt64 = 0, r7: UInt64 = 0, r8: UInt64 = 0
        @inline(__always) func step(_ x: UInt64, _ y: UInt64, _ r: inout UInt64, _ c: inout UInt64) {
            let t = UInt128(x) &* UInt128(y) &+ UInt128(r) &+ UInt128(c)
            r = UInt64(truncatingIfNeeded: t)
            c = UInt64(truncatingIfNeeded: t >> 64)
        }
        var c: UInt64 = 0
        step(a0, b3, &r3, &c); step(a0, b4, &r4, &c); r5 = c
        c = 0; step(a1, b2, &r3, &c); step(a1, b3, &r4, &c); step(a1, b4, &r5, &c); r6 = c
        c = 0; step(a2, b1, &r3, &c); step(a2, b2, &r4, &c); step(a2, b3, &r5, &c); step(a2, b4, &r6, &c); r7 = c
        if a3 != 0 || a4 != 0 {
            c = 0; step(a3, b0, &r3, &c); step(a3, b1, &r4, &c); step(a3, b2, &r5, &c); step(a3, b3, &r6, &c)
            step(a3, b4, &r7, &c); r8 = c
        }
        if a4 != 0 {
            c = 0; step(a4, b0, &r4, &c); step(a4, b1, &r5, &c); step(a4, b2, &r6, &c); step(a4, b3, &r7, &c)
            step(a4, b4, &r8, &c)
        }
        return FixedPoint(limbs: [r4, r5, r6, r7, r8])
    }

    /// a·m exactly for a ≥ 0 and a·m < 2^63.
    @inlinable @inline(__always) public func multiplied(by m: UInt64) -> FixedPoint {
        var r = self
        var carry: UInt64 = 0
        for i in 0..<5 {
            let (h, l) = limbs[i].multipliedFullWidth(by: m)
            let (s, o) = l.addingReportingOverflow(carry)
            r.limbs[i] = s
            carry = h &+ (o ? 1 : 0)
        }
        return r
    }

    /// ⌊a·m/2^shift⌋ for a ≥ 0, m a machine integer and 0 ≤ shift < 128, the quotient below 2^63:
    /// within 1 ulp (the product is formed exactly in six limbs before the shift).
    @inlinable @inline(__always) public func multiplied(by m: UInt64, shiftedRightBy shift: Int) -> FixedPoint {
        var wide: InlineArray<7, UInt64> = [0, 0, 0, 0, 0, 0, 0]
        var carry: UInt64 = 0
        for i in 0..<5 {
            let (h, l) = limbs[i].multipliedFullWidth(by: m)
            let (s, o) = l.addingReportingOverflow(carry)
            wide[i] = s
            carry = h &+ (o ? 1 : 0)
        }
        wide[5] = carry
        let word = shift >> 6, bit = UInt64(shift & 63)
        var r = FixedPoint.zero
        for i in 0..<5 {
            let lo = wide[i + word], hi = wide[i + word + 1]
            r.limbs[i] = bit == 0 ? lo : (lo >> bit) | (hi << (64 - bit))
        }
        return r
    }

    /// ⌊a/d⌋ in ulps for a ≥ 0 and d > 0: within 1 ulp.
    @inlinable @inline(__always) public func divided(by d: UInt64) -> FixedPoint { divided(by: d, shiftedLeftBy: 0) }

    /// ⌊a·2^shift/d⌋ in ulps for a ≥ 0, 0 ≤ shift < 64 and d > 0 with the quotient below 2^63: within 1 ulp.
    ///
    /// Schoolbook division of the numerator's limbs by the normalised divisor with its precomputed
    /// reciprocal (Möller and Granlund, "Improved division by invariant integers", 2011): one 128-by-64
    /// division for the reciprocal, then two multiplications per limb, where a hardware or library
    /// division per limb costs several times more. Leading limbs below the divisor skip their step.
    @inlinable @inline(__always) public func divided(by d: UInt64, shiftedLeftBy shift: Int) -> FixedPoint {
        let norm = d.leadingZeroBitCount
        let dn = d << UInt64(norm)
        let v = dn.dividingFullWidth((~dn, .max)).quotient  // ⌊(2^128 − 1)/dn⌋ − 2^64
        let total = shift + norm  // the numerator a·2^total over dn: the same quotient
        let word = total >> 6, bit = UInt64(total & 63)
        let a0 = limbs[0], a1 = limbs[1], a2 = limbs[2], a3 = limbs[3], a4 = limbs[4]
        @inline(__always) func source(_ i: Int) -> UInt64 {
            switch i { case 0: a0; case 1: a1; case 2: a2; case 3: a3; case 4: a4; default: 0 }
        }
        // Limb i of a·2^total; smart shifts make the bit = 0 case come out right.
        @inline(__always) func numerator(_ i: Int) -> UInt64 { (source(i - word) << bit) | (source(i - word - 1) >> (64 - bit)) }
        var remainder = numerator(5)  // below dn, as the quotient fits in five limbs
        @inline(__always) func step(_ u0: UInt64) -> UInt64 {
            let u1 = remainder
            if u1 == 0 && u0 < dn { remainder = u0; return 0 }
            let q = UInt128(v) &* UInt128(u1) &+ (UInt128(u1 &+ 1) << 64 | UInt128(u0))
            var q1 = UInt64(truncatingIfNeeded: q >> 64)
            let q0 = UInt64(truncatingIfNeeded: q)
            var r = u0 &- q1 &* dn
            let mask = r > q0 ? UInt64.max : 0  // without a branch: taken about half the time
            q1 &+= mask
            r &+= mask & dn
            if r >= dn { q1 &+= 1; r &-= dn }  // rare
            remainder = r
            return q1
        }
        let q4 = step(numerator(4)), q3 = step(numerator(3)), q2 = step(numerator(2))
        let q1 = step(numerator(1)), q0 = step(numerator(0))
        return FixedPoint(limbs: [q0, q1, q2, q3, q4])
    }

    /// a·2^shift for a ≥ 0 (exact while it stays below 2^63).
    @inlinable @inline(__always) public func shiftedLeft(by shift: Int) -> FixedPoint {
        guard shift > 0 else { return self }
        let word = shift >> 6, bit = UInt64(shift & 63)
        var r = FixedPoint.zero
        var i = 4
        while i >= word {
            let lo = limbs[i - word], below = i - word > 0 ? limbs[i - word - 1] : 0
            r.limbs[i] = (lo << bit) | (below >> (64 - bit))  // smart shifts: bit = 0 works
            i -= 1
        }
        return r
    }

    /// ⌊a/2^shift⌋ for a ≥ 0: within 1 ulp.
    @inlinable @inline(__always) public func shiftedRight(by shift: Int) -> FixedPoint {
        guard shift > 0 else { return self }
        let word = shift >> 6, bit = UInt64(shift & 63)
        var r = FixedPoint.zero
        if word >= 5 { return r }
        for i in 0..<(5 - word) {
            let lo = limbs[i + word], above = i + word + 1 < 5 ? limbs[i + word + 1] : 0
            r.limbs[i] = bit == 0 ? lo : (lo >> bit) | (above << (64 - bit))
        }
        return r
    }
}

extension FixedPoint {
    /// x rounded to the nearest multiple of 2^−256, for finite |x| < 2^62 (for tables: not fast).
    public init(_ x: BigReal) {
        precondition(x.isFinite && (x.isZero || x.exponent <= 62))
        var scaled = BigReal(precision: Swift.max(x.precision, 64) + 320)
        scaled.withMutablePointer { s in
            x.withPointer { _ = mpfr_mul_2ui(s, $0, 256, MPFR_RNDN) }
            _ = mpfr_rint(s, s, MPFR_RNDN)
            _ = mpfr_abs(s, s, MPFR_RNDN)
        }
        var magnitude = FixedPoint.zero
        // Peel off 64-bit limbs from the top: the integer |x|·2^256 < 2^318 is exact at this precision.
        scaled.withMutablePointer { s in
            var limb = BigReal(precision: 64)
            limb.withMutablePointer { l in
                for i in stride(from: 4, through: 0, by: -1) {
                    _ = mpfr_div_2ui(s, s, UInt(64 * i), MPFR_RNDN)
                    _ = mpfr_rint_floor(l, s, MPFR_RNDN)
                    magnitude.limbs[i] = UInt64(mpfr_get_ui(l, MPFR_RNDN))
                    _ = mpfr_sub(s, s, l, MPFR_RNDN)
                    _ = mpfr_mul_2ui(s, s, UInt(64 * i), MPFR_RNDN)
                }
            }
        }
        self = x.isNegative ? -magnitude : magnitude
    }

    /// The value exactly, as a 320-bit MPFR number.
    public var bigReal: BigReal {
        let m = isNegative ? -self : self
        var r = BigReal(0, precision: 320)
        r.withMutablePointer { r in
            var limb = BigReal(precision: 64)
            limb.withMutablePointer { l in
                for i in 0..<5 where m.limbs[i] != 0 {
                    _ = mpfr_set_ui_2exp(l, UInt(m.limbs[i]), 64 * i - 256, MPFR_RNDN)
                    _ = mpfr_add(r, r, l, MPFR_RNDN)
                }
            }
            if isNegative { _ = mpfr_neg(r, r, MPFR_RNDN) }
        }
        return r
    }
}
