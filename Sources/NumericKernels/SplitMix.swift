import Foundation

/// SplitMix64 (Steele, Lea, Flood 2014): a small deterministic generator, the same on every platform
/// (unlike the system's): seeded searches and hold-out splits, and the tests and benchmarks, so that a
/// failure names a point that reproduces.
public struct SplitMix: RandomNumberGenerator {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [a, b) from the top 53 bits.
    public mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * Double(next() >> 11) * 0x1p-53 }

    /// Log-uniform in [a, b) for 0 < a < b.
    public mutating func logUniform(_ a: Double, _ b: Double) -> Double { exp(uniform(log(a), log(b))) }
}
