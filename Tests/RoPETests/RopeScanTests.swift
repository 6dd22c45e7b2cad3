import CMPFR
import EMLNumbers
import FloatFormats
import Foundation
@testable import RoPE
import XCTest

/// The fast scans (hoisted roundings for S1–S3, rotation with a proven bound for S4) against the
/// definition evaluated position by position: every collision the same, phase errors to 1e−12.
final class RopeScanTests: XCTestCase {
    /// The definition: S1–S3 by `roundedProduct` from the rounded operands; S4 by MPFR's cos and sin of
    /// m·θ at 160 bits, each rounded once to the dtype, and the phase error in MPFR.
    func reference(_ c: RopeConfiguration, _ f: RopeFrequencies, _ pipeline: RopePipeline, _ i: Int) -> ChannelWall {
        var wall = ChannelWall(firstCollision: nil, collisions: 0, maxPhaseError: 0, maxPhaseErrorPosition: 0)
        var previous: (Double, Double)? = nil
        for m in 0..<c.context {
            let current: (Double, Double)
            let error: Double
            if pipeline == .s4 {
                var angle = f.exact[i].rounded(toPrecision: 200)
                angle.withMutablePointer { _ = mpfr_mul_si($0, $0, m, MPFR_RNDN) }
                let cosine = BigReal.unary(angle, precision: 160) { _ = mpfr_cos($0, $1, MPFR_RNDN) }
                let sine = BigReal.unary(angle, precision: 160) { _ = mpfr_sin($0, $1, MPFR_RNDN) }
                current = (c.dtype.rounded(cosine).doubleValue, c.dtype.rounded(sine).doubleValue)
                // |atan2(rs, rc) − angle| wrapped to [0, π], in MPFR.
                let rs = BigReal(current.1, precision: 53), rc = BigReal(current.0, precision: 53)
                let phase = BigReal.binary(rs, rc, precision: 160) { _ = mpfr_atan2($0, $1, $2, MPFR_RNDN) }
                var d = BigReal.binary(phase, angle, precision: 160) { _ = mpfr_sub($0, $1, $2, MPFR_RNDN) }
                let twoPi = BigReal.unary(BigReal.pi(precision: 170), precision: 170) { _ = mpfr_mul_2ui($0, $1, 1, MPFR_RNDN) }
                d = BigReal.binary(d, twoPi, precision: 160) { _ = mpfr_remainder($0, $1, $2, MPFR_RNDN) }
                error = abs(d.doubleValue)
            } else {
                let theta = pipeline == .s2 ? f.rounded(i, to: .float32) : f.rounded(i, to: c.dtype)
                let position: Double = pipeline == .s1 ? c.dtype.rounded(Double(m)) : pipeline == .s3 ? FloatFormat.float32.rounded(Double(m)) : Double(m)
                let angle = RopeWalls.roundedProduct(pipeline == .s3 ? .float32 : c.dtype, position, theta)
                current = (angle, 0)
                error = abs(angle - Double(m) * f.double(i))
            }
            if let previous, previous == current {
                wall.collisions += 1
                if wall.firstCollision == nil { wall.firstCollision = m - 1 }
            }
            if error > wall.maxPhaseError { wall.maxPhaseError = error; wall.maxPhaseErrorPosition = m }
            previous = current
        }
        return wall
    }

    func testFastScansMatchTheDefinition() {
        let formats: [FloatFormat] = [.bfloat16, .float16, .float32, .tensorFloat32, .float8E4M3, .float8E5M2, .float64]
        for dtype in formats {
            // S4's reference costs MPFR per position: fewer positions there.
            let c = RopeConfiguration(base: 10_000, dimension: 8, context: 2500, dtype: dtype)
            let f = RopeFrequencies(c)
            for pipeline in RopePipeline.allCases {
                for i in 0..<c.channels {
                    let expected = reference(c, f, pipeline, i)
                    // One channel's scan (simulate would add the lockstep search past L, 2^27 angles).
                    let got = RopeWalls.scan(c, f, pipeline: pipeline, channel: i, L: c.context)
                    let label = "\(dtype) \(pipeline.rawValue) channel \(i)"
                    XCTAssertEqual(got.collisions, expected.collisions, label)
                    XCTAssertEqual(got.firstCollision, expected.firstCollision, label)
                    XCTAssertEqual(got.maxPhaseError, expected.maxPhaseError, accuracy: 1e-12 + 1e-9 * expected.maxPhaseError, label)
                }
            }
        }
    }

    /// Where θ is large, the S4 rotation runs far from its seeds' angle: L = 2^16 at θ = 1 (channel 0) in float32
    /// against MPFR at the positions where the fast scan's phase error peaks and at 0.1 % of the others.
    func testS4LongRunAgreesWithMPFR() {
        let c = RopeConfiguration(base: 500_000, dimension: 4, context: 1 << 16, dtype: .float32)
        let f = RopeFrequencies(c)
        let walls = RopeWalls.simulate(c, f, pipeline: .s4)
        var rotations = Rotations(.float32, f, 0)
        for m in 0..<c.context {
            let fast = rotations.next()
            guard m % 997 == 0 || m == walls.channels[0].maxPhaseErrorPosition else { continue }
            var angle = f.exact[0].rounded(toPrecision: 200)
            angle.withMutablePointer { _ = mpfr_mul_si($0, $0, m, MPFR_RNDN) }
            let cosine = BigReal.unary(angle, precision: 160) { _ = mpfr_cos($0, $1, MPFR_RNDN) }
            let sine = BigReal.unary(angle, precision: 160) { _ = mpfr_sin($0, $1, MPFR_RNDN) }
            XCTAssertEqual(fast.cos, FloatFormat.float32.rounded(cosine).doubleValue, "m = \(m)")
            XCTAssertEqual(fast.sin, FloatFormat.float32.rounded(sine).doubleValue, "m = \(m)")
        }
        XCTAssertEqual(walls.channels[0].collisions, 0)
    }
}
