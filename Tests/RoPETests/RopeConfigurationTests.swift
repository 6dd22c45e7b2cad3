import FloatFormats
import Foundation
import RoPE
import XCTest

final class RopeConfigurationTests: XCTestCase {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Examples/rope")

    func bounds(_ c: RopeConfiguration, epsilon: Double? = nil, theta: RopeBounds.ThetaReading = .exact,
                eps: RopeBounds.EpsilonReading = .machineEpsilon) -> RopeBounds {
        RopeBounds(c, frequencies: RopeFrequencies(c), epsilon: epsilon, theta: theta, epsilonMachine: eps)
    }

    func testBoundsArithmetic() {
        // L_max = arccos(ε^(1/N))/ε_mach: float32, ε = 0.5, N = 80 gives the paper's "~1M token wall".
        let c = RopeConfiguration(base: 5e5, dimension: 128, context: 8192, layers: 80, dtype: .float32)
        let b = bounds(c, epsilon: 0.5)
        XCTAssertEqual(b.maximumContext!, acos(pow(0.5, 1.0 / 80)) * 8_388_608, accuracy: 1e-6)
        XCTAssertEqual(String(format: "%.3g", b.maximumContext!), "1.1e+06")
        XCTAssertEqual(b.dcMinimumBase!, 8192 / acos(0.5), accuracy: 1e-9)
        XCTAssertEqual(b.depthMinimumBase!, 8192 / acos(pow(0.5, 1.0 / 80)), accuracy: 1e-9)
        XCTAssertEqual(b.aliasingMinimumBase, pow(8192 / (2 * Double.pi), 128.0 / 126), accuracy: 1e-9)
        XCTAssertEqual(b.epsilonStar!, pow(cos(8192 * pow(5e5, -126.0 / 128)), 80), accuracy: 1e-12)
        let asymptotic = bounds(c, epsilon: 0.5, theta: .asymptotic, eps: .unitRoundoff)
        XCTAssertEqual(asymptotic.aliasingMinimumBase, 8192 / (2 * Double.pi), accuracy: 1e-9)
        XCTAssertEqual(asymptotic.precisionMaximumBase, 16_777_216)
        XCTAssertEqual(asymptotic.thetaMin, 1 / 5e5)
    }

    /// Qwen-style base 10^7, d = 64: above the float32 ceiling read as 1/ε_mach, inside read exactly.
    func testQwenReadings() {
        let c = RopeConfiguration(base: 1e7, dimension: 64, context: 262_144, dtype: .float32)
        let first = bounds(c, theta: .asymptotic)
        XCTAssertEqual(first.precisionMaximumBase, 8_388_608)
        XCTAssertFalse(first.insideZone)
        let second = bounds(c, theta: .exact)
        XCTAssertEqual(second.precisionMaximumBase, pow(0x1p-23, -64.0 / 62), accuracy: 1)
        XCTAssertTrue(second.insideZone)
    }

    func testScalingRules() {
        let plain = RopeConfiguration(base: 5e5, dimension: 128, context: 8192)
        let f = RopeFrequencies(plain)
        let linear = RopeFrequencies(RopeConfiguration(base: 5e5, dimension: 128, context: 8192, scaling: .linear(factor: 4)))
        XCTAssertEqual(linear.double(7), f.double(7) / 4, accuracy: 1e-18)
        let ntk = RopeFrequencies(RopeConfiguration(base: 1e4, dimension: 128, context: 8192, scaling: .ntk(factor: 4)))
        XCTAssertEqual(ntk.effectiveBase, 1e4 * pow(4, 128.0 / 126), accuracy: 1e-6)
        XCTAssertEqual(ntk.double(63), pow(ntk.effectiveBase, -126.0 / 128), accuracy: 1e-15)
        XCTAssertEqual(ntk.double(0), 1)
        // Llama 3.1: wavelengths below 8192/4 kept, above 8192/1 divided by 8, smooth between.
        let llama = RopeFrequencies(RopePresets.all.first { $0.name == "llama-3.1-8b" }!)
        for i in 0..<64 {
            let t = f.double(i), w = 2 * Double.pi / t
            if w < 2048 { XCTAssertEqual(llama.double(i), t, "channel \(i)") }
            if w > 8192 { XCTAssertEqual(llama.double(i), t / 8, accuracy: t * 1e-15, "channel \(i)") }
            if w >= 2048 && w <= 8192 {
                let smooth = (8192 / w - 1) / 3
                XCTAssertEqual(llama.double(i), (1 - smooth) * t / 8 + smooth * t, accuracy: t * 1e-14, "channel \(i)")
            }
        }
        // YaRN: ratio r = L_orig/λ; channels with r > β_fast kept, r < β_slow interpolated by 1/40.
        let yarnConfig = RopePresets.all.first { $0.name == "deepseek-v3" }!
        let yarn = RopeFrequencies(yarnConfig)
        let base = RopeFrequencies(RopeConfiguration(base: 1e4, dimension: 64, context: 2))
        XCTAssertEqual(yarn.double(0), 1)
        XCTAssertEqual(yarn.double(31), base.double(31) / 40, accuracy: 1e-18)
    }

    func testPresetConfigsParse() throws {
        let llama2 = try HuggingFaceConfig.load(path: Self.examples.appendingPathComponent("llama-2-7b/config.json").path)
        XCTAssertEqual(llama2.dimension, 128)
        XCTAssertEqual(llama2.context, 4096)
        XCTAssertEqual(llama2.layers, 32)
        XCTAssertEqual(llama2.dtype, .float16)
        XCTAssertNil(llama2.scaling)
        let llama31 = try HuggingFaceConfig.load(path: Self.examples.appendingPathComponent("llama-3.1-8b/config.json").path)
        XCTAssertEqual(llama31.scaling, .llama3(factor: 8, originalContext: 8192, lowFrequencyFactor: 1, highFrequencyFactor: 4))
        XCTAssertEqual(llama31.base, 5e5)
        XCTAssertEqual(llama31.dtype, .bfloat16)
        let deepseek = try HuggingFaceConfig.load(path: Self.examples.appendingPathComponent("deepseek-v3/config.json").path)
        XCTAssertEqual(deepseek.dimension, 64, "qk_rope_head_dim wins over hidden_size/heads")
        XCTAssertEqual(deepseek.layers, 61)
        XCTAssertEqual(deepseek.scaling, .yarn(factor: 40, originalContext: 4096, betaFast: 32, betaSlow: 1))
        let mistral = try HuggingFaceConfig.load(path: Self.examples.appendingPathComponent("mistral-7b-v0.1/config.json").path)
        XCTAssertEqual(mistral.dimension, 128)
        let qwen = try HuggingFaceConfig.load(path: Self.examples.appendingPathComponent("qwen2-7b/config.json").path)
        XCTAssertEqual(qwen.dimension, 128)
        XCTAssertEqual(qwen.base, 1e6)
        let pythia = try HuggingFaceConfig.load(path: Self.examples.appendingPathComponent("pythia-1b/config.json").path)
        XCTAssertEqual(pythia.dimension, 64, "rotary_pct 0.25 of head 256")
    }

    func parseError(_ json: String) -> String {
        do { _ = try HuggingFaceConfig.parse(Data(json.utf8)); return "accepted" } catch { return error.message }
    }

    func testMalformedConfigsAreNamed() {
        let good = "\"hidden_size\": 4096, \"num_attention_heads\": 32, \"num_hidden_layers\": 32, \"max_position_embeddings\": 4096"
        XCTAssertEqual(parseError("{\(good)}"), "accepted")
        XCTAssertTrue(parseError("{\"num_hidden_layers\": 32, \"max_position_embeddings\": 4096}").contains("no head_dim"))
        XCTAssertTrue(parseError("{\"head_dim\": 128, \"num_hidden_layers\": 32}").contains("no max_position_embeddings"))
        XCTAssertTrue(parseError("{\"head_dim\": 128, \"max_position_embeddings\": 4096}").contains("no num_hidden_layers"))
        XCTAssertTrue(parseError("{\(good), \"head_dim\": 127}").contains("must be even"))
        XCTAssertTrue(parseError("{\(good), \"rope_theta\": 1}").contains("base must be a number greater than 1"))
        XCTAssertTrue(parseError("{\(good), \"rope_theta\": \"big\"}").contains("rope_theta must be a number"))
        XCTAssertTrue(parseError("{\(good), \"rope_theta\": true}").contains("not a boolean"))
        XCTAssertTrue(parseError("{\(good), \"torch_dtype\": \"float17\"}").contains("unknown float format"))
        XCTAssertTrue(parseError("{\(good), \"rope_scaling\": {\"rope_type\": \"yarn\", \"factor\": 4}}").contains("original_max_position_embeddings"))
        XCTAssertTrue(parseError("{\(good), \"rope_scaling\": {\"rope_type\": \"longrope\", \"factor\": 4}}").contains("not supported"))
        XCTAssertTrue(parseError("{\(good), \"rope_scaling\": {\"type\": \"linear\", \"factor\": 0.5}}").contains("at least 1"))
        XCTAssertTrue(parseError("[1, 2]").contains("must be a JSON object"))
        XCTAssertTrue(parseError("{\"head_dim\": ").contains("not valid JSON"))
        XCTAssertEqual(parseError("{\(good), \"rope_scaling\": {\"type\": \"yarn\", \"factor\": 4, \"original_max_position_embeddings\": 4096, \"beta_slow\": 1}}"), "accepted")
    }

    func testMenCriterion() {
        // d = 128: about 4.3e3 at L = 1K (Men et al. 2024). Not monotone: the first passing base is reported.
        let base = MenCriterion.minimumBase(dimension: 128, context: 1024)!
        XCTAssertEqual(base, 4300, accuracy: 4300 * 0.01)
        XCTAssertTrue(MenCriterion.passes(base: base, dimension: 128, context: 1024))
        XCTAssertFalse(MenCriterion.passes(base: base / 1.001, dimension: 128, context: 1024))
        // Not monotone: a coarse grid's first passing point lies past a failing stretch.
        XCTAssertFalse(MenCriterion.passes(base: 5475, dimension: 128, context: 1024))
    }
}
