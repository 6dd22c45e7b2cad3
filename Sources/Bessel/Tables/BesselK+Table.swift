/// K_μ(x) and K_{μ+1}(x)/K_μ(x) for |μ| ≤ ½ and 1 ≤ x < 24 in double, from tabled polynomials in
/// t = (x − centre)/halfwidth and s = 8μ² − 1 on quarter-octave patches of x:
///
///   K_μ(x) = √(π/2)·e^(−x)·B,   K_{μ+1}(x)/K_μ(x) = 1 + μ/x + E,
///
/// where B = e^x√(2/π)K_μ (≈ 1/√x) and E = −K'_μ/K_μ − 1 (≈ 1/(2x), DLMF 10.29.2) are both even in μ, so
/// polynomials in μ²; the ratio's odd part μ/x comes from K_{μ+1} − K_{μ−1} = (2μ/x)K_μ (DLMF 10.29.1).
/// Each polynomial's constant term is a pair of doubles added last, so that only the variation over the
/// patch, a tenth of the value, rounds in double: error ≤ 0.31·2^−53 of the value, truncation
/// ≤ 4·10^−17 (measured by `scripts/bessel_k_table.py`, which generates the table). Below x = 1, E stops
/// being a low-degree polynomial in μ² (−K'_μ/K_μ ≈ |μ|/x as x → 0): Temme's series takes over.
/// 14 × 8 coefficients per function and patch: 112 multiply-adds on eight lanes, ~40 ns (perf) where the
/// trapezoidal rule it replaces took ~220 (two exponentials per node, 15–50 nodes).
enum BesselKTable {
    static let powersOfT = 14, powersOfS = 8
    static let range = 1.0..<24.0

    /// The generated coefficients (constant terms 0) as vectors of the eight powers of s, one block per patch.
    nonisolated(unsafe) static let blocks: UnsafePointer<SIMD8<Double>> = {
        let c = coefficients
        let count = c.count / powersOfS
        let p = UnsafeMutablePointer<SIMD8<Double>>.allocate(capacity: count)
        for k in 0..<count { p[k] = SIMD8(c[(powersOfS * k)..<(powersOfS * k + powersOfS)]) }
        return UnsafePointer(p)
    }()

    nonisolated(unsafe) static let constants: UnsafePointer<Double> = {
        let p = UnsafeMutablePointer<Double>.allocate(capacity: constantTerms.count)
        p.initialize(from: constantTerms, count: constantTerms.count)
        return UnsafePointer(p)
    }()

    /// (B, E) at (μ, x) for |μ| ≤ ½, x ∈ `range`, each as head + tail with the head the constant term.
    @inline(__always) static func evaluate(_ mu: Double, _ x: Double) -> (b: (Double, Double), e: (Double, Double)) {
        let bits = x.bitPattern
        let e = Int(bits >> 52) - 1023
        let patch = 4 * e + Int((bits >> 50) & 3)
        // The patch's centre: x's exponent and top two significand bits, then the next bit set; x − centre
        // is exact (Sterbenz) and the scaling by 8·2^−e too.
        let centre = Double(bitPattern: (bits & ~((1 << 50) - 1)) | (1 << 49))
        let t = (x - centre) * Double(bitPattern: UInt64(1026 - e) << 52)
        let s = 8 * (mu * mu) - 1
        let block = blocks + 2 * powersOfT * patch
        var a = block[2 * powersOfT - 2], d = block[2 * powersOfT - 1]
        let tt = SIMD8(repeating: t)
        for i in stride(from: powersOfT - 2, through: 0, by: -1) {
            a = a * tt + block[2 * i]
            d = d * tt + block[2 * i + 1]
        }
        let s2 = s * s, s3 = s * s2, s4 = s2 * s2
        let powers = SIMD8(1, s, s2, s3, s4, s * s4, s2 * s4, s3 * s4)
        let pa = a * powers, pd = d * powers
        // Pairwise, as the generator's check evaluates it.
        let sa = ((pa[0] + pa[1]) + (pa[2] + pa[3])) + ((pa[4] + pa[5]) + (pa[6] + pa[7]))
        let sd = ((pd[0] + pd[1]) + (pd[2] + pd[3])) + ((pd[4] + pd[5]) + (pd[6] + pd[7]))
        let c = constants + 4 * patch
        return ((c[0], c[1] + sa), (c[2], c[3] + sd))
    }
}
