import CMPFR
import EMLNumbers

/// An unevaluated sum hi + lo of two doubles (|lo| ≤ ulp(hi)/2): about 106 bits, for the few sums in
/// the double kernels whose terms cancel (v·η = √(v²+x²) − v·asinh(v/x) loses up to 12 bits at
/// v = 10^4), so that the one rounding to double at the end is the only error that counts.
/// The arithmetic is `DoubleDoubleLanes`', on one Double; what follows is what only the scalar code uses.
public typealias DoubleDouble = DoubleDoubleLanes<Double>

extension DoubleDoubleLanes where V == Double {
    /// √a by one Newton step from the double root: s + (a − s²)/(2s), with s² exact by fma.
    @inlinable @inline(__always) static public func squareRoot(_ a: DoubleDouble) -> DoubleDouble {
        let s = a.hi.squareRoot()
        guard s > 0 else { return DoubleDouble(s) }
        let exact = twoProduct(s, s)
        let r = ((a.hi - exact.hi) - exact.lo) + a.lo
        return fastTwoSum(s, r / (2 * s))
    }
}

extension DoubleDouble {
    /// log a for a > 0 (finite), with absolute error below 2^−66 + 2^−102·|log a|.
    ///
    /// log a = e·ln 2 + log(1/c) + log1p(r), where a = m·2^e, c ≈ m from a 128-entry table whose 1/c
    /// has 9 bits, so r = m·(1/c) − 1 is exact by one fma and |r| < 2^−7; log1p(r) = r + r²·P(r) with
    /// the tail in double (it is below 2^−15, so its rounding is below 2^−68).
    @inlinable @inline(__always) static public func log(_ a: DoubleDouble) -> DoubleDouble {
        var bits = a.hi.bitPattern
        var exponent = Int((bits >> 52) & 0x7FF) - 1023
        if exponent == -1023 {  // subnormal: renormalise
            bits = (a.hi * 0x1p54).bitPattern
            exponent = Int((bits >> 52) & 0x7FF) - 1023 - 54
        }
        let m = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)  // in [1, 2)
        let entry = LogTable.entries[Int((bits >> 45) & 0x7F)]
        // r = m·(1/c) − 1 exactly, as rh + rl: both products are exact (27 + 9 and 26 + 9 bits).
        let (mh, ml) = split(m)
        let rh = mh * entry.reciprocal - 1
        let rl = ml * entry.reciprocal
        let r = rh + rl
        // −r²/2 + r³/3 − … + r^11/11; the omitted r^12/12 < 2^−86. Estrin's pairs in powers of r²
        // instead of Horner's chain of nine: the logarithm waits on four multiply-adds, not ten.
        let r2 = r * r, r4 = r2 * r2
        let p0 = 1.0 / 2 - r * (1.0 / 3), p1 = 1.0 / 4 - r * (1.0 / 5), p2 = 1.0 / 6 - r * (1.0 / 7)
        let p3 = 1.0 / 8 - r * (1.0 / 9), p4 = 1.0 / 10 - r * (1.0 / 11)
        let tail = (p0 + r2 * p1) + r4 * ((p2 + r2 * p3) + r4 * p4)
        let e = Double(exponent)
        // e·ln2 exactly: ln2's head has 42 bits and |e| < 2^11.
        var sum = DoubleDouble(e * LogTable.ln2Head, e * LogTable.ln2Tail) + entry.logInverse
        sum = sum + rh
        return sum + (rl + a.lo / a.hi - r2 * tail)
    }

    static public func log(_ a: Double) -> DoubleDouble { log(DoubleDouble(a)) }

    /// hi + lo as an MPFR number of `precision` bits (exact at 128 unless over 75 bits separate them).
    public func bigReal(precision: Int) -> BigReal {
        var r = BigReal(hi, precision: precision)
        r.withMutablePointer { _ = mpfr_add_d($0, $0, lo, MPFR_RNDN) }
        return r
    }

    /// log a for a > 0 (finite, normal), with absolute error below 2^−72 + 2^−100·(|log a| + 1): `log`'s
    /// reduction, with log1p(r) = r − r²/2 + r³·P(r) and r²/2 exact (fma-free two-product), so that
    /// only the cubic tail (|r³/3| < 2^−22) is rounded in double; where 2^−66 is too coarse, as in
    /// the double-double certificate of log I at up to 64 bits.
    ///
    /// Error budget: the tail 4·2^−53 of 2^−22.5 (2^−73.5), its sum with −r_h·r_l and r_h²·r_l (2^−75),
    /// the omitted −r_h³·r_l and r^13/13 (2^−80), and the double-double sums (2^−100 of the largest part).
    static public func accurateLog(_ a: DoubleDouble) -> DoubleDouble {
        let bits = a.hi.bitPattern
        let exponent = Int((bits >> 52) & 0x7FF) - 1023
        let m = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)
        let entry = LogTable.entries[Int((bits >> 45) & 0x7F)]
        let (mh, ml) = split(m)
        let r = twoSum(mh * entry.reciprocal - 1, ml * entry.reciprocal)  // m/c − 1 exactly, |r| < 2^−7
        let square = twoProduct(r.hi, r.hi)
        // r³(1/3 − r/4 + … − r^9/12) in double; the omitted r^13/13 < 2^−94.
        var p = -1.0 / 12
        p = p * r.hi + 1.0 / 11
        p = p * r.hi - 1.0 / 10
        p = p * r.hi + 1.0 / 9
        p = p * r.hi - 1.0 / 8
        p = p * r.hi + 1.0 / 7
        p = p * r.hi - 1.0 / 6
        p = p * r.hi + 1.0 / 5
        p = p * r.hi - 1.0 / 4
        p = p * r.hi + 1.0 / 3
        let rh2 = r.hi * r.hi
        // −(2·r_h·r_l)/2 and the r³ term's 3·r_h²·r_l/3: the low part of r in the square and the cube.
        let small = rh2 * r.hi * p - r.hi * r.lo + rh2 * r.lo + a.lo / a.hi
        let e = Double(exponent)
        var sum = DoubleDouble(e * LogTable.ln2Head, e * LogTable.ln2Tail) + entry.logInverse
        sum = sum + (r - DoubleDouble(0.5 * square.hi, 0.5 * square.lo))
        return sum + small
    }
}

/// −log(1/c) for the centres c of [1, 2) cut in 128 pieces, with 1/c rounded to 9 bits so that
/// m·(1/c) − 1 is a multiple of 2^−60 below 2^−7 in magnitude: exact in a double. Made once by MPFR.
public enum LogTable {
    public struct Entry { public let reciprocal: Double; public let logInverse: DoubleDouble }

    /// The entries in a never-freed block, read without reference counting.
    nonisolated(unsafe) static public let entries: UnsafePointer<Entry> = {
        let p = UnsafeMutablePointer<Entry>.allocate(capacity: 128)
        for j in 0..<128 {
            let c = 1 + (Double(j) + 0.5) / 128
            let reciprocal = (256 / c).rounded() / 256
            var x = BigReal(reciprocal, precision: 160)
            x.withMutablePointer { mpfr_log($0, $0, MPFR_RNDN); mpfr_neg($0, $0, MPFR_RNDN) }
            (p + j).initialize(to: Entry(reciprocal: reciprocal, logInverse: split(x)))
        }
        return UnsafePointer(p)
    }()

    static public let ln2: DoubleDouble = {
        var x = BigReal(precision: 160)
        x.withMutablePointer { mpfr_const_log2($0, MPFR_RNDN) }
        return split(x)
    }()
    /// ln 2 = ln2Head + ln2Tail, the head cut to 42 bits so that e·ln2Head is exact for |e| < 2^11.
    static public let ln2Head = Double(bitPattern: ln2.hi.bitPattern & ~UInt64(0x7FF))
    static public let ln2Tail = (ln2 - ln2Head).value

    /// x as hi + lo, each rounded to nearest.
    static public func split(_ x: BigReal) -> DoubleDouble {
        let hi = x.doubleValue
        var rest = x
        rest.withMutablePointer { _ = mpfr_sub_d($0, $0, hi, MPFR_RNDN) }
        return DoubleDouble(hi, rest.doubleValue)
    }
}
