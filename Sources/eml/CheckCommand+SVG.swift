import EMLCheck
import Foundation

/// `eml check --svg DIR`: per benchmark, bits of error against each input, as Herbie's reports draw them:
/// the input on the format's ordinal axis (so decades are evenly spaced, and so are the values within one),
/// every point as a dot and the mean of each of 48 bins as a line.
enum CheckPicture {
    static func fileName(_ r: CheckReport) -> String {
        let safe = String((r.name + "-" + r.format).map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" }.prefix(100))
        return safe + ".svg"
    }

    static func svg(_ r: CheckReport) -> String {
        let (w, h, pad) = (420.0, 260.0, 46.0)
        let panels = max(1, r.arguments.count)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w) * panels)\" height=\"\(Int(h) + 24)\" font-family=\"sans-serif\" font-size=\"11\">\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        out += "<text x=\"8\" y=\"16\" font-size=\"13\">\(XMLText.escape(r.name)) in \(XMLText.escape(r.format)): \(String(format: "%.2f", r.meanBits())) mean bits over \(r.points) points</text>\n"
        let points = r.perPoint ?? []
        let f = (try? CheckFormat.named(r.format))?.format
        let top = Double(r.width)
        for (a, name) in r.arguments.enumerated() {
            let x0 = Double(a) * w
            let ordinals = points.map { p -> Double in Double(f?.ordinal(p.inputs[a]) ?? 0) }
            let lo = ordinals.min() ?? 0, hi = max(ordinals.max() ?? 1, lo + 1)
            func px(_ o: Double) -> Double { x0 + pad + (o - lo) / (hi - lo) * (w - pad - 16) }
            func py(_ b: Double) -> Double { 24 + h - pad - b / top * (h - pad - 20) }
            out += "<line x1=\"\(x0 + pad)\" y1=\"\(py(0))\" x2=\"\(x0 + w - 16)\" y2=\"\(py(0))\" stroke=\"black\"/>\n"
            out += "<line x1=\"\(x0 + pad)\" y1=\"\(py(0))\" x2=\"\(x0 + pad)\" y2=\"\(py(top))\" stroke=\"black\"/>\n"
            for b in stride(from: 0.0, through: top, by: top / 4) {
                out += "<text x=\"\(x0 + pad - 4)\" y=\"\(py(b) + 4)\" text-anchor=\"end\">\(Int(b))</text>\n"
            }
            out += "<text x=\"\(x0 + 12)\" y=\"\(py(top / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 \(x0 + 12) \(py(top / 2)))\">bits of error</text>\n"
            out += "<text x=\"\(x0 + w / 2)\" y=\"\(h + 18)\" text-anchor=\"middle\">\(XMLText.escape(name))</text>\n"
            // Tick labels: the input values at five evenly spaced ordinals.
            for t in 0...4 {
                let o = lo + (hi - lo) * Double(t) / 4
                let v = f?.value(ordinal: Int64(o)) ?? o
                out += "<text x=\"\(px(o))\" y=\"\(py(0) + 14)\" text-anchor=\"middle\">\(String(format: "%.2g", v))</text>\n"
            }
            for (p, o) in zip(points, ordinals) {
                out += "<circle cx=\"\(String(format: "%.1f", px(o)))\" cy=\"\(String(format: "%.1f", py(p.bits[0])))\" r=\"1.2\" fill=\"#4477aa\" fill-opacity=\"0.35\"/>\n"
            }
            let bins = 48
            var sums = [Double](repeating: 0, count: bins), counts = [Int](repeating: 0, count: bins)
            for (p, o) in zip(points, ordinals) {
                let b = min(bins - 1, Int((o - lo) / (hi - lo) * Double(bins)))
                sums[b] += p.bits[0]; counts[b] += 1
            }
            let line = (0..<bins).filter { counts[$0] > 0 }.map { b in
                "\(String(format: "%.1f", px(lo + (Double(b) + 0.5) / Double(bins) * (hi - lo)))),\(String(format: "%.1f", py(sums[b] / Double(counts[b]))))"
            }
            out += "<polyline fill=\"none\" stroke=\"#cc3311\" stroke-width=\"2\" points=\"\(line.joined(separator: " "))\"/>\n"
        }
        return out + "</svg>\n"
    }
}
