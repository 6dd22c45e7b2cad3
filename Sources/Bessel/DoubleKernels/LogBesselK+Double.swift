extension LogBessel {
    /// log K_v(x) in double: the fast kernel behind the batch API, within 4 ulp of the truth (relative
    /// where |log K| ≥ 1, absolute below) for v ∈ [0, 10^4], x ∈ [10^−300, 10^5], and finite wherever
    /// the truth is.
    ///
    /// Debye's uniform expansion wherever ρ = √(v² + x²) ≥ 21.1 (see `DebyeExpansion`); below, for
    /// 2^−1000 ≤ x < 1, Temme's series and the recurrence in double-double lanes (`TemmeLanes`), for
    /// 1 ≤ x < 24 the tabled polynomials and the recurrence in lanes (`BesselKTableLanes`); else
    /// Temme's series (x < 1) or the tabled polynomials (`BesselKTable`) at |μ| ≤ ½ and the upward
    /// recurrence to v, in extended precision. K_{−v} = K_v; log K_v(0) = +∞; NaN for x < 0 or NaN input.
    public static func logK(_ v: Double, _ x: Double) -> Double {
        guard x >= 0, !v.isNaN else { return .nan }
        let a = v.magnitude
        if x == 0 || a == .infinity { return .infinity }
        if x == .infinity { return -.infinity }
        if let value = DebyeExpansion.logBessel(sign: -1, a, x) { return value }
        #if arch(x86_64) || arch(i386)
        // The lane kernel in two lanes, so that a scalar call gives the batch kernel's bits.
        if TemmeLanes.accepts(a, x) {
            return TemmeLanes.logK(SIMD2(repeating: a), SIMD2(repeating: x), orderClass: TemmeLanes.orderClass(a, x))[0]
        }
        if BesselKTableLanes.accepts(a, x) { return BesselKTableLanes.logK(a, x) }
        return ExtendedSums.logK(a, x).value
        #else
        return (try? correctlyRounded(.logK, a, x)) ?? .nan
        #endif
    }
}
