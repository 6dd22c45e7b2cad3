import FloatFormats
import Foundation

/// Everything `eml rope` reports about one configuration.
public struct RopeAnalysis: Sendable {
    public let configuration: RopeConfiguration
    public let frequencies: RopeFrequencies
    public let bounds: RopeBounds
    public let walls: [PipelineWalls]
    /// The pipeline that decides the verdict.
    public let pipeline: RopePipeline
    public let menMinimumBase: Double?

    public init(_ c: RopeConfiguration, pipeline: RopePipeline = .s4, epsilon: Double? = nil,
                theta: RopeBounds.ThetaReading = .exact, epsilonMachine: RopeBounds.EpsilonReading = .machineEpsilon,
                pipelines: [RopePipeline] = RopePipeline.allCases, men: Bool = false,
                progress: (@Sendable (RopeProgress) -> Void)? = nil) throws(RopeError) {
        try c.validate()
        if let e = epsilon, !(e > 0 && e < 1) { throw RopeError("the coherence tolerance ε must be in (0, 1), not \(e)") }
        // Measured (bases tried on both cores): 31 s at d/2 × L = 2^22 on 2 cores.
        if men && c.channels * c.context > 1 << 22 {
            throw RopeError("the Men et al. search scans bases with d/2 × L = \(c.channels * c.context) cosines each; the limit is 2^22 (about 31 s; e.g. d = 128, L ≤ 65536)")
        }
        configuration = c
        let f = RopeFrequencies(c)
        frequencies = f
        bounds = RopeBounds(c, frequencies: f, epsilon: epsilon, theta: theta, epsilonMachine: epsilonMachine)
        let chosen = Set(pipelines + [pipeline])
        walls = RopePipeline.allCases.filter(chosen.contains).map { RopeWalls.simulate(c, f, pipeline: $0, progress: progress) }
        self.pipeline = pipeline
        menMinimumBase = men ? MenCriterion.minimumBase(dimension: c.dimension, context: c.context, progress: progress) : nil
    }

    public var chosenWalls: PipelineWalls { walls.first { $0.pipeline == pipeline }! }

    /// Inside the zone and no adjacent collision below L in the chosen pipeline (and, with ε, ε* ≥ ε).
    public var passes: Bool { bounds.insideZone && chosenWalls.minFirstCollision == nil }
    public var exitStatus: Int32 { passes ? 0 : 2 }

    // MARK: Text

    public func report() -> String {
        let c = configuration
        var out: [String] = []
        out.append("RoPE analysis\(c.name.map { ": \($0)" } ?? "")")
        out.append("  base \(g(c.base)), rotary dimension d = \(c.dimension) (\(c.channels) channels), context L = \(c.context), layers N = \(c.layers), dtype \(c.dtype.name) (p = \(c.dtype.precision))")
        if let s = c.scaling { out.append("  scaling: \(s.summary)\(frequencies.effectiveBase != c.base ? ", effective base \(g(frequencies.effectiveBase))" : "")") }
        out.append("")
        out.append("Frequencies θ_i = base^(−2i/d)\(c.scaling == nil ? "" : ", scaled"), exact (MPFR) and rounded once:")
        out.append("     i  θ exact                  float32            \(c.dtype.name.padding(12))  wavelength 2π/θ")
        let shown = c.channels <= 8 ? Array(0..<c.channels) : [0, 1, 2, 3] + Array((c.channels - 4)..<c.channels)
        for i in shown {
            let t = frequencies.double(i)
            out.append("  \(String(i).leftPad(4))  \(e17(t).padding(23))  \(e9(frequencies.rounded(i, to: .float32)).padding(17))  \(e9(frequencies.rounded(i, to: c.dtype)).padding(12))  \(g(2 * .pi / t))")
            if c.channels > 8 && i == 3 { out.append("   …") }
        }
        out.append("")
        let b = bounds
        out.append("Bounds (Liu 2026), θ_min read as \(b.thetaReading == .exact ? "base^(−(d−2)/d)" : "1/base"), ε_mach read as \(b.epsilonReading == .machineEpsilon ? "2^(1−p)" : "2^(−p)") = \(g(b.epsilonMachine)):")
        let ratio = "d/(d−2)"
        out.append("  aliasing          L < 2π·base\(b.thetaReading == .exact ? "^((d−2)/d)" : "")          base ≥ \(g(b.aliasingMinimumBase))\(b.thetaReading == .exact ? "   (= (L/2π)^(\(ratio)))" : "   (= L/2π)")")
        if let e = b.epsilon {
            out.append("  DC stability      base ≥ L/arccos(ε), ε = \(g(e))     base ≥ \(g(b.dcMinimumBase!))")
            out.append("  depth             base ≥ L/arccos(ε^(1/N))         base ≥ \(g(b.depthMinimumBase!))")
        } else {
            out.append("  DC stability, depth: need a tolerance ε (--epsilon); the configuration's own is ε* below")
        }
        out.append("  precision ceiling \(b.thetaReading == .exact ? "θ_min > ε_mach" : "base < 1/ε_mach")                  base < \(g(b.precisionMaximumBase))")
        out.append("  ε* = cos(L·θ_min)^N = \(b.epsilonStar.map(g) ?? "none (L·θ_min ≥ π/2)")   (θ_min = \(g(b.thetaMin)))")
        if let lmax = b.maximumContext { out.append("  L_max = arccos(ε^(1/N))/ε_mach = \(g(lmax)) tokens") }
        out.append("  zone [\(g(b.zoneLower)), \(g(b.precisionMaximumBase))): base \(g(frequencies.effectiveBase)) is \(b.insideZone ? "inside" : "OUTSIDE")")
        out.append("")
        out.append("Walls by bit-level simulation over positions 0 … \(c.context - 1):")
        for w in walls {
            let first = w.minFirstCollision.map { "m = \($0.position) (channel \($0.channel))" } ?? "none below L"
            let beyond = w.minFirstCollision == nil && w.pipeline != .s4
                ? (w.firstCollisionBeyondContext.map { "; first beyond L: m = \($0.position) (channel \($0.channel))" } ?? "; none up to m = \(w.searchedTo)") : ""
            let phase = w.maxPhaseError
            out.append("  \(w.pipeline.rawValue) \(w.pipeline.summary)")
            out.append("     first collision \(first)\(beyond)")
            out.append("     colliding adjacent pairs \(String(format: "%.4f", 100 * w.collisionFraction))%, worst phase error \(g(phase.value)) rad at m = \(phase.position), channel \(phase.channel)")
        }
        if let men = menMinimumBase {
            out.append("")
            out.append("Men et al. 2024: smallest base with Σ_i cos(m·θ_i) ≥ 0 for all m ≤ L: \(g(men)) (\(MenCriterion.definition))")
        }
        out.append("")
        out.append("Verdict (\(pipeline.rawValue)): \(passes ? "PASS" : "FAIL") — \(bounds.insideZone ? "inside the zone" : "outside the zone"), \(chosenWalls.minFirstCollision == nil ? "no collision below L" : "collision below L at m = \(chosenWalls.minFirstCollision!.position)")")
        return out.joined(separator: "\n")
    }

    // MARK: JSON

    public func json() -> [String: Any] {
        let c = configuration, b = bounds
        func opt(_ x: Double?) -> Any { x.map { $0 as Any } ?? NSNull() }
        var scaling: Any = NSNull()
        if let s = c.scaling {
            var d: [String: Any] = ["type": s.name]
            switch s {
            case .linear(let f), .ntk(let f): d["factor"] = f
            case .yarn(let f, let l, let bf, let bs): d["factor"] = f; d["original_context"] = l; d["beta_fast"] = bf; d["beta_slow"] = bs
            case .llama3(let f, let l, let lo, let hi): d["factor"] = f; d["original_context"] = l; d["low_freq_factor"] = lo; d["high_freq_factor"] = hi
            }
            scaling = d
        }
        let theta: [[String: Any]] = (0..<c.channels).map { i in
            ["i": i, "exact": frequencies.double(i), "unscaled": frequencies.unscaled[i].doubleValue,
             "float32": frequencies.rounded(i, to: .float32), "dtype": frequencies.rounded(i, to: c.dtype),
             "wavelength": 2 * Double.pi / frequencies.double(i)]
        }
        var walls: [String: Any] = [:]
        for w in self.walls {
            let phase = w.maxPhaseError
            walls[w.pipeline.rawValue] = [
                "first_collision": w.channels.map { $0.firstCollision.map { $0 as Any } ?? NSNull() },
                "min_first_collision": w.minFirstCollision.map { ["position": $0.position, "channel": $0.channel] as Any } ?? NSNull(),
                "first_collision_beyond_context": w.firstCollisionBeyondContext.map { ["position": $0.position, "channel": $0.channel] as Any } ?? NSNull(),
                "searched_to": w.searchedTo,
                "collision_fraction": w.collisionFraction,
                "collisions_per_channel": w.channels.map(\.collisions),
                "max_phase_error": ["radians": phase.value, "position": phase.position, "channel": phase.channel],
            ] as [String: Any]
        }
        var result: [String: Any] = [
            "configuration": ["name": c.name.map { $0 as Any } ?? NSNull(), "base": c.base, "effective_base": frequencies.effectiveBase,
                              "dimension": c.dimension, "context": c.context, "layers": c.layers, "dtype": c.dtype.name,
                              "precision_bits": c.dtype.precision, "scaling": scaling] as [String: Any],
            "theta": theta,
            "bounds": ["theta_reading": b.thetaReading.rawValue, "epsilon_reading": b.epsilonReading.rawValue,
                       "epsilon_mach": b.epsilonMachine, "theta_min": b.thetaMin, "epsilon": opt(b.epsilon),
                       "aliasing_min_base": b.aliasingMinimumBase, "dc_min_base": opt(b.dcMinimumBase),
                       "depth_min_base": opt(b.depthMinimumBase), "precision_max_base": b.precisionMaximumBase,
                       "epsilon_star": opt(b.epsilonStar), "l_max": opt(b.maximumContext), "zone_lower": b.zoneLower] as [String: Any],
            "inside_zone": b.insideZone,
            "walls": walls,
            "pipeline": pipeline.rawValue,
            "pass": passes,
            "exit_status": Int(exitStatus),
        ]
        if let men = menMinimumBase { result["men_min_base"] = ["value": men, "definition": MenCriterion.definition] }
        return result
    }

    public func jsonText() -> String {
        let data = (try? JSONSerialization.data(withJSONObject: json(), options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

func g(_ x: Double) -> String {
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    if x == x.rounded() && abs(x) < 1e15 { return String(Int(x)) }
    return String(format: "%.6g", x)
}
func e17(_ x: Double) -> String { String(format: "%.17g", x) }
func e9(_ x: Double) -> String { String(format: "%.9g", x) }

extension String {
    func padding(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
