import CMPFR
import EMLNumbers
import FloatFormats

/// The rotary frequencies θ_i = base^(−2i/d), i = 0 … d/2 − 1, exactly (MPFR, 256 bits), after scaling.
public struct RopeFrequencies: Sendable {
    /// Working precision of the exact values: far beyond any dtype, so that rounding them is exact.
    public static let bits = 256

    /// θ_i after scaling, at 256 bits.
    public let exact: [BigReal]
    /// θ_i before scaling, at 256 bits.
    public let unscaled: [BigReal]
    /// The base the bounds use: base′ for NTK-aware scaling, else the base.
    public let effectiveBase: Double

    public init(_ c: RopeConfiguration) {
        let p = RopeFrequencies.bits
        var effective = c.base
        if case .ntk(let s) = c.scaling { effective = c.base * Double.pow(s, Double(c.dimension) / Double(c.dimension - 2)) }
        self.effectiveBase = effective
        let d = c.dimension
        func theta(_ base: BigReal, _ i: Int) -> BigReal {
            // base^(−2i/d) with the exponent a correctly rounded rational.
            var exponent = BigReal(-2 * i, precision: p)
            exponent.withMutablePointer { _ = mpfr_div_si($0, $0, d, MPFR_RNDN) }
            return BigReal.binary(base, exponent, precision: p) { r, a, b in _ = mpfr_pow(r, a, b, MPFR_RNDN) }
        }
        let base = BigReal(c.base, precision: p)
        let unscaled = (0..<c.channels).map { theta(base, $0) }
        self.unscaled = unscaled
        guard let scaling = c.scaling else { exact = unscaled; return }
        switch scaling {
        case .linear(let s):
            exact = unscaled.map { $0.divided(by: s) }
        case .ntk(let s):
            // base′ = base·s^(d/(d−2)), exactly.
            var e = BigReal(d, precision: p)
            e.withMutablePointer { _ = mpfr_div_si($0, $0, d - 2, MPFR_RNDN) }
            let factor = BigReal.binary(BigReal(s, precision: p), e, precision: p) { r, a, b in _ = mpfr_pow(r, a, b, MPFR_RNDN) }
            let scaledBase = BigReal.binary(base, factor, precision: p) { r, a, b in _ = mpfr_mul(r, a, b, MPFR_RNDN) }
            exact = (0..<c.channels).map { theta(scaledBase, $0) }
        case .yarn(let s, let original, let betaFast, let betaSlow):
            exact = unscaled.map { t in
                // r = L_orig/λ = L_orig·θ/(2π); γ = clamp((r − β_slow)/(β_fast − β_slow), 0, 1).
                let r = Double(original) * t.doubleValue / (2 * Double.pi)
                let gamma = min(1, max(0, (r - betaSlow) / (betaFast - betaSlow)))
                return RopeFrequencies.interpolate(t, factor: s, keep: gamma)
            }
        case .llama3(let s, let original, let low, let high):
            exact = unscaled.map { t in
                let wavelength = 2 * Double.pi / t.doubleValue
                let lowWavelength = Double(original) / low, highWavelength = Double(original) / high
                if wavelength < highWavelength { return t }
                if wavelength > lowWavelength { return t.divided(by: s) }
                let smooth = (Double(original) / wavelength - low) / (high - low)
                return RopeFrequencies.interpolate(t, factor: s, keep: smooth)
            }
        }
    }

    /// (1 − γ)·θ/s + γ·θ.
    static func interpolate(_ t: BigReal, factor s: Double, keep gamma: Double) -> BigReal {
        if gamma <= 0 { return t.divided(by: s) }
        if gamma >= 1 { return t }
        let p = RopeFrequencies.bits
        let w = BigReal((1 - gamma) / s + gamma, precision: p)
        return BigReal.binary(t, w, precision: p) { r, a, b in _ = mpfr_mul(r, a, b, MPFR_RNDN) }
    }

    /// θ_i rounded once from the exact value to `format`, as a Double.
    public func rounded(_ i: Int, to format: FloatFormat) -> Double { format.rounded(exact[i]).doubleValue }

    public func double(_ i: Int) -> Double { exact[i].doubleValue }
}

extension BigReal {
    func divided(by s: Double) -> BigReal {
        BigReal.binary(self, BigReal(s, precision: 64), precision: precision) { r, a, b in _ = mpfr_div(r, a, b, MPFR_RNDN) }
    }
}

extension Double {
    static func pow(_ a: Double, _ b: Double) -> Double {
        let r = BigReal.binary(BigReal(a, precision: 64), BigReal(b, precision: 64), precision: 64) { r, x, y in _ = mpfr_pow(r, x, y, MPFR_RNDN) }
        return r.doubleValue
    }
}
