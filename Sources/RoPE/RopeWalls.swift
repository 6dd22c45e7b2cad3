import CMPFR
import EMLNumbers
import FloatFormats
import Dispatch
import Foundation

/// What one channel of one pipeline does over positions 0 … L − 1.
public struct ChannelWall: Sendable {
    /// First m < L with angle(m) = angle(m + 1) (for S4: the same (cos, sin) pair); nil if none.
    public var firstCollision: Int?
    /// Adjacent pairs (m, m + 1), m + 1 < L, that collide.
    public var collisions: Int
    /// Largest |computed angle − exact angle| (S4: of the angle atan2(sin, cos), wrapped), and where.
    public var maxPhaseError: Double
    public var maxPhaseErrorPosition: Int
}

/// The walls of one pipeline over every channel.
public struct PipelineWalls: Sendable {
    public let pipeline: RopePipeline
    public let channels: [ChannelWall]
    public let context: Int
    /// First collision at or beyond L over all channels (m, channel), found by scanning on from the
    /// position below which no collision is possible; nil if none up to `searchedTo`.
    public let firstCollisionBeyondContext: (position: Int, channel: Int)?
    public let searchedTo: Int

    public var minFirstCollision: (position: Int, channel: Int)? {
        channels.enumerated().compactMap { k, c in c.firstCollision.map { ($0, k) } }.min { $0.0 < $1.0 }
    }
    /// Colliding adjacent pairs over all channels, as a fraction of channels × (L − 1).
    public var collisionFraction: Double {
        Double(channels.map(\.collisions).reduce(0, +)) / Double(channels.count * (context - 1))
    }
    public var maxPhaseError: (value: Double, position: Int, channel: Int) {
        let k = channels.indices.max { channels[$0].maxPhaseError < channels[$1].maxPhaseError }!
        return (channels[k].maxPhaseError, channels[k].maxPhaseErrorPosition, k)
    }
    /// The first collision anywhere: below L if there is one, else beyond.
    public var firstCollision: (position: Int, channel: Int)? { minFirstCollision ?? firstCollisionBeyondContext }
}

/// Bit-level simulation of the angle pipelines.
public enum RopeWalls {
    /// Budget of angle evaluations for the search past L (the search stops there and says so).
    public static let searchBudget = 1 << 27

    /// round_F(a·b) from the exact product: the double product plus an fma-exact correction of ties.
    @inline(__always)
    public static func roundedProduct(_ format: FloatFormat, _ a: Double, _ b: Double) -> Double {
        let p = a * b
        let r = format.rounded(p)
        let error = (-p).addingProduct(a, b)  // a·b − p exactly
        if error == 0 || r.isInfinite || r.isNaN { return r }
        // p is a tie of the format only if it sits exactly halfway; then the exact product decides.
        let q = format.ulp(p)
        let t = p / q
        if t - t.rounded(.down) != 0.5 { return r }
        let lower = t.rounded(.down) * q, upper = t.rounded(.up) * q
        return format.rounded(error > 0 ? upper : lower)
    }

    /// The angle of pipeline S1–S3 at positions m ≤ `largest`, channel i.
    static func angleFunction(_ pipeline: RopePipeline, _ format: FloatFormat, _ f: RopeFrequencies, _ i: Int,
                              largest: Int) -> ChannelAngle {
        switch pipeline {
        case .s1: return ChannelAngle(position: format, theta: f.rounded(i, to: format), product: format, largest: largest)
        case .s2: return ChannelAngle(position: nil, theta: f.rounded(i, to: .float32), product: format, largest: largest)
        case .s3: return ChannelAngle(position: .float32, theta: f.rounded(i, to: format), product: .float32, largest: largest)
        case .s4: fatalError("S4 rounds cos and sin, not the angle")
        }
    }

    /// Precision of the rounding that makes adjacent angles collide (for the no-collision guarantee).
    static func productPrecision(_ pipeline: RopePipeline, _ format: FloatFormat) -> Int {
        pipeline == .s3 ? 24 : format.precision
    }

    /// `progress` is told as each channel's scan ends, for a progress line.
    /// Channels run in parallel on every core; each channel's scan is sequential, so results do not depend on it.
    public static func simulate(_ c: RopeConfiguration, _ f: RopeFrequencies, pipeline: RopePipeline,
                                progress: (@Sendable (RopeProgress) -> Void)? = nil) -> PipelineWalls {
        let L = c.context
        var channels = [ChannelWall](repeating: ChannelWall(firstCollision: nil, collisions: 0, maxPhaseError: 0, maxPhaseErrorPosition: 0),
                                     count: c.channels)
        let done = ManagedAtomicCounter()
        channels.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let buffer = out
            DispatchQueue.concurrentPerform(iterations: c.channels) { i in
                buffer[i] = scan(c, f, pipeline: pipeline, channel: i, L: L)
                progress?(.scanned(pipeline: pipeline, channels: done.increment(), of: c.channels))
            }
        }
        var beyond: (Int, Int)? = nil
        var searchedTo = L
        if pipeline != .s4 && !channels.contains(where: { $0.firstCollision != nil }) {
            (beyond, searchedTo) = searchBeyond(c, f, pipeline: pipeline)
        }
        return PipelineWalls(pipeline: pipeline, channels: channels, context: L,
                             firstCollisionBeyondContext: beyond, searchedTo: searchedTo)
    }

    /// One channel's walls over positions 0 … L − 1.
    static func scan(_ c: RopeConfiguration, _ f: RopeFrequencies, pipeline: RopePipeline, channel i: Int, L: Int) -> ChannelWall {
        do {
            let exactTheta = f.double(i)
            var wall = ChannelWall(firstCollision: nil, collisions: 0, maxPhaseError: 0, maxPhaseErrorPosition: 0)
            if pipeline == .s4 {
                var rotations = Rotations(c.dtype, f, i)
                var previous = rotations.next()
                for m in 1..<L {
                    let current = rotations.next()
                    if current.cos == previous.cos && current.sin == previous.sin {
                        wall.collisions += 1
                        if wall.firstCollision == nil { wall.firstCollision = m - 1 }
                    }
                    let e = rotations.phaseError(current, atLeast: wall.maxPhaseError)
                    if e > wall.maxPhaseError { wall.maxPhaseError = e; wall.maxPhaseErrorPosition = m }
                    previous = current
                }
            } else {
                let angle = angleFunction(pipeline, c.dtype, f, i, largest: L)
                var previous = angle(0)
                for m in 1..<L {
                    let current = angle(m)
                    if current == previous {
                        wall.collisions += 1
                        if wall.firstCollision == nil { wall.firstCollision = m - 1 }
                    }
                    let e = abs(current - Double(m) * exactTheta)
                    if e > wall.maxPhaseError { wall.maxPhaseError = e; wall.maxPhaseErrorPosition = m }
                    previous = current
                }
            }
            return wall
        }
    }

    /// All channels in lockstep from where a collision first becomes possible: with p-bit product
    /// rounding and normal angles, angle(m) ≠ angle(m + 1) while m + 1 < 2^(p−1) (the angles differ by
    /// θ, which exceeds half the spacing there). The first hit equals what a full scan would find.
    static func searchBeyond(_ c: RopeConfiguration, _ f: RopeFrequencies, pipeline: RopePipeline) -> ((Int, Int)?, Int) {
        let p = productPrecision(pipeline, c.dtype)
        let product: FloatFormat = pipeline == .s3 ? .float32 : c.dtype
        let minNormal = Double(sign: .plus, exponent: product.emin - 1 + product.precision - 1, significand: 1)
        var start = c.context - 1
        let guaranteed = p >= 2 ? (1 << min(p - 1, 62)) - 2 : 0
        let thetas = (0..<c.channels).map { pipeline == .s2 ? f.rounded($0, to: .float32) : f.rounded($0, to: c.dtype) }
        if guaranteed > start, thetas.allSatisfy({ Double(guaranteed) * $0 >= minNormal }) { start = guaranteed }
        let steps = searchBudget / max(1, c.channels)
        let angles = (0..<c.channels).map { angleFunction(pipeline, c.dtype, f, $0, largest: start + steps + 1) }
        var previous = angles.map { $0(start) }
        var m = start
        while m < start + steps {
            for (k, angle) in angles.enumerated() {
                let next = angle(m + 1)
                if next == previous[k] { return ((m, k), m) }
                previous[k] = next
            }
            m += 1
        }
        return (nil, m)
    }

    /// cos and sin of the exact angle m·θ_i, each rounded once to `format`.
    ///
    /// The double evaluation is within |m·θ|·2^−52 + 2^−52 of the truth; where that interval straddles
    /// a rounding boundary of the format, MPFR recomputes from the exact θ at 128 bits.
    static func rotation(_ format: FloatFormat, _ f: RopeFrequencies, _ i: Int, m: Int) -> (cos: Double, sin: Double) {
        let angle = Double(m) * f.double(i)
        let c = Foundation.cos(angle), s = Foundation.sin(angle)
        let bound = abs(angle) * 0x1p-52 + 0x1p-52
        let rc = format.rounded(c), rs = format.rounded(s)
        if format.rounded(c - bound) == rc && format.rounded(c + bound) == rc
            && format.rounded(s - bound) == rs && format.rounded(s + bound) == rs {
            return (rc, rs)
        }
        var exactAngle = f.exact[i].rounded(toPrecision: 160)
        exactAngle.withMutablePointer { _ = mpfr_mul_si($0, $0, m, MPFR_RNDN) }
        var sine = BigReal(precision: 128), cosine = BigReal(precision: 128)
        sine.withMutablePointer { sp in cosine.withMutablePointer { cp in exactAngle.withPointer { _ = mpfr_sin_cos(sp, cp, $0, MPFR_RNDN) } } }
        return (format.rounded(cosine).doubleValue, format.rounded(sine).doubleValue)
    }
}

/// Men et al. 2024 (arXiv 2405.14591): the base must keep B(m) = Σ_i cos(m·θ_i) ≥ 0 for every integer
/// 0 ≤ m ≤ L. The criterion is not monotone in the base (passing intervals can be narrow), so the
/// reported value is the *first passing base* on a fine geometric grid (ratio 1.001 from base 2); a
/// coarser grid jumps over the first interval (×1.1 gives 6.0e3 instead of 4.3e3 at d = 128, L = 1K).
public enum MenCriterion {
    public static let definition = "first passing base on a geometric grid of ratio 1.001 from 2; B(m) = Σ cos(m·θ_i) ≥ 0 for all integers 0 ≤ m ≤ L; larger bases may fail again"

    public static func passes(base: Double, dimension d: Int, context L: Int) -> Bool {
        let thetas = (0..<(d / 2)).map { Foundation.pow(base, -2 * Double($0) / Double(d)) }
        for m in 1...L {
            var sum = 0.0
            let x = Double(m)
            for t in thetas { sum += Foundation.cos(x * t) }
            if sum < 0 { return false }
        }
        return true
    }

    /// The first passing base, or nil if none up to 10^12. Bases are tried 32 at a time on every core
    /// (the first passing one in grid order wins, as in a sequential search); `progress` hears each batch's last base.
    public static func minimumBase(dimension d: Int, context L: Int, progress: (@Sendable (RopeProgress) -> Void)? = nil) -> Double? {
        var base = 2.0
        while base < 1e12 {
            var bases: [Double] = []
            for _ in 0..<32 where base < 1e12 { bases.append(base); base *= 1.001 }
            let batch = bases
            var passing = [Bool](repeating: false, count: batch.count)
            passing.withUnsafeMutableBufferPointer { out in
                nonisolated(unsafe) let buffer = out
                DispatchQueue.concurrentPerform(iterations: batch.count) { k in
                    buffer[k] = passes(base: batch[k], dimension: d, context: L)
                }
            }
            if let k = passing.firstIndex(of: true) { return batch[k] }
            progress?(.menSearch(base: batch.last!))
        }
        return nil
    }
}

/// Where a long analysis is, for a progress line.
public enum RopeProgress: Sendable {
    /// `channels` of `of` channels of `pipeline` scanned.
    case scanned(pipeline: RopePipeline, channels: Int, of: Int)
    /// Men et al.'s search has passed over every base below `base`.
    case menSearch(base: Double)
}

/// A counter shared by the channel scans, for the progress line.
final class ManagedAtomicCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    /// The count after this increment.
    func increment() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
}
