/// SIMD vectors of doubles whose lanes the batch kernels can take apart bit by bit (the logarithm's
/// exponent and table index).
public protocol DoubleLanes: SIMD, DoubleDoubleComponent where Scalar == Double {
    associatedtype Bits: SIMD where Bits.Scalar == UInt64
}

extension SIMD2: DoubleLanes where Scalar == Double { public typealias Bits = SIMD2<UInt64> }
extension SIMD4: DoubleLanes where Scalar == Double { public typealias Bits = SIMD4<UInt64> }
extension SIMD8: DoubleLanes where Scalar == Double { public typealias Bits = SIMD8<UInt64> }

extension DoubleLanes {
    @inlinable @inline(__always) public var bits: Bits { unsafeBitCast(self, to: Bits.self) }
    @inlinable @inline(__always) public init(bits: Bits) { self = unsafeBitCast(bits, to: Self.self) }

    /// log(1 + c) for |c| ≤ 2^−7 by its series c − c²/2 + … − c⁸/8, which leaves c⁹/9 < 2^−66; the
    /// part past c rounds below 2^−60 of the value (Debye's correction, log I's short series).
    @inlinable @inline(__always) static public func log1pSmall(_ c: Self) -> Self {
        var l = Self(repeating: -1.0 / 8)
        l = l * c + 1.0 / 7
        l = l * c - 1.0 / 6
        l = l * c + 1.0 / 5
        l = l * c - 1.0 / 4
        l = l * c + 1.0 / 3
        l = l * c - 1.0 / 2
        return c + c * c * l
    }
}

/// What a double-double's parts can be: a Double (one point; `DoubleDouble`) or SIMD lanes of them
/// (one point per lane), with the arithmetic the error-free transformations use.
public protocol DoubleDoubleComponent {
    init()
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    static func / (a: Self, b: Self) -> Self
    static func * (a: Double, b: Self) -> Self
    static prefix func - (a: Self) -> Self
}

extension Double: DoubleDoubleComponent {}
extension SIMD2: DoubleDoubleComponent where Scalar == Double {}
extension SIMD4: DoubleDoubleComponent where Scalar == Double {}
extension SIMD8: DoubleDoubleComponent where Scalar == Double {}

/// The one double-double type: an unevaluated sum hi + lo, on a Double (`DoubleDouble`, the scalar
/// kernels and certificates) or on SIMD lanes, one point per lane. One definition of each operation, so
/// that a lane computes bit for bit what the scalar code would, while one instruction serves every
/// lane (the batch kernels are latency-bound point by point: lanes turn latency into throughput).
///
/// The operations are the "sloppy" ones (Dekker, Knuth): their absolute error is about 2^−104 of the
/// larger operand, which is all the kernels need.
public struct DoubleDoubleLanes<V: DoubleDoubleComponent> {
    public var hi: V
    public var lo: V

    @inlinable @inline(__always) public init(_ hi: V, _ lo: V = V()) { self.hi = hi; self.lo = lo }

    @inlinable @inline(__always) public var value: V { hi + lo }

    @inlinable @inline(__always) static public func twoSum(_ a: V, _ b: V) -> Self {
        let s = a + b
        let bb = s - a
        return Self(s, (a - (s - bb)) + (b - bb))
    }

    @inlinable @inline(__always) static public func fastTwoSum(_ a: V, _ b: V) -> Self {
        let s = a + b
        return Self(s, b - (s - a))
    }

    /// a·b exactly by Dekker's splitting (baseline x86-64 has no fused multiply-add).
    @inlinable @inline(__always) static public func twoProduct(_ a: V, _ b: V) -> Self {
        let p = a * b
        let (ah, al) = split(a), (bh, bl) = split(b)
        return Self(p, ((ah * bh - p) + ah * bl + al * bh) + al * bl)
    }

    @inlinable @inline(__always) static public func split(_ a: V) -> (V, V) {
        let c = 134_217_729 * a  // 2^27 + 1
        let hi = c - (c - a)
        return (hi, a - hi)
    }

    @inlinable @inline(__always) static prefix public func - (a: Self) -> Self { Self(-a.hi, -a.lo) }

    @inlinable @inline(__always) static public func + (a: Self, b: Self) -> Self {
        let s = twoSum(a.hi, b.hi)
        return fastTwoSum(s.hi, s.lo + a.lo + b.lo)
    }

    @inlinable @inline(__always) static public func + (a: Self, b: V) -> Self {
        let s = twoSum(a.hi, b)
        return fastTwoSum(s.hi, s.lo + a.lo)
    }

    @inlinable @inline(__always) static public func - (a: Self, b: Self) -> Self { a + (-b) }
    @inlinable @inline(__always) static public func - (a: Self, b: V) -> Self { a + (-b) }

    @inlinable @inline(__always) static public func * (a: Self, b: V) -> Self {
        let p = twoProduct(a.hi, b)
        return fastTwoSum(p.hi, p.lo + a.lo * b)
    }

    @inlinable @inline(__always) static public func * (a: Self, b: Self) -> Self {
        let p = twoProduct(a.hi, b.hi)
        return fastTwoSum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi))
    }

    /// a/b with one correction step, as `DoubleDouble./`.
    @inlinable @inline(__always) static public func / (a: Self, b: Self) -> Self {
        let q1 = a.hi / b.hi
        let r = a - b * q1
        return fastTwoSum(q1, r.hi / b.hi)
    }

    /// a/b with one correction step, as `DoubleDouble./` for a double divisor.
    @inlinable @inline(__always) static public func / (a: Self, b: V) -> Self {
        let q1 = a.hi / b
        let r = a - twoProduct(q1, b)
        return fastTwoSum(q1, r.hi / b)
    }

}

extension DoubleDoubleLanes: Sendable where V: Sendable {}

extension DoubleDoubleLanes where V: DoubleLanes {
    @inlinable @inline(__always) public init(_ a: DoubleDouble) { hi = V(repeating: a.hi); lo = V(repeating: a.lo) }

    /// √a by one Newton step from the double root, for a > 0.
    @inlinable @inline(__always) static public func squareRoot(_ a: Self) -> Self {
        let s = a.hi.squareRoot()
        let exact = twoProduct(s, s)
        let r = ((a.hi - exact.hi) - exact.lo) + a.lo
        return fastTwoSum(s, r / (2 * s))
    }

    /// `LogTable`'s entries at each lane's index, out of line: inlined, the lane loads lead the compiler
    /// to turn the whole logarithm into scalar code lane by lane.
    @inlinable @inline(never) static public func gather(_ index: V.Bits) -> (V, V, V) {
        var reciprocal = V(), inverseHi = V(), inverseLo = V()
        let entries = LogTable.entries
        for i in 0..<V.scalarCount {
            let entry = entries[Int(index[i])]
            reciprocal[i] = entry.reciprocal
            inverseHi[i] = entry.logInverse.hi
            inverseLo[i] = entry.logInverse.lo
        }
        return (reciprocal, inverseHi, inverseLo)
    }

    /// log a for positive normal finite lanes: `DoubleDouble.log`'s reduction and polynomial (absolute
    /// error below 2^−66 + 2^−102·|log a|), the table read lane by lane.
    @inlinable @inline(__always) static public func log(_ a: Self) -> Self {
        let bits = a.hi.bits
        // The biased exponent as a double, by the 2^52 trick (no integer-to-double conversion in SSE2).
        let biased = V(bits: (bits &>> 52) & 0x7FF | 0x4330_0000_0000_0000)
        let e = biased - (0x1p52 + 1023)
        let m = V(bits: bits & 0x000F_FFFF_FFFF_FFFF | 0x3FF0_0000_0000_0000)
        let index = (bits &>> 45) & 0x7F
        let (reciprocal, inverseHi, inverseLo) = gather(index)
        let (mh, ml) = split(m)
        let rh = mh * reciprocal - 1
        let rl = ml * reciprocal
        let r = rh + rl
        // Estrin's pairs, as in `DoubleDouble.log`.
        let r2 = r * r, r4 = r2 * r2
        let p0 = 1.0 / 2 - r * (1.0 / 3), p1 = 1.0 / 4 - r * (1.0 / 5), p2 = 1.0 / 6 - r * (1.0 / 7)
        let p3 = 1.0 / 8 - r * (1.0 / 9), p4 = 1.0 / 10 - r * (1.0 / 11)
        let tail = (p0 + r2 * p1) + r4 * ((p2 + r2 * p3) + r4 * p4)
        var sum = Self(e * LogTable.ln2Head, e * LogTable.ln2Tail) + Self(inverseHi, inverseLo)
        sum = sum + rh
        return sum + (rl + a.lo / a.hi - r2 * tail)
    }
}
