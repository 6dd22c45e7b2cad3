import CMPFR
import EMLNumbers
import FloatFormats
import Foundation

/// One channel's angle of pipeline S1–S3, m ↦ round_product(round_position(m) · θ), with the roundings
/// hoisted out of the scan: 2^30 angles (64 channels × 2^24 positions) in a few seconds.
///
/// Where the position's bits and θ's bits fit in 53 (every dtype up to float32 with m < 2^29), the double
/// product is exact and one rounding of it is `roundedProduct`'s result; otherwise `roundedProduct` decides.
struct ChannelAngle {
    let position: FloatFormat?
    let positionRounding: BinadeRounding?
    let theta: Double
    let product: FloatFormat
    let productRounding: BinadeRounding
    let exactProduct: Bool

    /// `position`: the format m is rounded to (nil: m exactly); `largest`: the largest m asked for.
    init(position: FloatFormat?, theta: Double, product: FloatFormat, largest: Int) {
        self.position = position
        positionRounding = position.map(BinadeRounding.init)
        self.theta = theta
        self.product = product
        productRounding = BinadeRounding(product)
        let positionBits = min(Int.bitWidth - max(largest, 1).leadingZeroBitCount, position?.precision ?? 64)
        exactProduct = theta.isFinite && positionBits + Self.significantBits(theta) <= 53
    }

    /// Bits from the leading to the last nonzero bit of x's significand (1 for powers of two).
    static func significantBits(_ x: Double) -> Int {
        guard x.isFinite, x != 0 else { return 0 }
        let significand = x.significandBitPattern | (1 << 52)
        return 53 - significand.trailingZeroBitCount
    }

    @inline(__always)
    func callAsFunction(_ m: Int) -> Double {
        // The common case in registers: m exact or in a binade of its format, the product exact and in one of its.
        var a = Double(m)
        if let rounding = positionRounding {
            guard let r = rounding.rounded(a) else { return general(m) }
            a = r
        }
        guard exactProduct, let r = productRounding.rounded(a * theta) else { return general(m) }
        return r
    }

    /// Every other case, through the formats' general rounding.
    @inline(never)
    func general(_ m: Int) -> Double {
        var a = Double(m)
        if let position { a = position.rounded(a) }
        return exactProduct ? product.rounded(a * theta) : RopeWalls.roundedProduct(product, a, theta)
    }
}

/// cos and sin of the exact angles m·θ_i, m = 0, 1, 2, …, each rounded once to `format`, by rotation:
/// (c, s) ← (c·cos θ − s·sin θ, s·cos θ + c·sin θ), reseeded from libm every 256 steps.
///
/// θ is carried as a double-double (θ_hi + θ_lo) in the seeds and the step, so that (c, s) stays within
/// about 2^−50 of the exact point and the phase error is measured against it, not against the double
/// angle m·θ_hi (off by |m·θ|·2^−53: 2·10^−10 at m·θ = 10^6, where float32's phase errors are 4·10^−8).
///
/// A step is a few multiplications where cos and sin of a large angle cost 20–40 ns. Each value carries a
/// proven bound on its distance to the exact (cos, sin)(m·θ_i). A seed: libm's cos and sin of the double
/// angle (within an ulp, 2^−52 each), moved by the first-order term in the rest of the angle, `low` (its square
/// is what that leaves out), and `low` itself known to |m·θ|·2^−98: 2^−50 + low² + |m·θ|·2^−98 per component,
/// times 1.5 for the pair (rotations preserve the Euclidean error, which a component's bounds by √2). Per
/// step: 2^−49 for the step's roundings and its rounded cos θ, sin θ, and θ·2^−51 for θ's. Where the value ±
/// bound rounds two ways (once in 10^5 here, against once in 50 for the double angle's |m·θ|·2^−52), MPFR decides.
struct Rotations {
    let format: FloatFormat
    let rounding: BinadeRounding
    let frequencies: RopeFrequencies
    let channel: Int
    let theta: Double, thetaLow: Double
    let stepCos: Double, stepSin: Double
    let stepBound: Double
    static let seedInterval = 256
    var m = 0
    var c = 1.0, s = 0.0, bound = 0.0

    init(_ format: FloatFormat, _ f: RopeFrequencies, _ i: Int) {
        self.format = format
        rounding = BinadeRounding(format)
        frequencies = f
        channel = i
        theta = f.double(i)
        let high = BigReal(theta, precision: 53)
        thetaLow = BigReal.binary(f.exact[i], high, precision: 64) { mpfr_sub($0, $1, $2, MPFR_RNDN) }.doubleValue
        // cos(θ_hi + θ_lo) and sin(θ_hi + θ_lo) to first order in θ_lo (|θ_lo| < 2^−53·θ: the rest is below 2^−106).
        stepCos = Foundation.cos(theta) - Foundation.sin(theta) * thetaLow
        stepSin = Foundation.sin(theta) + Foundation.cos(theta) * thetaLow
        stepBound = 0x1p-49 + abs(theta) * 0x1p-51
    }

    @inline(__always) func round(_ x: Double) -> Double { rounding.rounded(x) ?? format.rounded(x) }

    /// The rounded (cos, sin) at the next position (0 first).
    @inline(__always)
    mutating func next() -> (cos: Double, sin: Double) {
        if m % Self.seedInterval == 0 {
            let angle = Double(m) * theta
            // m·θ = angle + low to about 2^−100·|angle|: the product's rounding error (fma, exact) and m·θ_lo.
            let low = (-angle).addingProduct(Double(m), theta) + Double(m) * thetaLow
            let (ca, sa) = (Foundation.cos(angle), Foundation.sin(angle))
            c = ca - sa * low
            s = sa + ca * low
            bound = 1.5 * (0x1p-50 + low * low + abs(angle) * 0x1p-98)
        } else {
            (c, s) = (c * stepCos - s * stepSin, s * stepCos + c * stepSin)
            bound += stepBound
        }
        defer { m += 1 }
        if rounding.isDecided(c, within: bound) && rounding.isDecided(s, within: bound),
           let rc = rounding.rounded(c), let rs = rounding.rounded(s) {
            return (rc, rs)
        }
        return slowPath()
    }

    /// The general roundings (values outside the format's full binades: near 0, at ±1 in narrow formats),
    /// or MPFR where the bound does not decide.
    @inline(never)
    func slowPath() -> (cos: Double, sin: Double) {
        let rc = round(c), rs = round(s)
        if round(c - bound) == rc && round(c + bound) == rc && round(s - bound) == rs && round(s + bound) == rs {
            return (rc, rs)
        }
        return RopeWalls.rotation(format, frequencies, channel, m: m)
    }

    /// |angle of (rc, rs) − m·θ| for the pair just returned where it may exceed `atLeast`, else 0: the angle
    /// between it and (c, s), which is within `bound` of the exact point, by atan2 of (cross, dot), in closed
    /// form where it is tiny. The angle is at most 1.02·(|rc − c| + |rs − s|) when that is below 1/4 (sin δ ≤ |r − p|/|p|,
    /// |p| ≈ 1, and arcsin y ≤ 1.011·y for y ≤ 1/4),
    /// so most positions skip the division once a large error has been seen.
    @inline(__always)
    func phaseError(_ r: (cos: Double, sin: Double), atLeast: Double) -> Double {
        let distance = abs(r.cos - c) + abs(r.sin - s)
        if distance < 0.25 && 1.02 * distance <= atLeast { return 0 }
        let cross = r.sin * c - r.cos * s, dot = r.cos * c + r.sin * s
        if dot > 0 && abs(cross) < 0x1p-10 * dot {
            let t = cross / dot
            return abs(t - t * t * t * (1.0 / 3))  // atan t to within t^5/5 < 2^−52·t
        }
        return abs(atan2(cross, dot))
    }
}
