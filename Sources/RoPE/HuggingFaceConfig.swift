import FloatFormats
import Foundation

/// Reads the RoPE configuration from a Hugging Face `config.json`.
///
/// Keys: `rope_theta`, `head_dim` (or `hidden_size`/`num_attention_heads`), `qk_rope_head_dim`
/// (DeepSeek: the rotary part of the head), `partial_rotary_factor`, `max_position_embeddings`,
/// `num_hidden_layers`, `rope_scaling` (`type` or `rope_type`: linear, dynamic, yarn, llama3),
/// `torch_dtype`. Missing or malformed keys are errors that name the key.
public enum HuggingFaceConfig {
    public static func load(path: String) throws(RopeError) -> RopeConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else { throw RopeError("cannot read \(path)") }
        var c = try parse(data)
        if c.name == nil { c.name = URL(fileURLWithPath: path).deletingLastPathComponent().lastPathComponent }
        return c
    }

    public static func parse(_ data: Data) throws(RopeError) -> RopeConfiguration {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw RopeError("config.json is not valid JSON: \(error.localizedDescription)")
        }
        guard let json = object as? [String: Any] else { throw RopeError("config.json must be a JSON object") }

        func number(_ key: String, in dict: [String: Any] = json) throws(RopeError) -> Double? {
            guard let value = dict[key], !(value is NSNull) else { return nil }
            // JSON true/false arrive as NSNumber's boolean subclass (`value is Bool` also holds for 0 and 1).
            if String(describing: type(of: value)).contains("Boolean") { throw RopeError("\(key) must be a number, not a boolean") }
            if let n = value as? NSNumber { return n.doubleValue }
            throw RopeError("\(key) must be a number, not \(value)")
        }
        func integer(_ key: String, in dict: [String: Any] = json) throws(RopeError) -> Int? {
            guard let x = try number(key, in: dict) else { return nil }
            guard x == x.rounded(), abs(x) < 1e12 else { throw RopeError("\(key) must be a whole number, not \(x)") }
            return Int(x)
        }

        // GPT-NeoX configs call it rotary_emb_base; 10000 is the Transformers default when both are absent.
        let theta = try number("rope_theta")
        let neoxBase = try number("rotary_emb_base")
        let base = theta ?? neoxBase ?? 10_000
        let dimension: Int
        if let d = try integer("qk_rope_head_dim") {
            dimension = d
        } else if let d = try integer("head_dim") {
            dimension = d
        } else {
            guard let hidden = try integer("hidden_size"), let heads = try integer("num_attention_heads") else {
                throw RopeError("config.json has no head_dim, and no hidden_size with num_attention_heads to derive it")
            }
            guard heads > 0, hidden % heads == 0 else { throw RopeError("hidden_size \(hidden) is not a multiple of num_attention_heads \(heads)") }
            dimension = hidden / heads
        }
        var rotary = dimension
        let partial = try number("partial_rotary_factor")
        let percent = try number("rotary_pct")
        if let fraction = partial ?? percent {
            guard fraction > 0, fraction <= 1 else { throw RopeError("partial_rotary_factor must be in (0, 1], not \(fraction)") }
            rotary = Int((Double(dimension) * fraction).rounded())
        }
        guard let context = try integer("max_position_embeddings") else { throw RopeError("config.json has no max_position_embeddings") }
        guard let layers = try integer("num_hidden_layers") else { throw RopeError("config.json has no num_hidden_layers") }
        var dtype = FloatFormat.bfloat16
        if let name = json["torch_dtype"] as? String ?? json["dtype"] as? String {
            do { dtype = try FloatFormat.named(name) } catch { throw RopeError("torch_dtype: \(error.message)") }
        }
        let scaling = try parseScaling(json["rope_scaling"], number: number, integer: integer)
        let c = RopeConfiguration(name: json["_name_or_path"] as? String, base: base, dimension: rotary, context: context,
                                  layers: layers, dtype: dtype, scaling: scaling)
        try c.validate()
        return c
    }

    static func parseScaling(_ value: Any?, number: (String, [String: Any]) throws(RopeError) -> Double?,
                             integer: (String, [String: Any]) throws(RopeError) -> Int?) throws(RopeError) -> RopeScaling? {
        guard let value, !(value is NSNull) else { return nil }
        guard let s = value as? [String: Any] else { throw RopeError("rope_scaling must be an object or null") }
        guard let kind = (s["rope_type"] ?? s["type"]) as? String else { throw RopeError("rope_scaling has no rope_type (or type)") }
        if kind == "default" { return nil }
        guard let factor = try number("factor", s) else { throw RopeError("rope_scaling (\(kind)) has no factor") }
        switch kind {
        case "linear": return .linear(factor: factor)
        case "dynamic", "ntk": return .ntk(factor: factor)
        case "yarn":
            guard let original = try integer("original_max_position_embeddings", s) else {
                throw RopeError("rope_scaling (yarn) has no original_max_position_embeddings")
            }
            return .yarn(factor: factor, originalContext: original, betaFast: try number("beta_fast", s) ?? 32, betaSlow: try number("beta_slow", s) ?? 1)
        case "llama3":
            guard let original = try integer("original_max_position_embeddings", s) else {
                throw RopeError("rope_scaling (llama3) has no original_max_position_embeddings")
            }
            guard let low = try number("low_freq_factor", s), let high = try number("high_freq_factor", s) else {
                throw RopeError("rope_scaling (llama3) needs low_freq_factor and high_freq_factor")
            }
            return .llama3(factor: factor, originalContext: original, lowFrequencyFactor: low, highFrequencyFactor: high)
        default:
            throw RopeError("rope_scaling type '\(kind)' is not supported (linear, dynamic, yarn, llama3)")
        }
    }
}
