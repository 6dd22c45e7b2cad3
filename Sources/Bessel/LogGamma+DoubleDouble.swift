import CMPFR
import EMLNumbers

extension DoubleDouble {
    /// log Γ(z) for z ≥ 15 by Stirling's series, where nine terms leave less than 10^−22; smaller
    /// arguments are shifted up by the caller, log Γ(w) = log Γ(w + N) − log(w (w+1) … (w+N−1)), with
    /// the product folded into a logarithm the caller takes anyway (`LogBessel.smallLogI`).
    static func logGammaStirling(_ z: DoubleDouble) -> DoubleDouble {
        let y = 1 / z.hi
        let y2 = y * y
        // Σ B_2n / (2n(2n − 1) z^(2n−1)), n = 1 … 9 (the first term is below 2^−7, so double suffices).
        let s = (stirlingTail(y2) * y2 + 1.0 / 12) * y
        return (z - 0.5) * log(z) - z + DebyeExpansion.halfLogTwoPi + s
    }

    /// The shift N = max(0, 15 − ⌊w⌋) that brings w ≥ 1 into Stirling's range.
    @inline(__always) static func stirlingShift(_ w: DoubleDouble) -> Int { max(0, 15 - Int(w.hi)) }
}

extension DoubleDouble {
    /// Σ_{n=2}^{9} B_2n/(2n(2n − 1))·y2^(n−2): Stirling's coefficients after the first, as a polynomial in
    /// y2 = 1/z², for the double-double log Γ kernels (times 1/z³ it is the series past 1/(12z)).
    @inline(__always) static func stirlingTail(_ y2: Double) -> Double {
        var s = 43867.0 / 244188
        s = s * y2 - 3617.0 / 122400
        s = s * y2 + 1.0 / 156
        s = s * y2 - 691.0 / 360360
        s = s * y2 + 1.0 / 1188
        s = s * y2 - 1.0 / 1680
        s = s * y2 + 1.0 / 1260
        s = s * y2 - 1.0 / 360
        return s
    }

    /// log Γ(1 + v) for 0 ≤ v < 1/4 with relative error about 2^−54, where the result is as small as
    /// v: −γv + Σ_{k≥2} (−1)^k ζ(k) v^k / k (DLMF 5.7.3), the first term in double-double and the rest,
    /// at most 0.36 of it, in double; 30 terms leave (1/4)^31/31 < 2^−66 of the first.
    static func logGammaNearOne(_ v: Double) -> DoubleDouble {
        let c = LogGammaSeries.coefficients
        var s = 0.0
        for k in stride(from: 30, through: 2, by: -1) { s = s * v + c[k] }
        let euler = LogGammaSeries.euler
        return -(DoubleDouble.twoProduct(euler.hi, v) + euler.lo * v) + s * v * v
    }
}

/// (−1)^k ζ(k)/k for k = 2 … 30 and Euler's γ, from MPFR once.
enum LogGammaSeries {
    nonisolated(unsafe) static let coefficients: UnsafePointer<Double> = {
        let p = UnsafeMutablePointer<Double>.allocate(capacity: 31)
        p.initialize(repeating: 0, count: 31)
        for k in 2...30 {
            var z = BigReal(precision: 128)
            z.withMutablePointer { mpfr_zeta_ui($0, UInt(k), MPFR_RNDN) }
            p[k] = (k % 2 == 0 ? 1 : -1) * z.doubleValue / Double(k)
        }
        return UnsafePointer(p)
    }()

    static let euler: DoubleDouble = DebyeExpansion.constant { _ = mpfr_const_euler($0, MPFR_RNDN) }
}
