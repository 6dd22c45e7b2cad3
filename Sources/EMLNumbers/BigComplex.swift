import CMPFR

/// An arbitrary precision complex number: a copy-on-write owner of one MPC value.
///
/// MPC keeps signed zeros and infinities, which the EML constructions rely on
/// (ln 0 = −∞, exp(−∞) = 0, the side of a branch cut).
public struct BigComplex: @unchecked Sendable {
    final class Storage {
        let pointer: UnsafeMutablePointer<__mpc_struct>
        init(precision: Int) {
            pointer = .allocate(capacity: 1)
            mpc_init2(pointer, mpfr_prec_t(precision))
        }
        deinit {
            mpc_clear(pointer)
            pointer.deallocate()
        }
    }

    var storage: Storage

    public init(precision: Int) { storage = Storage(precision: precision) }

    /// re + i·im, each rounded to `precision`.
    public init(real re: BigReal, imaginary im: BigReal, precision: Int) {
        self.init(precision: precision)
        re.withPointer { mpfr_set(realPart(storage.pointer), $0, MPFR_RNDN) }
        im.withPointer { mpfr_set(imaginaryPart(storage.pointer), $0, MPFR_RNDN) }
    }

    /// x + (+0)i.
    public init(_ x: BigReal, precision: Int) {
        self.init(precision: precision)
        x.withPointer { mpfr_set(realPart(storage.pointer), $0, MPFR_RNDN) }
        mpfr_set_zero(imaginaryPart(storage.pointer), 1)
    }

    public var precision: Int { Int(mpfr_get_prec(realPart(storage.pointer))) }
    public var real: BigReal {
        let r = BigReal(precision: precision)
        mpfr_set(r.storage.pointer, realPart(storage.pointer), MPFR_RNDN)
        return r
    }
    public var imaginary: BigReal {
        let r = BigReal(precision: precision)
        mpfr_set(r.storage.pointer, imaginaryPart(storage.pointer), MPFR_RNDN)
        return r
    }
    public var isNaN: Bool { mpfr_nan_p(realPart(storage.pointer)) != 0 || mpfr_nan_p(imaginaryPart(storage.pointer)) != 0 }

    @discardableResult public func withPointer<R>(_ body: (UnsafePointer<__mpc_struct>) throws -> R) rethrows -> R {
        try body(storage.pointer)
    }

    public static func unary(
        _ x: BigComplex, precision: Int,
        _ body: (UnsafeMutablePointer<__mpc_struct>, UnsafePointer<__mpc_struct>) -> Void
    ) -> BigComplex {
        let result = BigComplex(precision: precision)
        body(result.storage.pointer, x.storage.pointer)
        return result
    }

    public static func binary(
        _ x: BigComplex, _ y: BigComplex, precision: Int,
        _ body: (UnsafeMutablePointer<__mpc_struct>, UnsafePointer<__mpc_struct>, UnsafePointer<__mpc_struct>) -> Void
    ) -> BigComplex {
        let result = BigComplex(precision: precision)
        body(result.storage.pointer, x.storage.pointer, y.storage.pointer)
        return result
    }
}
