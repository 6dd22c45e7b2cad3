// Fit von Mises–Fisher concentrations in high dimension, where SciPy's ive underflows.
//
//   swift run -c release vmf-example [seed] [samples]
//
// For each dimension d, samples n unit vectors from vMF(μ = e₁, κ) by Wood's (1994) algorithm (fixed
// seed), then estimates κ by solving A_d(κ) = I_{d/2}(κ)/I_{d/2−1}(κ) = r̄ (the mean resultant length),
// with A_d = exp(log I_{d/2} − log I_{d/2−1}) from the log-Bessel functions, which stay finite.
import Bessel
import Foundation

/// xoshiro256** seeded by SplitMix64: a fixed, portable stream.
struct Random {
    var s: (UInt64, UInt64, UInt64, UInt64)
    init(seed: UInt64) {
        var x = seed
        func next() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (next(), next(), next(), next())
    }
    mutating func next() -> UInt64 {
        let result = ((s.1 &* 5) << 7 | (s.1 &* 5) >> 57) &* 9
        let t = s.1 << 17
        s.2 ^= s.0; s.3 ^= s.1; s.1 ^= s.2; s.0 ^= s.3; s.2 ^= t
        s.3 = s.3 << 45 | s.3 >> 19
        return result
    }
    /// Uniform in (0, 1).
    mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992 }
    mutating func normal() -> Double {
        // Box–Muller; one of the pair is enough here.
        (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())
    }
    /// Gamma(α, 1) for α ≥ 1 (Marsaglia–Tsang).
    mutating func gamma(_ alpha: Double) -> Double {
        let d = alpha - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double, v: Double
            repeat { x = normal(); v = 1 + c * x } while v <= 0
            v = v * v * v
            let u = uniform()
            if log(u) < 0.5 * x * x + d - d * v + d * log(v) { return d * v }
        }
    }
}

/// Wood's algorithm: the component w = x·μ of a vMF sample on S^(d−1).
func sampleW(d: Int, kappa: Double, _ rng: inout Random) -> Double {
    let m = Double(d - 1)
    let b = m / (2 * kappa + (4 * kappa * kappa + m * m).squareRoot())   // stable form of (−2κ + √(4κ² + m²))/m
    let x0 = (1 - b) / (1 + b)
    let c = kappa * x0 + m * log(1 - x0 * x0)
    while true {
        let g1 = rng.gamma(m / 2), g2 = rng.gamma(m / 2)
        let z = g1 / (g1 + g2)
        let w = (1 - (1 + b) * z) / (1 - (1 - b) * z)
        if kappa * w + m * log(1 - x0 * w) - c >= log(rng.uniform()) { return w }
    }
}

/// log I_v(κ) from the double kernel (within an ulp or so; finite where SciPy's ive underflows).
func logI(_ v: Double, _ kappa: Double) -> Double { LogBessel.logI(v, kappa) }

/// A_d(κ) = I_{d/2}(κ)/I_{d/2−1}(κ).
func meanResultant(d: Int, kappa: Double) -> Double {
    exp(logI(Double(d) / 2, kappa) - logI(Double(d) / 2 - 1, kappa))
}

/// κ with A_d(κ) = r̄: Newton's method from Banerjee et al.'s κ₀ = r̄(d − r̄²)/(1 − r̄²), with
/// A′(κ) = 1 − A² − (d − 1)A/κ, kept inside a bracket that bisection narrows when a step leaves it.
func solveKappa(d: Int, rbar: Double) -> Double {
    let dd = Double(d)
    var lo = 1e-6, hi = 1e9
    var kappa = min(max(rbar * (dd - rbar * rbar) / (1 - rbar * rbar), lo), hi)
    for _ in 0..<100 {
        let a = meanResultant(d: d, kappa: kappa)
        if a < rbar { lo = kappa } else { hi = kappa }
        let slope = 1 - a * a - (dd - 1) * a / kappa
        var next = kappa + (rbar - a) / slope
        if !(next > lo && next < hi) || !slope.isFinite || slope <= 0 { next = (lo * hi).squareRoot() }
        if abs(next - kappa) <= 1e-12 * kappa { return next }
        kappa = next
    }
    return kappa
}

let cases: [(d: Int, kappa: Double)] = [(2048, 500), (8192, 8000), (32768, 100_000)]
let n = CommandLine.arguments.dropFirst(2).first.flatMap { Int($0) } ?? 2000
let seed = CommandLine.arguments.dropFirst().first.flatMap { UInt64($0) } ?? 20260415
var rng = Random(seed: seed)
print("von Mises–Fisher fits, n = \(n) samples each (Wood’s algorithm, seed \(seed); arguments: [seed] [samples])")
print("κ solves A_d(κ) = r̄ with r̄² = (|Σx|² − n)/(n(n − 1)), the unbiased mean resultant length.")
print("     d        κ true   log I_{d/2−1}(κ)     |Σx|/n   unbiased r̄   κ estimate  std. error  (κ̂ − κ)/se")
for (d, kappa) in cases {
    // Sum of samples x = (w, √(1 − w²)·v), v uniform on the sphere orthogonal to μ.
    var first = 0.0
    var rest = [Double](repeating: 0, count: d - 1)
    var direction = [Double](repeating: 0, count: d - 1)
    for _ in 0..<n {
        let w = sampleW(d: d, kappa: kappa, &rng)
        var norm = 0.0
        for k in 0..<(d - 1) { let g = rng.normal(); direction[k] = g; norm += g * g }
        let scale = (1 - w * w).squareRoot() / norm.squareRoot()
        first += w
        for k in 0..<(d - 1) { rest[k] += scale * direction[k] }
    }
    // |Σx|² = n + Σ_{i≠j} x_i·x_j has mean n + n(n − 1)A²: the plain r̄ = |Σx|/n is biased upward by
    // about d/(nκ), which matters when d is comparable to n; solve with the unbiased r̄² instead.
    let squared = first * first + rest.reduce(0) { $0 + $1 * $1 }
    let rbar = squared.squareRoot() / Double(n)
    let unbiased = ((squared - Double(n)) / (Double(n) * Double(n - 1))).squareRoot()
    let estimate = solveKappa(d: d, rbar: unbiased)
    // Standard error from the Fisher information n·A′(κ), A′ = 1 − A² − (d − 1)A/κ.
    let a = meanResultant(d: d, kappa: estimate)
    let derivative = 1 - a * a - Double(d - 1) * a / estimate
    let se = 1 / (Double(n) * derivative).squareRoot()
    let line = String(format: "%6d  %12.1f  %17.6f  %9.7f  %11.7f  %11.1f  %10.1f  %+9.2f",
                      d, kappa, logI(Double(d) / 2 - 1, kappa), rbar, unbiased, estimate, se, (estimate - kappa) / se)
    print(line)
}
