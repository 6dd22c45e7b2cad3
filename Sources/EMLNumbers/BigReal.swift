import CMPFR

/// An arbitrary precision binary floating-point number: a copy-on-write owner of one MPFR value.
///
/// Every operation takes the precision of its result explicitly; nothing reads a global default.
public struct BigReal: @unchecked Sendable {
    /// The MPFR header and its limbs in one heap block (MPFR's custom interface): one allocation per
    /// value where `mpfr_init2` in a class would take three. Precision is fixed for the value's life.
    final class Storage: ManagedBuffer<__mpfr_struct, mp_limb_t> {
        var pointer: UnsafeMutablePointer<__mpfr_struct> { withUnsafeMutablePointerToHeader { $0 } }

        static func make(precision: Int) -> Storage {
            let p = mpfr_prec_t(precision)
            let limbs = (mpfr_custom_get_size(p) + MemoryLayout<mp_limb_t>.stride - 1) / MemoryLayout<mp_limb_t>.stride
            let storage = unsafeDowncast(Storage.create(minimumCapacity: limbs) { _ in __mpfr_struct() }, to: Storage.self)
            storage.withUnsafeMutablePointers { header, limbs in
                mpfr_custom_init(limbs, p)
                mpfr_custom_init_set(header, Int32(MPFR_NAN_KIND.rawValue), 0, p, limbs)
            }
            return storage
        }
    }

    var storage: Storage

    /// A NaN of the given precision (MPFR's initial value), to be overwritten.
    public init(precision: Int) { storage = Storage.make(precision: precision) }

    public init(_ value: Int, precision: Int) {
        self.init(precision: precision)
        mpfr_set_si(storage.pointer, value, MPFR_RNDN)
    }

    public init(_ value: Double, precision: Int) {
        self.init(precision: precision)
        mpfr_set_d(storage.pointer, value, MPFR_RNDN)
    }

    /// Correctly rounded value of a decimal (`1.5e-20`) or hexadecimal (`0x1.8p3`) literal; nil if malformed.
    public init?(literal: String, precision: Int) {
        self.init(precision: precision)
        let ok = literal.withCString { text -> Bool in
            var end: UnsafeMutablePointer<CChar>? = nil
            mpfr_strtofr(storage.pointer, text, &end, 0, MPFR_RNDN)
            return end != nil && end!.pointee == 0 && end! != UnsafeMutablePointer(mutating: text)
        }
        if !ok { return nil }
    }

    public var precision: Int { Int(mpfr_get_prec(storage.pointer)) }
    public var isNaN: Bool { mpfr_nan_p(storage.pointer) != 0 }
    public var isInfinite: Bool { mpfr_inf_p(storage.pointer) != 0 }
    public var isZero: Bool { mpfr_zero_p(storage.pointer) != 0 }
    public var isFinite: Bool { mpfr_number_p(storage.pointer) != 0 }
    public var isNegative: Bool { mpfr_signbit(storage.pointer) != 0 }
    /// Binary exponent e with 0.5 ≤ |x|/2^e < 1; meaningful for finite non-zero values only.
    public var exponent: Int { Int(mpfr_get_exp(storage.pointer)) }
    public var doubleValue: Double { mpfr_get_d(storage.pointer, MPFR_RNDN) }

    /// Read access to the MPFR value for callers that use MPFR directly.
    @discardableResult public func withPointer<R>(_ body: (UnsafePointer<__mpfr_struct>) throws -> R) rethrows -> R {
        try body(storage.pointer)
    }

    /// Write access; copies first if the storage is shared (copy on write).
    @discardableResult public mutating func withMutablePointer<R>(_ body: (UnsafeMutablePointer<__mpfr_struct>) throws -> R) rethrows -> R {
        if !isKnownUniquelyReferenced(&storage) {
            let copy = Storage.make(precision: precision)
            mpfr_set(copy.pointer, storage.pointer, MPFR_RNDN)
            storage = copy
        }
        return try body(storage.pointer)
    }

    /// The result of `body(result, x)` at `precision` bits: the shape of every MPFR unary function.
    public static func unary(
        _ x: BigReal, precision: Int,
        _ body: (UnsafeMutablePointer<__mpfr_struct>, UnsafePointer<__mpfr_struct>) -> Void
    ) -> BigReal {
        let result = BigReal(precision: precision)
        body(result.storage.pointer, x.storage.pointer)
        return result
    }

    /// The result of `body(result, x, y)` at `precision` bits.
    public static func binary(
        _ x: BigReal, _ y: BigReal, precision: Int,
        _ body: (UnsafeMutablePointer<__mpfr_struct>, UnsafePointer<__mpfr_struct>, UnsafePointer<__mpfr_struct>) -> Void
    ) -> BigReal {
        let result = BigReal(precision: precision)
        body(result.storage.pointer, x.storage.pointer, y.storage.pointer)
        return result
    }

    /// The value rounded to `precision` bits.
    public func rounded(toPrecision precision: Int) -> BigReal {
        BigReal.unary(self, precision: precision) { r, x in mpfr_set(r, x, MPFR_RNDN) }
    }

    public static func pi(precision: Int) -> BigReal {
        let result = BigReal(precision: precision)
        mpfr_const_pi(result.storage.pointer, MPFR_RNDN)
        return result
    }
}

extension BigReal: Equatable {
    /// Numeric equality (NaN ≠ NaN, +0 = −0).
    public static func == (a: BigReal, b: BigReal) -> Bool { mpfr_equal_p(a.storage.pointer, b.storage.pointer) != 0 }
}

extension BigReal: Comparable {
    public static func < (a: BigReal, b: BigReal) -> Bool { mpfr_less_p(a.storage.pointer, b.storage.pointer) != 0 }
}
