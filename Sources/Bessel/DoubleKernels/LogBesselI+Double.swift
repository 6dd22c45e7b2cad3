import Foundation
import NumericKernels

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
    /// log Γ(v+1) from `LogGammaTable` (v < 21.1 here). Points of x ≥ 2^−479 short of ρ₂₄ run through the
    /// lane kernel (`BesselISeriesLanes`: the same sum, and in double where its tail stays below 2^−7);
    /// this code takes the rest, tiny x and the sliver below ρ₂₄ that neither kernel takes.
    static func smallLogI(_ v: Double, _ x: Double) -> Double {
        #if arch(x86_64) || arch(i386)
        if BesselISeriesLanes.accepts(v, x) { return BesselISeriesLanes.logI(v, x) }
        // log(x/2) as log x − log 2: x/2 underflows for the least subnormal.
        let logHalfX = DoubleDouble.log(x) - LogTable.ln2
        let logGamma = LogGammaTable.logGammaOnePlus(v)
        let tail = ExtendedSums.besselISeriesTail(v, x)  // Σ_{k≥1}
        // log1p keeps tiny sums (tiny x) relatively accurate, as the table does tiny v: log I_0(0) = 0.
        let logSum = tail < 0x1p-5 ? DoubleDouble(Foundation.log1p(Double(tail))) : ExtendedSums.log(1 + tail)
        return (logHalfX * v - logGamma + logSum).value
        #else
        return (try? correctlyRounded(.logI, v, x)) ?? .nan
        #endif
    }
}
