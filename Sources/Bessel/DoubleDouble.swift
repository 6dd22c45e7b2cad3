import CMPFR
import EMLNumbers

/// An unevaluated sum hi + lo of two doubles (|lo| ≤ ulp(hi)/2): about 106 bits, for the few sums in
/// the double kernels whose terms cancel (v·η = √(v²+x²) − v·asinh(v/x) loses up to 12 bits at
/// v = 10^4), so that the one rounding to double at the end is the only error that counts.
///
/// The operations are the "sloppy" ones (Dekker, Knuth; fma for exact products): their absolute
/// error is about 2^−104 of the larger operand, which is all the kernels need.
struct DoubleDouble: Sendable {
    var hi: Double
    var lo: Double

    @inline(__always) init(_ hi: Double, _ lo: Double = 0) { self.hi = hi; self.lo = lo }

    @inline(__always) var value: Double { hi + lo }

    /// a + b exactly, as hi + lo (Knuth's two-sum; no condition on the magnitudes).
    @inline(__always) static func twoSum(_ a: Double, _ b: Double) -> DoubleDouble {
        let s = a + b
        let bb = s - a
        return DoubleDouble(s, (a - (s - bb)) + (b - bb))
    }

    /// a + b exactly when |a| ≥ |b| (Dekker's fast two-sum).
    @inline(__always) static func fastTwoSum(_ a: Double, _ b: Double) -> DoubleDouble {
        let s = a + b
        return DoubleDouble(s, b - (s - a))
    }

    /// a·b exactly, with the fused multiply-add recovering the low half.
    @inline(__always) static func twoProduct(_ a: Double, _ b: Double) -> DoubleDouble {
        let p = a * b
        return DoubleDouble(p, (-p).addingProduct(a, b))
    }

    @inline(__always) static prefix func - (a: DoubleDouble) -> DoubleDouble { DoubleDouble(-a.hi, -a.lo) }

    @inline(__always) static func + (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
        let s = twoSum(a.hi, b.hi)
        return fastTwoSum(s.hi, s.lo + a.lo + b.lo)
    }

    @inline(__always) static func + (a: DoubleDouble, b: Double) -> DoubleDouble {
        let s = twoSum(a.hi, b)
        return fastTwoSum(s.hi, s.lo + a.lo)
    }

    @inline(__always) static func - (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble { a + (-b) }
    @inline(__always) static func - (a: DoubleDouble, b: Double) -> DoubleDouble { a + (-b) }

    @inline(__always) static func * (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
        let p = twoProduct(a.hi, b.hi)
        return fastTwoSum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi))
    }

    @inline(__always) static func * (a: DoubleDouble, b: Double) -> DoubleDouble {
        let p = twoProduct(a.hi, b)
        return fastTwoSum(p.hi, p.lo + a.lo * b)
    }

    /// a/b with one correction step: q₁ = a/b, then q₂ = (a − q₁b)/b.
    @inline(__always) static func / (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
        let q1 = a.hi / b.hi
        let r = a - b * q1
        return fastTwoSum(q1, r.hi / b.hi)
    }

    /// √a by one Newton step from the double root: s + (a − s²)/(2s), with s² exact by fma.
    @inline(__always) static func squareRoot(_ a: DoubleDouble) -> DoubleDouble {
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
    static func log(_ a: DoubleDouble) -> DoubleDouble {
        let exponent = a.hi.exponent
        let m = a.hi.significand  // in [1, 2)
        let index = Int((m - 1) * 128)
        let entry = LogTable.shared.entries[index]
        let r = (-1.0).addingProduct(m, entry.reciprocal)  // exact: see the table's comment
        let r2 = r * r
        // −r²/2 + r³/3 − … + r^11/11; the omitted r^12/12 < 2^−86.
        var tail = -1.0 / 11
        tail = tail * r + 1.0 / 10
        tail = tail * r - 1.0 / 9
        tail = tail * r + 1.0 / 8
        tail = tail * r - 1.0 / 7
        tail = tail * r + 1.0 / 6
        tail = tail * r - 1.0 / 5
        tail = tail * r + 1.0 / 4
        tail = tail * r - 1.0 / 3
        tail = tail * r + 1.0 / 2
        let e = Double(exponent)
        var sum = DoubleDouble.twoProduct(e, LogTable.ln2.hi) + e * LogTable.ln2.lo
        sum = sum + entry.logInverse
        sum = sum + r
        return sum + (a.lo / a.hi - r2 * tail)
    }

    static func log(_ a: Double) -> DoubleDouble { log(DoubleDouble(a)) }
}

/// −log(1/c) for the centres c of [1, 2) cut in 128 pieces, with 1/c rounded to 9 bits so that
/// m·(1/c) − 1 is a multiple of 2^−60 below 2^−7 in magnitude: exact in a double. Made once by MPFR.
struct LogTable: Sendable {
    struct Entry: Sendable { let reciprocal: Double; let logInverse: DoubleDouble }
    let entries: [Entry]

    static let shared = LogTable()
    static let ln2: DoubleDouble = {
        var x = BigReal(precision: 160)
        x.withMutablePointer { mpfr_const_log2($0, MPFR_RNDN) }
        return split(x)
    }()

    private init() {
        var entries: [Entry] = []
        for j in 0..<128 {
            let c = 1 + (Double(j) + 0.5) / 128
            let reciprocal = (256 / c).rounded() / 256
            var x = BigReal(reciprocal, precision: 160)
            x.withMutablePointer { mpfr_log($0, $0, MPFR_RNDN); mpfr_neg($0, $0, MPFR_RNDN) }
            entries.append(Entry(reciprocal: reciprocal, logInverse: LogTable.split(x)))
        }
        self.entries = entries
    }

    static func split(_ x: BigReal) -> DoubleDouble {
        let hi = x.doubleValue
        var rest = x
        rest.withMutablePointer { _ = mpfr_sub_d($0, $0, hi, MPFR_RNDN) }
        return DoubleDouble(hi, rest.doubleValue)
    }
}
