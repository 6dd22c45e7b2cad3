import FloatFormats
import Foundation

extension RopeAnalysis {
    /// Two panels: the zone per dtype on a log axis of the base, with the configuration marked; and the
    /// first collision per channel for each simulated pipeline (log2 position), with L drawn across.
    public func svg() -> String {
        let width = 900.0, zoneHeight = 270.0, wallHeight = 390.0
        var s: [String] = []
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(zoneHeight + wallHeight + 40))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">")
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>")
        let c = configuration
        s.append("<text x=\"20\" y=\"24\" font-size=\"15\" font-weight=\"bold\">RoPE zone\(c.name.map { ": \(escape($0))" } ?? "") — d = \(c.dimension), L = \(c.context), N = \(c.layers)</text>")

        // Panel 1: zones per dtype.
        let formats: [FloatFormat] = [.float32, .bfloat16, .float16] + ([.float32, .bfloat16, .float16].contains(c.dtype) ? [] : [c.dtype])
        let perFormat = formats.map { f -> (FloatFormat, RopeBounds) in
            var cf = c
            cf.dtype = f
            return (f, RopeBounds(cf, frequencies: frequencies, epsilon: bounds.epsilon, theta: bounds.thetaReading, epsilonMachine: bounds.epsilonReading))
        }
        let values = perFormat.flatMap { [$0.1.zoneLower, $0.1.precisionMaximumBase] } + [frequencies.effectiveBase]
        let lo = floor(log10(max(values.min()!, 1.0001))) , hi = ceil(log10(values.max()!))
        let left = 110.0, right = width - 30
        func x(_ base: Double) -> Double { left + (log10(max(base, 1)) - lo) / max(hi - lo, 1) * (right - left) }
        let top = 50.0, row = 44.0
        for k in Int(lo)...Int(hi) {
            let px = x(pow(10, Double(k)))
            s.append("<line x1=\"\(f(px))\" y1=\"\(f(top - 8))\" x2=\"\(f(px))\" y2=\"\(f(top + row * Double(perFormat.count)))\" stroke=\"#ddd\"/>")
            s.append("<text x=\"\(f(px))\" y=\"\(f(top + row * Double(perFormat.count) + 16))\" text-anchor=\"middle\">1e\(k)</text>")
        }
        for (n, (format, b)) in perFormat.enumerated() {
            let y = top + row * Double(n)
            s.append("<text x=\"20\" y=\"\(f(y + 20))\"\(format == c.dtype ? " font-weight=\"bold\"" : "")>\(format.name)</text>")
            let x0 = x(b.zoneLower), x1 = x(b.precisionMaximumBase)
            if x1 > x0 { s.append("<rect x=\"\(f(x0))\" y=\"\(f(y + 6))\" width=\"\(f(x1 - x0))\" height=\"20\" fill=\"#b7e4c7\" stroke=\"#2d6a4f\"/>") }
            s.append("<line x1=\"\(f(x(b.aliasingMinimumBase)))\" y1=\"\(f(y + 2))\" x2=\"\(f(x(b.aliasingMinimumBase)))\" y2=\"\(f(y + 30))\" stroke=\"#1d3557\" stroke-width=\"2\"><title>aliasing bound \(g(b.aliasingMinimumBase))</title></line>")
            if let dc = b.depthMinimumBase {
                s.append("<line x1=\"\(f(x(dc)))\" y1=\"\(f(y + 2))\" x2=\"\(f(x(dc)))\" y2=\"\(f(y + 30))\" stroke=\"#e76f51\" stroke-width=\"2\"><title>depth bound \(g(dc))</title></line>")
            }
            s.append("<line x1=\"\(f(x1))\" y1=\"\(f(y + 2))\" x2=\"\(f(x1))\" y2=\"\(f(y + 30))\" stroke=\"#9d0208\" stroke-width=\"2\"><title>precision ceiling \(g(b.precisionMaximumBase))</title></line>")
        }
        let bx = x(frequencies.effectiveBase)
        s.append("<line x1=\"\(f(bx))\" y1=\"\(f(top - 10))\" x2=\"\(f(bx))\" y2=\"\(f(top + row * Double(perFormat.count)))\" stroke=\"black\" stroke-width=\"2\" stroke-dasharray=\"5,3\"/>")
        s.append("<text x=\"\(f(bx + 4))\" y=\"\(f(top - 12))\">base \(g(frequencies.effectiveBase)) (\(bounds.insideZone ? "inside" : "outside") for \(c.dtype.name))</text>")
        s.append("<text x=\"\(f(left))\" y=\"\(f(zoneHeight - 22))\" fill=\"#555\" font-size=\"11\">green: zone [largest lower bound, precision ceiling); blue: aliasing bound; orange: depth bound (with ε); red: ceiling</text>")
        s.append("<text x=\"\(f(left))\" y=\"\(f(zoneHeight - 8))\" fill=\"#555\" font-size=\"11\">θ_min read \(bounds.thetaReading.rawValue), ε_mach read as \(bounds.epsilonReading.rawValue)\(bounds.epsilon.map { ", ε = \(g($0))" } ?? ", no ε given")</text>")

        // Panel 2: first collision per channel.
        let py = zoneHeight + 30, ph = wallHeight - 110
        let colours: [RopePipeline: String] = [.s1: "#e63946", .s2: "#457b9d", .s3: "#2a9d8f", .s4: "#f4a261"]
        let maxLog = max(log2(Double(c.context)) + 1, 8)
        func wx(_ ch: Int) -> Double { left + Double(ch) / Double(max(c.channels - 1, 1)) * (right - left) }
        func wy(_ m: Double) -> Double { py + ph - log2(max(m, 1)) / maxLog * ph }
        s.append("<text x=\"20\" y=\"\(f(py - 8))\" font-size=\"14\" font-weight=\"bold\">First adjacent collision per channel (log2 m; above the L line: none below L)</text>")
        s.append("<rect x=\"\(f(left))\" y=\"\(f(py + 6))\" width=\"\(f(right - left))\" height=\"\(f(ph - 6))\" fill=\"none\" stroke=\"#999\"/>")
        let ly = wy(Double(c.context))
        s.append("<line x1=\"\(f(left))\" y1=\"\(f(ly))\" x2=\"\(f(right))\" y2=\"\(f(ly))\" stroke=\"black\" stroke-dasharray=\"4,3\"/><text x=\"\(f(left - 6))\" y=\"\(f(ly + 4))\" text-anchor=\"end\">L</text>")
        for k in stride(from: 0, through: Int(maxLog) - 2, by: 4) {
            s.append("<text x=\"\(f(left - 6))\" y=\"\(f(wy(pow(2, Double(k))) + 4))\" text-anchor=\"end\" fill=\"#555\">2^\(k)</text>")
        }
        for (n, w) in walls.enumerated() {
            let points = w.channels.enumerated().map { ch, wall in "\(f(wx(ch))),\(f(wy(wall.firstCollision.map(Double.init) ?? pow(2, maxLog))))" }
            s.append("<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"\(colours[w.pipeline]!)\" stroke-width=\"1.5\"/>")
            let first = w.minFirstCollision.map { "first at m = \($0.position)" } ?? "none below L"
            let lx = left, ly = py + ph + 38 + Double(n) * 17
            s.append("<line x1=\"\(f(lx))\" y1=\"\(f(ly - 4))\" x2=\"\(f(lx + 18))\" y2=\"\(f(ly - 4))\" stroke=\"\(colours[w.pipeline]!)\" stroke-width=\"3\"/>")
            s.append("<text x=\"\(f(lx + 24))\" y=\"\(f(ly))\">\(w.pipeline.rawValue): \(escape(w.pipeline.summary)) (\(first))</text>")
        }
        s.append("<text x=\"\(f((left + right) / 2))\" y=\"\(f(py + ph + 16))\" text-anchor=\"middle\">channel i (θ_i = base^(−2i/d))</text>")
        if walls.allSatisfy({ $0.minFirstCollision == nil }) {
            s.append("<text x=\"\(f((left + right) / 2))\" y=\"\(f(py + ph / 2))\" text-anchor=\"middle\" font-size=\"14\" fill=\"#2d6a4f\">no adjacent collision below L in any channel or pipeline</text>")
        }
        s.append("</svg>")
        return s.joined(separator: "\n")
    }
}

func f(_ x: Double) -> String { String(format: "%.1f", x) }
func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
}
