import CMPFR
import Foundation

/// An exact rational (GMP's `mpq_t`), for arithmetic on literals: 0.1·3 − 0.3 is exactly 0 and
/// 1 + 10^−100 − 1 exactly 10^−100, where any rounded working precision would need a ball to say so.
///
/// Kept only while cheap: numerator and denominator within `maximumBits` bits (a literal such as
/// 1e9995000059 has no exact form here; it is evaluated as a correctly rounded ball).
public final class Rational: @unchecked Sendable {
    public static let maximumBits = 1 << 16
    let value: UnsafeMutablePointer<__mpq_struct>

    init() {
        value = .allocate(capacity: 1)
        __gmpq_init(value)
    }

    deinit {
        __gmpq_clear(value)
        value.deallocate()
    }

    /// mantissa (digits in `radix`) × base^exponent, or nil where that is not cheap.
    public convenience init?(mantissa: String, radix: Int, base: Int, exponent: Int) {
        let bits = Double(mantissa.count) * log2(Double(radix)) + Double(abs(exponent)) * log2(Double(base))
        guard bits <= Double(Rational.maximumBits), radix >= 2, base >= 2 else { return nil }
        self.init()
        let num = value.pointer(to: \._mp_num)!, den = value.pointer(to: \._mp_den)!
        guard __gmpz_set_str(num, mantissa, Int32(radix)) == 0 else { return nil }
        let power = UnsafeMutablePointer<__mpz_struct>.allocate(capacity: 1)
        __gmpz_init(power)
        defer { __gmpz_clear(power); power.deallocate() }
        __gmpz_ui_pow_ui(power, UInt(base), UInt(abs(exponent)))
        if exponent >= 0 { __gmpz_mul(num, num, power) } else { __gmpz_set(den, power) }
        __gmpq_canonicalize(value)
    }

    public var isZero: Bool { value.pointee._mp_num._mp_size == 0 }

    /// Numerator and denominator in lowest terms of a rational ≥ 0 whose parts both fit in 63 bits, else
    /// nil: what the machine-integer kernels take (2.37 is 237/100).
    public var machineParts: (numerator: UInt64, denominator: UInt64)? {
        let num = value.pointer(to: \._mp_num)!, den = value.pointer(to: \._mp_den)!
        guard value.pointee._mp_num._mp_size >= 0, __gmpz_sizeinbase(num, 2) <= 63, __gmpz_sizeinbase(den, 2) <= 63 else { return nil }
        return (UInt64(__gmpz_get_ui(num)), UInt64(__gmpz_get_ui(den)))
    }

    /// Bits of numerator plus denominator.
    var bits: Int {
        Int(__gmpz_sizeinbase(value.pointer(to: \._mp_num)!, 2)) + Int(__gmpz_sizeinbase(value.pointer(to: \._mp_den)!, 2))
    }

    static func make(_ body: (UnsafeMutablePointer<__mpq_struct>) -> Void) -> Rational? {
        let r = Rational()
        body(r.value)
        return r.bits <= maximumBits ? r : nil
    }

    public static func + (a: Rational, b: Rational) -> Rational? { make { __gmpq_add($0, a.value, b.value) } }
    public static func - (a: Rational, b: Rational) -> Rational? { make { __gmpq_sub($0, a.value, b.value) } }
    public static func * (a: Rational, b: Rational) -> Rational? { make { __gmpq_mul($0, a.value, b.value) } }
    public static prefix func - (a: Rational) -> Rational { make { __gmpq_neg($0, a.value) }! }
    /// a/b; nil for b = 0 (the ball path reports it).
    public static func / (a: Rational, b: Rational) -> Rational? { b.isZero ? nil : make { __gmpq_div($0, a.value, b.value) } }

    /// a^n for an integer exponent n with |n| ≤ 4096 whose result stays cheap; nil otherwise.
    public func power(_ b: Rational) -> Rational? {
        let num = b.value.pointer(to: \._mp_num)!
        guard __gmpz_cmp_ui(b.value.pointer(to: \._mp_den)!, 1) == 0, __gmpz_sizeinbase(num, 2) <= 13 else { return nil }
        let n = __gmpz_get_si(num)
        guard abs(n) <= 4096, !(isZero && n < 0), Double(bits) * Double(abs(n)) <= Double(Rational.maximumBits) else { return nil }
        return Rational.make { r in
            __gmpz_pow_ui(r.pointer(to: \._mp_num)!, value.pointer(to: \._mp_num)!, UInt(abs(n)))
            __gmpz_pow_ui(r.pointer(to: \._mp_den)!, value.pointer(to: \._mp_den)!, UInt(abs(n)))
            if n < 0 { __gmpq_inv(r, r) }
        }
    }

    /// The ball of this rational at `precision` bits (exact where the value is a short enough dyadic).
    public func ball(precision: Int) -> Ball {
        Ball.make { r in
            let z = UnsafeMutablePointer<fmpz>.allocate(capacity: 2)
            fmpz_init(z); fmpz_init(z + 1)
            defer { fmpz_clear(z); fmpz_clear(z + 1); z.deallocate() }
            fmpz_set_mpz(z, value.pointer(to: \._mp_num)!)
            fmpz_set_mpz(z + 1, value.pointer(to: \._mp_den)!)
            arb_set_fmpz(r, z)
            arb_div_fmpz(r, r, z + 1, precision)
        }
    }
}

