import CMPFR
import EMLNumbers
import Foundation

/// log Γ(z) for real z ≥ 1 at working precision q ≤ `StirlingSeries.maximumPrecision`, with a bound on
/// its absolute error: for the log-I series, where `mpfr_lngamma` (correctly rounded, so a Ziv loop
/// and a fresh shift per call) costs more than all the rest of a 60-digit evaluation.
public enum StirlingSeries {
    static public let terms = 64
    static public let maximumPrecision = 1024

    /// The constants of the series at one table precision: B_2k/(2k(2k − 1)) for k = 1 … 64, from
    /// B_2k = (−1)^(k+1)·2·(2k)!·ζ(2k)/(2π)^2k (DLMF 25.6.2), and ½ log 2π. Two tables, 320 and 1088
    /// bits, so that a 60-digit caller pays 1 ms once for its table rather than 7 ms for the wide one.
    public struct Table: @unchecked Sendable {
        let precision: Int
        let coefficients: [BigReal]
        let halfLogTwoPi: BigReal

        public init(precision p: Int) {
            self.precision = p
            coefficients = (1...StirlingSeries.terms).map { k in
                var c = BigReal(precision: p)
                c.withMutablePointer { r in
                    var t = BigReal(precision: p)
                    t.withMutablePointer { twoPi in
                        _ = mpfr_const_pi(twoPi, MPFR_RNDN)
                        _ = mpfr_mul_2ui(twoPi, twoPi, 1, MPFR_RNDN)
                        _ = mpfr_pow_ui(twoPi, twoPi, UInt(2 * k), MPFR_RNDN)
                        _ = mpfr_zeta_ui(r, UInt(2 * k), MPFR_RNDN)
                        var f = BigReal(precision: p)
                        f.withMutablePointer { _ = mpfr_fac_ui($0, UInt(2 * k), MPFR_RNDN); _ = mpfr_mul(r, r, $0, MPFR_RNDN) }
                        _ = mpfr_div(r, r, twoPi, MPFR_RNDN)
                    }
                    _ = mpfr_mul_2ui(r, r, 1, MPFR_RNDN)
                    _ = mpfr_div_ui(r, r, UInt(2 * k * (2 * k - 1)), MPFR_RNDN)
                    if k % 2 == 0 { _ = mpfr_neg(r, r, MPFR_RNDN) }
                }
                return c
            }
            var h = BigReal.pi(precision: p)
            h.withMutablePointer { _ = mpfr_mul_2ui($0, $0, 1, MPFR_RNDN); _ = mpfr_log($0, $0, MPFR_RNDN); _ = mpfr_div_2ui($0, $0, 1, MPFR_RNDN) }
            halfLogTwoPi = h
        }
    }

    static public let narrowTable = Table(precision: 320)
    static public let wideTable = Table(precision: maximumPrecision + 64)

    /// The narrower table whose entries are at least 64 bits wider than q.
    static public func table(for q: Int) -> Table { q + 64 <= 320 ? narrowTable : wideTable }

    /// The coefficients as double-doubles, for the smallest terms of the sum.
    static public let coefficientPairs: [DoubleDouble] = narrowTable.coefficients.map(LogTable.split)

    /// log2 of their magnitudes, for choosing the shift.
    static public let log2Coefficients: [Double] = narrowTable.coefficients.map { c in
        c.withPointer { p in var e = 0; let m = mpfr_get_d_2exp(&e, p, MPFR_RNDN); return Foundation.log2(abs(m)) + Double(e) }
    }

    /// log Γ(z) = `stirling` − log(`product`) for z ≥ 1, split so that a caller who takes a log anyway folds
    /// log(product) into it (one log fewer); each part with its bound in units of 2^−q.
    public struct Parts {
        /// Stirling's series at w = z + shift; its absolute error ≤ stirlingBound·2^−q.
        public var stirling: BigReal
        /// z(z+1)…(w−1) (1 when shift = 0); its relative error ≤ productBound·2^−q.
        public var product: BigReal
        public var shift: Int
        public var stirlingBound: Double
        public var productBound: Double

        public init(stirling: BigReal, product: BigReal, shift: Int, stirlingBound: Double, productBound: Double) {
            (self.stirling, self.product, self.shift, self.stirlingBound, self.productBound) = (stirling, product, shift, stirlingBound, productBound)
        }
    }

    /// log Γ(z) for z ≥ 1 (z exact at q bits or not: its rounding is in the bound), q ≤ 1024, and the bound
    /// on the absolute error in units of 2^−q.
    static public func logGamma(_ z: BigReal, workingPrecision q: Int) -> (value: BigReal, bound: Double) {
        let parts = logGammaParts(z, workingPrecision: q)
        guard parts.shift > 0 else { return (parts.stirling, parts.stirlingBound) }
        let logProduct = TabledLogarithm.log(parts.product, q)
        let result = BigReal.binary(parts.stirling, logProduct, precision: q) { r, a, b in _ = mpfr_sub(r, a, b, MPFR_RNDN) }
        // The log's error and the subtraction's rounding on top of the parts' errors.
        return (result, parts.stirlingBound + parts.productBound + abs(logProduct.doubleValue) + abs(result.doubleValue) + 3)
    }

    /// The least K ≤ 64 whose next term c_(K+1)/w^(2K+1) is at most 2^−q, nil where 64 terms do not reach it.
    static public func termCount(at w: Double, bits q: Int) -> Int? { termCount(at: w, bits: q, log2Coefficients: log2Coefficients) }

    /// The same from any table of log2 |c_k| (k from 1), the term asked to be below 2^−(q + margin).
    static func termCount(at w: Double, bits q: Int, log2Coefficients: [Double], margin: Double = 0) -> Int? {
        let l = Foundation.log2(w)
        for k in 1..<log2Coefficients.count where log2Coefficients[k] - Double(2 * k + 1) * l <= -Double(q) - margin { return k }
        return nil
    }

    /// The two parts of log Γ(z) (see `Parts`).
    ///
    /// log Γ(z) = log Γ(w) − log(z(z+1)…(w−1)), w = z + N, with Stirling's series at w:
    /// (w − ½) log w − w + ½ log 2π + Σ_{k≤K} B_2k/(2k(2k−1)w^(2k−1)), whose remainder is below the first
    /// omitted term for real w > 0 (DLMF 5.11.ii). N makes that term ≤ 2^−q with K ≤ 64 terms.
    static public func logGammaParts(_ z: BigReal, workingPrecision q: Int) -> Parts {
        let zd = z.doubleValue
        let table = log2Coefficients
        let constants = self.table(for: q)
        func reaches(_ w: Double) -> Int? { termCount(at: w, bits: q) }
        // w ≈ 0.2·q balances the shift's one-limb products against the sum's full ones (timings were flat
        // from 0.155·q to 0.29·q at 53–212 bits), unless the 64-term table forces a larger w (then the least such).
        var shift = Swift.max(0, Int((0.2 * Double(q) - zd).rounded(.up)))
        if reaches(zd + Double(shift)) == nil {
            var lo = shift, hi = shift + 16
            while reaches(zd + Double(hi)) == nil { hi *= 2 }
            while hi - lo > 1 { let mid = (lo + hi) / 2; if reaches(zd + Double(mid)) == nil { lo = mid } else { hi = mid } }
            shift = hi
        }
        var w = BigReal(precision: q)
        var inexact = w.withMutablePointer { r in z.withPointer { mpfr_set(r, $0, MPFR_RNDN) } } != 0
        var product = BigReal(1, precision: q)
        if !inexact, let (first, step, exponent) = integerFactors(z, shift) {
            // z + j = (first + j·step)·2^exponent: one limb times the product per factor, not a full multiplication.
            product.withMutablePointer { r in
                for j in 0..<UInt(shift) { _ = mpfr_mul_ui(r, r, first + j * step, MPFR_RNDN) }
                _ = mpfr_mul_2si(r, r, exponent * shift, MPFR_RNDN)
            }
            if w.withMutablePointer({ mpfr_add_ui($0, $0, UInt(shift), MPFR_RNDN) }) != 0 { inexact = true }  // only where q < 63
        } else {
            for _ in 0..<shift {
                product.withMutablePointer { r in w.withPointer { _ = mpfr_mul(r, r, $0, MPFR_RNDN) } }
                if w.withMutablePointer({ mpfr_add_ui($0, $0, 1, MPFR_RNDN) }) != 0 { inexact = true }
            }
        }
        let wd = w.doubleValue
        let count = reaches(wd) ?? terms
        // Σ c_k w^(1−2k) by Horner's rule in 1/w².
        var inverse = BigReal(precision: q)
        inverse.withMutablePointer { r in w.withPointer { _ = mpfr_ui_div(r, 1, $0, MPFR_RNDN) } }
        var inverseSquare = inverse
        inverseSquare.withMutablePointer { _ = mpfr_sqr($0, $0, MPFR_RNDN) }
        // Terms below 2^(98 − q) (the last third or so) by Horner's rule in double-double: its 2^−101 per step
        // of relative error is below 2^−q of the whole; the full-width steps continue from its value.
        let logW2 = Foundation.log2(wd)
        var split = count
        while split > 1 && table[split - 1] - Double(2 * split - 1) * logW2 < Double(98 - q) { split -= 1 }
        var sum = BigReal(0, precision: q)
        if split < count {
            let y = LogTable.split(inverseSquare)
            var inner = DoubleDouble(0)
            for k in stride(from: count - 1, through: split, by: -1) { inner = inner * y + coefficientPairs[k] }
            sum = inner.bigReal(precision: q)
        }
        sum.withMutablePointer { s in
            inverseSquare.withPointer { y in
                for k in stride(from: split - 1, through: 0, by: -1) {
                    _ = mpfr_mul(s, s, y, MPFR_RNDN)
                    constants.coefficients[k].withPointer { _ = mpfr_add(s, s, $0, MPFR_RNDN) }
                }
            }
            inverse.withPointer { _ = mpfr_mul(s, s, $0, MPFR_RNDN) }
        }
        // (w − ½) log w − w + ½ log 2π + Σ
        var result = TabledLogarithm.log(w, q)
        let logW = result.doubleValue
        result.withMutablePointer { r in
            var half = w
            half.withMutablePointer { h in
                _ = mpfr_sub_d(h, h, 0.5, MPFR_RNDN)
                _ = mpfr_mul(r, r, h, MPFR_RNDN)
                w.withPointer { _ = mpfr_sub(r, r, $0, MPFR_RNDN) }
                constants.halfLogTwoPi.withPointer { _ = mpfr_add(r, r, $0, MPFR_RNDN) }
            }
            sum.withPointer { _ = mpfr_add(r, r, $0, MPFR_RNDN) }
        }
        // Roundings in units of 2^−q: the factors and products of P (2N relatively), the rounded z + j inside
        // log w (tabled: |log w| + 2) and (w − ½) (w·(5 + 2|log w|)), the sum (≤ count, and count more for its
        // double-double part), ½ log 2π and the additions (5 + |result|),
        // and the truncation (1).
        var stirlingBound = wd * (5 + 2 * abs(logW)) + Double(2 * count) + 6 + abs(result.doubleValue)
        var productBound = 2 * Double(shift)
        // z + j rounded (z wider than q bits): each of w and the factors off by up to (N + 1)·u relatively.
        if inexact {
            stirlingBound += (Double(shift) + 1) * wd * (1 + abs(logW))
            productBound += (Double(shift) + 1) * Double(shift)
        }
        return Parts(stirling: result, product: product, shift: shift, stirlingBound: stirlingBound, productBound: productBound)
    }

    /// z = first·2^exponent and 1 = step·2^exponent with first + shift·step < 2^63 (machine integers), or nil
    /// where z has too many significant bits for that (then the factors z + j are multiplied at full width).
    static public func integerFactors(_ z: BigReal, _ shift: Int) -> (first: UInt, step: UInt, exponent: Int)? {
        guard shift > 0, z.isFinite, !z.isNegative, !z.isZero else { return nil }
        let bits = Int(z.withPointer { mpfr_min_prec($0) })
        // z = M·2^(e − bits) with M odd of `bits` bits; the scale must also make 1 an integer.
        let exponent = Swift.min(z.exponent - bits, 0)
        guard -exponent <= 62, z.exponent - exponent <= 61 else { return nil }
        let step = UInt(1) << UInt(-exponent)
        let first = z.withPointer { p -> UInt in
            var scaled = BigReal(precision: 64)
            return scaled.withMutablePointer { s in
                _ = mpfr_mul_2si(s, p, -exponent, MPFR_RNDN)
                return mpfr_get_ui(s, MPFR_RNDN)
            }
        }
        let (span, overflow) = step.multipliedReportingOverflow(by: UInt(shift))
        guard !overflow, first.addingReportingOverflow(span).partialValue < 1 << 63,
              !first.addingReportingOverflow(span).overflow else { return nil }
        return (first, step, exponent)
    }
}
