import FloatFormats

/// Published configurations (reference note, "Configurations worth shipping as presets"), dtype bf16.
public enum RopePresets {
    public static let all: [RopeConfiguration] = [
        RopeConfiguration(name: "llama-2-7b", base: 1e4, dimension: 128, context: 4096, layers: 32),
        RopeConfiguration(name: "llama-2-70b", base: 1e4, dimension: 128, context: 4096, layers: 80),
        RopeConfiguration(name: "code-llama-7b", base: 1e6, dimension: 128, context: 16_384, layers: 32),
        RopeConfiguration(name: "code-llama-7b-100k", base: 1e6, dimension: 128, context: 100_000, layers: 32),
        RopeConfiguration(name: "llama-3-8b", base: 5e5, dimension: 128, context: 8192, layers: 32),
        RopeConfiguration(name: "llama-3-70b", base: 5e5, dimension: 128, context: 8192, layers: 80),
        RopeConfiguration(name: "llama-3.1-8b", base: 5e5, dimension: 128, context: 131_072, layers: 32,
                          scaling: .llama3(factor: 8, originalContext: 8192, lowFrequencyFactor: 1, highFrequencyFactor: 4)),
        RopeConfiguration(name: "llama-3.1-405b", base: 5e5, dimension: 128, context: 131_072, layers: 126,
                          scaling: .llama3(factor: 8, originalContext: 8192, lowFrequencyFactor: 1, highFrequencyFactor: 4)),
        // Sliding window 4096 over an 8192 context: positions still run to 8191.
        RopeConfiguration(name: "mistral-7b-v0.1", base: 1e4, dimension: 128, context: 8192, layers: 32),
        RopeConfiguration(name: "mixtral-8x7b", base: 1e6, dimension: 128, context: 32_768, layers: 32),
        RopeConfiguration(name: "deepseek-v3", base: 1e4, dimension: 64, context: 131_072, layers: 61,
                          scaling: .yarn(factor: 40, originalContext: 4096, betaFast: 32, betaSlow: 1)),
        // Qwen-style long context; the layer count is not part of the reference configuration (1 here).
        RopeConfiguration(name: "qwen-1e7", base: 1e7, dimension: 64, context: 262_144, layers: 1),
    ]

    public static func named(_ name: String) throws(RopeError) -> RopeConfiguration {
        if let c = all.first(where: { $0.name == name.lowercased() }) { return c }
        throw RopeError("unknown preset '\(name)'; presets: \(all.compactMap(\.name).joined(separator: ", "))")
    }
}
