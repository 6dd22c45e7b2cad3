import Foundation

/// The paper's bounds on the base (Liu 2026, arXiv 2602.10959), every constant a parameter.
///
/// Two readings are offered, and the report names the one it used: θ_min ≈ 1/base (the paper's
/// asymptotic form) or base^(−(d−2)/d) (exact for the slowest channel); ε_mach = 2^(1−p) or 2^(−p).
public struct RopeBounds: Sendable {
    public enum ThetaReading: String, Sendable, CaseIterable {
        /// θ_min ≈ 1/base.
        case asymptotic
        /// θ_min = base^(−(d−2)/d), the slowest channel exactly.
        case exact
    }

    public enum EpsilonReading: String, Sendable, CaseIterable {
        /// ε_mach = 2^(1−p), machine epsilon.
        case machineEpsilon = "machine-epsilon"
        /// u = 2^(−p), unit roundoff.
        case unitRoundoff = "unit-roundoff"
    }

    public let thetaReading: ThetaReading
    public let epsilonReading: EpsilonReading
    public let epsilonMachine: Double
    public let thetaMin: Double
    /// L < 2π·base (asymptotic) or L < λ_max = 2π·base^((d−2)/d) (exact): the smallest base.
    public let aliasingMinimumBase: Double
    /// base ≥ L/arccos(ε), when ε is given.
    public let dcMinimumBase: Double?
    /// base ≥ L/arccos(ε^(1/N)), when ε is given.
    public let depthMinimumBase: Double?
    /// base < 1/ε_mach (asymptotic) or θ_min > ε_mach, base < ε_mach^(−d/(d−2)) (exact).
    public let precisionMaximumBase: Double
    /// cos(L·θ_min)^N, the largest tolerance the configuration satisfies; nil when L·θ_min ≥ π/2.
    public let epsilonStar: Double?
    /// arccos(ε^(1/N))/ε_mach, when ε is given.
    public let maximumContext: Double?
    /// max(lower bounds) ≤ base < ceiling.
    public let zoneLower: Double
    public let insideZone: Bool
    public let epsilon: Double?

    public init(_ c: RopeConfiguration, frequencies: RopeFrequencies, epsilon: Double?,
                theta: ThetaReading = .exact, epsilonMachine reading: EpsilonReading = .machineEpsilon) {
        thetaReading = theta
        epsilonReading = reading
        self.epsilon = epsilon
        let p = c.dtype.precision
        let eps = reading == .machineEpsilon ? pow(2, Double(1 - p)) : pow(2, Double(-p))
        epsilonMachine = eps
        let d = Double(c.dimension), L = Double(c.context), N = Double(c.layers)
        let base = frequencies.effectiveBase
        let ratio = d / (d - 2)
        switch theta {
        case .asymptotic:
            thetaMin = 1 / base
            aliasingMinimumBase = L / (2 * .pi)
            precisionMaximumBase = 1 / eps
        case .exact:
            thetaMin = c.scaling == nil ? pow(base, -(d - 2) / d) : frequencies.exact.map(\.doubleValue).min()!
            aliasingMinimumBase = pow(L / (2 * .pi), ratio)
            precisionMaximumBase = pow(eps, -ratio)
        }
        if let e = epsilon {
            dcMinimumBase = L / acos(e)
            depthMinimumBase = L / acos(pow(e, 1 / N))
            maximumContext = acos(pow(e, 1 / N)) / eps
        } else {
            dcMinimumBase = nil; depthMinimumBase = nil; maximumContext = nil
        }
        let angle = L * thetaMin
        epsilonStar = angle < .pi / 2 ? pow(cos(angle), N) : nil
        zoneLower = [aliasingMinimumBase, dcMinimumBase ?? 0, depthMinimumBase ?? 0].max()!
        insideZone = base >= zoneLower && base < precisionMaximumBase
    }
}
