import Foundation

extension LogBessel {
    /// log I_v(x) in double: the fast kernel behind the batch API, within 4 ulp of the truth (relative
    /// where |log I| ≥ 1, absolute below) for v ∈ [0, 10^4], x ∈ [10^−300, 10^5], and finite wherever
    /// the truth is.
    ///
    /// Debye's uniform expansion wherever ρ = √(v² + x²) ≥ 21.1 (see `DebyeExpansion`); below, the power
    /// series in extended precision (`smallLogI`). Edges: log I_0(0) = 0, log I_v(0) = −∞ (v > 0);
    /// negative integer orders use I_{−n} = I_n; other negative orders go to the arbitrary-precision
    /// path (I_v may be negative there, and the reflection cancels). NaN for x < 0 or NaN input.
    public static func logI(_ v: Double, _ x: Double) -> Double {
        guard x >= 0, !v.isNaN else { return .nan }
        if v < 0 {
            if v == v.rounded() { return logI(-v, x) }
            return (try? correctlyRounded(.logI, v, x)) ?? .nan
        }
        if x == 0 { return v == 0 ? 0 : -.infinity }
        if x == .infinity { return .infinity }
        if v == .infinity { return -.infinity }
        if let value = DebyeExpansion.logBessel(sign: 1, v, x) { return value }
        return smallLogI(v, x)
    }

    /// Below ρ = 21.1: log I = v·log(x/2) − log Γ(v+1) + log Σ_k q^k/(k!(v+1)_k), q = x²/4, every term
    /// positive. The sum runs in extended precision (64 bits), since each term carries the roundings of
    /// all the ratios before it (~3k·2^−53 in double, ~45 terms at x = 21); the prefactor in double-double,
    /// log Γ(v+1) from `LogGammaTable` (v < 21.1 here). Where the tail stays below 2^−7 (most points of
    /// x < 1), its first term carries it and double suffices (`shortSeriesTail`: such points 89 → 66 ns).
    static func smallLogI(_ v: Double, _ x: Double) -> Double {
        #if arch(x86_64) || arch(i386)
        // log(x/2) as log x − log 2: x/2 underflows for the least subnormal.
        let logHalfX = DoubleDouble.log(x) - LogTable.ln2
        let logGamma = LogGammaTable.logGammaOnePlus(v)
        let q = (0.5 * x) * (0.5 * x)
        if q < (1 + v) * 0x1p-7 && q >= 0x1p-960 {
            return (logHalfX * v - logGamma + Foundation.log1p(shortSeriesTail(v, q))).value
        }
        let tail = ExtendedSums.besselISeriesTail(v, x)  // Σ_{k≥1}
        // log1p keeps tiny sums (tiny x) relatively accurate, as the table does tiny v: log I_0(0) = 0.
        let logSum = tail < 0x1p-5 ? DoubleDouble(Foundation.log1p(Double(tail))) : ExtendedSums.log(1 + tail)
        return (logHalfX * v - logGamma + logSum).value
        #else
        return (try? correctlyRounded(.logI, v, x)) ?? .nan
        #endif
    }

    /// Σ_{k≥1} t_k in double where q = x²/4 < (1 + v)/2^7: then t₁ < 2^−7 and every ratio t_{k+1}/t_k is
    /// below 2^−8, so the first term carries the sum, and its few roundings (relative ~5·2^−53) cost
    /// log(1 + Σ) under 2^−60 absolute; the divisions, off the product's chain, pipeline.
    @inline(__always) static func shortSeriesTail(_ v: Double, _ q: Double) -> Double {
        var term = 1.0, sum = 0.0, k = 1.0
        repeat {
            term *= q / (k * (k + v))
            sum += term
            k += 1
        } while term >= sum * 0x1p-56
        return sum
    }
}
