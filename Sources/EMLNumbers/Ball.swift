
import CMPFR

/// A real ball m ± r (Arb's `arb_t`): every operation returns a ball that contains the exact result
/// for every point of its operands, so a ball's width is a rigorous bound on the error of its midpoint.
///
/// Immutable once made: operations return new balls. Arb keeps exponents as arbitrary integers, so
/// a ball never overflows; `exceedsMPFRRange` tells where a value leaves what MPFR (and the printer) holds.
public final class Ball: @unchecked Sendable {
    public let pointer: UnsafeMutablePointer<arb_struct>

    init() {
        pointer = .allocate(capacity: 1)
        arb_init(pointer)
    }

    deinit {
        arb_clear(pointer)
        pointer.deallocate()
    }

    /// The ball `body` writes.
    public static func make(_ body: (UnsafeMutablePointer<arb_struct>) -> Void) -> Ball {
        let b = Ball()
        body(b.pointer)
        return b
    }

    /// The exact value of `x` (radius zero); ±∞ stay exact infinities.
    public convenience init(exactly x: BigReal) {
        self.init()
        x.withPointer { arf_set_mpfr(midpoint, $0) }
    }

    public convenience init(_ n: Int) {
        self.init()
        arb_set_si(pointer, n)
    }

    /// x ± 2^ulpsLog2 ulp(x) at x's precision when `exact` is false: the ball of a correctly rounded value
    /// (one ulp covers its half-ulp error), or of a faithful one with a wider `ulpsLog2`.
    public convenience init(rounded x: BigReal, exact: Bool, ulpsLog2: Int = 0) {
        self.init(exactly: x)
        if !exact && x.isFinite && !x.isZero { arb_add_error_2exp_si(pointer, x.exponent - x.precision + ulpsLog2) }
    }

    /// x exactly, widened by 2^errorExponent: a value with a proven absolute error bound.
    public convenience init(_ x: BigReal, errorExponent: Int) {
        self.init(exactly: x)
        arb_add_error_2exp_si(pointer, errorExponent)
    }

    public static func indeterminate() -> Ball { make { arb_indeterminate($0) } }
    public static func infinity(negative: Bool) -> Ball { make { negative ? arb_neg_inf($0) : arb_pos_inf($0) } }

    var midpoint: UnsafeMutablePointer<arf_struct> { pointer.pointer(to: \.mid)! }
    var radius: UnsafeMutablePointer<mag_struct> { pointer.pointer(to: \.rad)! }

    public var isExact: Bool { arb_is_exact(pointer) != 0 }
    public var isZero: Bool { arb_is_zero(pointer) != 0 }
    /// Finite midpoint and radius.
    public var isFinite: Bool { arb_is_finite(pointer) != 0 }
    /// An exact ±∞ (what 1/0 and ln 0 give).
    public var isExactInfinity: Bool { arf_is_inf(midpoint) != 0 && mag_is_zero(radius) != 0 }
    public var isNaN: Bool { arf_is_nan(midpoint) != 0 }
    public var containsZero: Bool { arb_contains_zero(pointer) != 0 }
    public var isPositive: Bool { arb_is_positive(pointer) != 0 }
    public var isNegative: Bool { arb_is_negative(pointer) != 0 }
    /// An exact integer.
    public var isInteger: Bool { arb_is_int(pointer) != 0 }

    /// Comparisons of every point of the ball with an integer (false where the ball straddles it).
    public func isGreater(than n: Int) -> Bool { compare(n) { arb_gt($0, $1) } }
    public func isLess(than n: Int) -> Bool { compare(n) { arb_lt($0, $1) } }
    public func isAtLeast(_ n: Int) -> Bool { compare(n) { arb_ge($0, $1) } }
    public func isAtMost(_ n: Int) -> Bool { compare(n) { arb_le($0, $1) } }

    func compare(_ n: Int, _ test: (UnsafeMutablePointer<arb_struct>, UnsafeMutablePointer<arb_struct>) -> Int32) -> Bool {
        let other = Ball(n)
        // The temporary must outlive the call that reads its pointer.
        return withExtendedLifetime(other) { test(pointer, other.pointer) != 0 }
    }

    /// The midpoint, exactly, as an MPFR number (±∞ and NaN as such).
    public var midpointValue: BigReal {
        var r = BigReal(precision: max(Int(arf_bits(midpoint)), 2))
        r.withMutablePointer { _ = arf_get_mpfr($0, midpoint, MPFR_RNDN) }
        return r
    }

    /// Lower and upper ends, rounded outward to `bits` bits.
    public func bounds(bits: Int) -> (lower: BigReal, upper: BigReal) {
        func end(_ get: (UnsafeMutablePointer<arf_struct>, UnsafePointer<arb_struct>, Int) -> Void, _ rnd: mpfr_rnd_t) -> BigReal {
            let a = UnsafeMutablePointer<arf_struct>.allocate(capacity: 1)
            arf_init(a)
            defer { arf_clear(a); a.deallocate() }
            get(a, pointer, bits)
            var r = BigReal(precision: max(bits, 2))
            r.withMutablePointer { _ = arf_get_mpfr($0, a, rnd) }
            return r
        }
        return (end({ arb_get_lbound_arf($0, $1, $2) }, MPFR_RNDD), end({ arb_get_ubound_arf($0, $1, $2) }, MPFR_RNDU))
    }

    /// k with |x| < 2^k for every x in the ball (Int.min for the exact zero, Int.max if unbounded).
    public var magnitudeExponent: Int {
        if isZero { return Int.min }
        guard isFinite else { return Int.max }
        return withUnsafeTemporaryAllocation(of: mag_struct.self, capacity: 1) { buffer in
            let m = buffer.baseAddress!
            mag_init(m)
            defer { mag_clear(m) }
            arb_get_mag(m, pointer)
            // mag values are below 2^exp; an exponent outside a machine word is beyond any printable value.
            let e = m.pointer(to: \.exp)!
            return fmpz_fits_si(e) != 0 ? fmpz_get_si(e) : Int.max
        }
    }

    /// Finite, with midpoint and radius exponents within ±2^40: far inside MPFR's range and every overflow
    /// bound, so `magnitudeExponent` and `exceedsMPFRRange` need not be asked (they allocate a mag).
    public var isModerate: Bool {
        guard isFinite else { return false }
        func small(_ e: UnsafeMutablePointer<fmpz>) -> Bool {
            guard fmpz_fits_si(e) != 0 else { return false }
            return Swift.abs(fmpz_get_si(e)) < 1 << 40
        }
        return (arf_is_zero(midpoint) != 0 || small(midpoint.pointer(to: \.exp)!)) && (mag_is_zero(radius) != 0 || small(radius.pointer(to: \.exp)!))
    }

    /// Whether some point of the ball lies beyond MPFR's exponent range (about 2^±4.6e18), where
    /// conversion to MPFR would overflow or underflow. Zero is in range.
    public var exceedsMPFRRange: Bool {
        guard isFinite else { return false }
        let top = Int(mpfr_get_emax_max()) - 1
        if arf_cmpabs_2exp_si(midpoint, top) >= 0 || mag_cmp_2exp_si(radius, top) >= 0 { return true }
        return arf_is_zero(midpoint) == 0 && arf_cmpabs_2exp_si(midpoint, Int(mpfr_get_emin_min()) + 1) < 0
    }
}

/// A complex ball (Arb's `acb_t`): a real ball for each part.
public final class ComplexBall: @unchecked Sendable {
    public let pointer: UnsafeMutablePointer<acb_struct>

    init() {
        pointer = .allocate(capacity: 1)
        acb_init(pointer)
    }

    deinit {
        acb_clear(pointer)
        pointer.deallocate()
    }

    public static func make(_ body: (UnsafeMutablePointer<acb_struct>) -> Void) -> ComplexBall {
        let z = ComplexBall()
        body(z.pointer)
        return z
    }

    public convenience init(real: Ball, imaginary: Ball) {
        self.init()
        acb_set_arb_arb(pointer, real.pointer, imaginary.pointer)
    }

    public var realPart: UnsafeMutablePointer<arb_struct> { pointer.pointer(to: \.real)! }
    public var imaginaryPart: UnsafeMutablePointer<arb_struct> { pointer.pointer(to: \.imag)! }
    public var real: Ball { Ball.make { arb_set($0, realPart) } }
    public var imaginary: Ball { Ball.make { arb_set($0, imaginaryPart) } }
    public var isExact: Bool { acb_is_exact(pointer) != 0 }
    public var isFinite: Bool { acb_is_finite(pointer) != 0 }
}
