import FloatFormats
import Foundation
import RoPE
import XCTest

/// Every checkable fact of the reference note (`shared/reference/rope.md`), reproduced exactly.
final class RopeFactsTests: XCTestCase {
    func frequencies(_ base: Double, _ d: Int) -> RopeFrequencies {
        RopeFrequencies(RopeConfiguration(base: base, dimension: d, context: 2))
    }

    /// GPT-NeoX issue #1003: d = 32, base 10000.
    func testGPTNeoX() {
        let f = frequencies(10_000, 32)
        XCTAssertEqual(String(format: "%.8f", f.rounded(1, to: .float32)), "0.56234133")
        XCTAssertEqual(f.rounded(1, to: .float16), 0.5625)
        let s1 = { (format: FloatFormat, i: Int, m: Int) in
            RopeWalls.roundedProduct(format, format.rounded(Double(m)), f.rounded(i, to: format))
        }
        XCTAssertEqual(String(format: "%.4f", s1(.float32, 1, 1857)), "1044.2678")
        XCTAssertEqual(s1(.float16, 1, 1857), 1045.0)
        var worst = (0.0, 0, 0)
        for m in 0..<2048 {
            for i in 0..<16 {
                let d = abs(cos(s1(.float16, i, m)) - cos(s1(.float32, i, m)))
                if d > worst.0 { worst = (d, m, i) }
            }
        }
        XCTAssertEqual(String(format: "%.5f", worst.0), "0.78189")
        XCTAssertEqual(worst.1, 2008)
        XCTAssertEqual(worst.2, 1)
    }

    /// S3 with LLaMA-2 (base 10^4, d = 128).
    func testS3LlamaPhaseError() {
        let f = frequencies(10_000, 128)
        XCTAssertEqual(String(format: "%.9f", f.rounded(1, to: .float32)), "0.865964353")
        XCTAssertEqual(f.rounded(1, to: .bfloat16), 0.8671875)
        let c = RopeConfiguration(base: 10_000, dimension: 128, context: 4096, dtype: .bfloat16)
        let walls = RopeWalls.simulate(c, RopeFrequencies(c), pipeline: .s3)
        XCTAssertEqual(walls.channels[1].maxPhaseErrorPosition, 4095)
        // Against the exact angle 4095·10^(−1/16): 5.0089. The note's 5.0088 measures against the
        // float32 θ: 4095·(0.8671875 − 0.865964353).
        XCTAssertEqual(String(format: "%.4f", walls.channels[1].maxPhaseError), "5.0089")
        let againstFloat32 = RopeWalls.roundedProduct(.float32, 4095, 0.8671875) - 4095 * f.rounded(1, to: .float32)
        XCTAssertEqual(String(format: "%.4f", againstFloat32), "5.0088")
    }

    /// S1 in bf16, d = 128, base 10^4: channel 0 first collides at 256, the earliest channel at 137.
    func testS1Bfloat16Walls() {
        let c = RopeConfiguration(base: 10_000, dimension: 128, context: 4096, dtype: .bfloat16)
        let walls = RopeWalls.simulate(c, RopeFrequencies(c), pipeline: .s1)
        XCTAssertEqual(walls.channels[0].firstCollision, 256)
        XCTAssertEqual(walls.minFirstCollision?.position, 137)
    }

    /// S2 with float32 angles: channel 0 collides first at 2^24; the earliest of the 64 channels is
    /// channel 53 at 8,411,280 (both angles 4096.0205078125), found past L by the lockstep search.
    func testS2Float32WallBeyondContext() {
        let c = RopeConfiguration(base: 10_000, dimension: 128, context: 131_072, dtype: .float32)
        let f = RopeFrequencies(c)
        let walls = RopeWalls.simulate(c, f, pipeline: .s2)
        XCTAssertNil(walls.minFirstCollision)
        XCTAssertEqual(walls.firstCollisionBeyondContext?.position, 8_411_280)
        XCTAssertEqual(walls.firstCollisionBeyondContext?.channel, 53)
        let theta = f.rounded(53, to: .float32)
        XCTAssertEqual(RopeWalls.roundedProduct(.float32, 8_411_280, theta), 4096.0205078125)
        XCTAssertEqual(RopeWalls.roundedProduct(.float32, 8_411_281, theta), 4096.0205078125)
        // Channel 0 (θ = 1) alone: the integer wall of float32.
        let one = RopeConfiguration(base: 10_000, dimension: 2, context: 1000, dtype: .float32)
        XCTAssertEqual(RopeWalls.simulate(one, RopeFrequencies(one), pipeline: .s2).firstCollisionBeyondContext?.position, 1 << 24)
    }

    /// S4: float32 cos/sin never collide in the slowest channel at base 10^7, d = 64, L = 262144;
    /// bf16 at base 10^4, d = 128, L = 4096: 80.95% of adjacent pairs collide, first at m = 138.
    func testS4CosSinCaches() {
        let qwen = RopeConfiguration(base: 1e7, dimension: 64, context: 262_144, dtype: .float32)
        let slowest = RopeConfiguration(base: 1e7, dimension: 64, context: 262_144, dtype: .float32)
        let f = RopeFrequencies(qwen)
        var previous = (Float(cos(0.0)), Float(sin(0.0)))
        var collisions = 0
        for m in 1..<slowest.context {
            let a = Double(m) * f.double(31)
            let current = (Float(FloatFormat.float32.rounded(cos(a))), Float(FloatFormat.float32.rounded(sin(a))))
            if current == previous { collisions += 1 }
            previous = current
        }
        XCTAssertEqual(collisions, 0)
        let llama = RopeConfiguration(base: 10_000, dimension: 128, context: 4096, dtype: .bfloat16)
        let walls = RopeWalls.simulate(llama, RopeFrequencies(llama), pipeline: .s4)
        // The note's figure is the slowest channel's (63); it also collides first.
        XCTAssertEqual(String(format: "%.2f", 100 * Double(walls.channels[63].collisions) / 4095), "80.95")
        XCTAssertEqual(walls.channels[63].firstCollision, 138)
        XCTAssertEqual(walls.minFirstCollision?.position, 138)
        XCTAssertEqual(walls.minFirstCollision?.channel, 63)
        XCTAssertEqual(walls.channels[0].collisions, 0)
    }

    /// Products are rounded once from the exact value even when the double product is a tie.
    func testRoundedProductBreaksDoubleTiesExactly() {
        // (1 + 2^−29)(1 + 2^−24 − 2^−29) = 1 + 2^−24 + 2^−53 − 2^−58: the double product is the float32
        // tie 1 + 2^−24 (which rounds to even, 1), but the exact product lies above it: 1 + 2^−23.
        let a = 1 + 0x1p-29, b = 1 + 0x1p-24 - 0x1p-29
        XCTAssertEqual(a * b, 1 + 0x1p-24)
        XCTAssertEqual(FloatFormat.float32.rounded(a * b), 1)
        XCTAssertEqual(RopeWalls.roundedProduct(.float32, a, b), 1 + 0x1p-23)
        XCTAssertEqual(RopeWalls.roundedProduct(.float32, 3, 1 + 0x1p-24), 3.0000002384185791)
    }
}
