import FloatFormats

/// How a model rescales its rotary frequencies for a longer context.
public enum RopeScaling: Sendable, Equatable {
    /// Position interpolation: θ′ = θ/s.
    case linear(factor: Double)
    /// NTK-aware: base′ = base·s^(d/(d−2)).
    case ntk(factor: Double)
    /// YaRN (Peng et al. 2023): ramp γ(r) over r = L_orig/λ between β_slow and β_fast;
    /// θ′ = (1 − γ)·θ/s + γ·θ.
    case yarn(factor: Double, originalContext: Int, betaFast: Double, betaSlow: Double)
    /// Llama 3.1: wavelengths above L_orig/low_freq_factor divided by s, below L_orig/high_freq_factor
    /// kept, smooth interpolation between.
    case llama3(factor: Double, originalContext: Int, lowFrequencyFactor: Double, highFrequencyFactor: Double)

    public var name: String {
        switch self {
        case .linear: return "linear"
        case .ntk: return "ntk"
        case .yarn: return "yarn"
        case .llama3: return "llama3"
        }
    }

    public var summary: String {
        switch self {
        case .linear(let s): return "linear ×\(s)"
        case .ntk(let s): return "NTK-aware ×\(s)"
        case .yarn(let s, let l, let bf, let bs): return "YaRN ×\(s), original context \(l), β_fast \(bf), β_slow \(bs)"
        case .llama3(let s, let l, let lo, let hi): return "Llama-3.1 ×\(s), original context \(l), low_freq_factor \(lo), high_freq_factor \(hi)"
        }
    }
}

/// A rotary position embedding setup: what `eml rope` analyses.
public struct RopeConfiguration: Sendable, Equatable {
    public var name: String?
    public var base: Double
    /// Rotary dimension d per head (even): d/2 channels.
    public var dimension: Int
    /// Context length L: positions 0 … L − 1.
    public var context: Int
    /// Layers N (for the depth bound and ε*).
    public var layers: Int
    public var dtype: FloatFormat
    public var scaling: RopeScaling?

    public init(name: String? = nil, base: Double, dimension: Int, context: Int, layers: Int = 1,
                dtype: FloatFormat = .bfloat16, scaling: RopeScaling? = nil) {
        self.name = name; self.base = base; self.dimension = dimension; self.context = context
        self.layers = layers; self.dtype = dtype; self.scaling = scaling
    }

    public var channels: Int { dimension / 2 }

    /// Largest channels × positions simulated per pipeline (channels on both cores, release build, 2 cores:
    /// d = 128 at L = 2^26, the context limit, takes 48–65 s for all four pipelines, S4 the slowest).
    public static let maximumEvaluations = 1 << 32

    /// Nonsense values rejected with the field named.
    public func validate() throws(RopeError) {
        guard base.isFinite, base > 1 else { throw RopeError("base must be a number greater than 1, not \(base)") }
        guard dimension >= 2, dimension % 2 == 0 else { throw RopeError("rotary dimension d must be even and at least 2, not \(dimension)") }
        guard dimension <= 65_536 else { throw RopeError("rotary dimension d = \(dimension) is larger than any model's (limit 65536)") }
        guard context >= 2, context <= 1 << 26 else { throw RopeError("context length must be between 2 and 2^26, not \(context)") }
        guard layers >= 1, layers <= 100_000 else { throw RopeError("layers must be between 1 and 100000, not \(layers)") }
        // Each pipeline evaluates every channel at every position: keep that to seconds, not hours.
        guard channels * context <= RopeConfiguration.maximumEvaluations else {
            throw RopeError("d/2 × L = \(channels) × \(context) angle evaluations per pipeline exceeds the limit of 2^32 (about a minute of simulation for the four pipelines; e.g. d = 128, L ≤ 2^26)")
        }
        guard dtype.fitsInDouble else { throw RopeError("dtype \(dtype.name) does not fit in float64; the simulation needs p ≤ 53") }
        if let s = scaling {
            let factor: Double
            switch s {
            case .linear(let f), .ntk(let f): factor = f
            case .yarn(let f, let l, let bf, let bs):
                factor = f
                guard l >= 1, bf > bs, bs > 0 else { throw RopeError("YaRN needs original context ≥ 1 and β_fast > β_slow > 0") }
            case .llama3(let f, let l, let lo, let hi):
                factor = f
                guard l >= 1, hi > lo, lo > 0 else { throw RopeError("Llama-3.1 scaling needs original context ≥ 1 and high_freq_factor > low_freq_factor > 0") }
            }
            guard factor.isFinite, factor >= 1 else { throw RopeError("scaling factor must be at least 1, not \(factor)") }
        }
    }
}

public struct RopeError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The rotation pipelines whose walls are simulated bit by bit.
public enum RopePipeline: String, Sendable, CaseIterable {
    /// Positions, θ and their product all in the dtype (HF transformers before PR #29285, Megatron-LM #535).
    case s1 = "S1"
    /// Exact integer m, float32 θ, product rounded once to the dtype (bf16 autocast matmul).
    case s2 = "S2"
    /// θ rounded to the dtype, product in float32 (the sglang-jax #1472 bug).
    case s3 = "S3"
    /// Exact angle, cos and sin rounded to the dtype (low-precision cos/sin caches).
    case s4 = "S4"

    public var summary: String {
        switch self {
        case .s1: return "m, θ and m·θ in the dtype"
        case .s2: return "exact m, float32 θ, m·θ rounded to the dtype"
        case .s3: return "θ in the dtype, m·θ in float32"
        case .s4: return "exact angle, cos/sin rounded to the dtype"
        }
    }
}
