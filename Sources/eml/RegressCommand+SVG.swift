import EMLSearch
import Foundation

/// `eml regress --svg`: the Pareto front (K against held-out RMSE, log scale) beside the best candidate's
/// values against the data (each point at (target, fit); on the diagonal when the fit is exact).
enum RegressionPicture {
    static func svg(_ front: [RegressionCandidate], _ data: RegressionData, target: String) -> String {
        let (w, h, pad) = (420.0, 320.0, 48.0)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(2 * w))\" height=\"\(Int(h))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        func axes(_ x0: Double, _ title: String, _ xLabel: String, _ yLabel: String) {
            out += "<text x=\"\(x0 + w / 2)\" y=\"16\" text-anchor=\"middle\" font-size=\"13\">\(XMLText.escape(title))</text>\n"
            out += "<line x1=\"\(x0 + pad)\" y1=\"\(h - pad)\" x2=\"\(x0 + w - 12)\" y2=\"\(h - pad)\" stroke=\"black\"/>\n"
            out += "<line x1=\"\(x0 + pad)\" y1=\"\(h - pad)\" x2=\"\(x0 + pad)\" y2=\"28\" stroke=\"black\"/>\n"
            out += "<text x=\"\(x0 + w / 2)\" y=\"\(h - 10)\" text-anchor=\"middle\">\(XMLText.escape(xLabel))</text>\n"
            out += "<text x=\"\(x0 + 12)\" y=\"\(h / 2)\" text-anchor=\"middle\" transform=\"rotate(-90 \(x0 + 12) \(h / 2))\">\(XMLText.escape(yLabel))</text>\n"
        }
        // Left: the front. Errors below 1e-17 sit on the floor.
        axes(0, "Pareto front", "K", "held-out RMSE (log10)")
        let ks = front.map { Double($0.k) }, logs = front.map { log10(max($0.testRMSE, 1e-17)) }
        let (kMin, kMax) = (ks.min() ?? 1, max(ks.max() ?? 1, (ks.min() ?? 1) + 2))
        let (eMin, eMax) = (min(logs.min() ?? -17, -1), max(logs.max() ?? 0, 0.5))
        func px(_ k: Double) -> Double { pad + (k - kMin) / (kMax - kMin) * (w - pad - 24) }
        func py(_ e: Double) -> Double { h - pad - (e - eMin) / (eMax - eMin) * (h - pad - 40) }
        out += "<polyline fill=\"none\" stroke=\"#4477aa\" points=\"" + zip(ks, logs).map { "\(px($0)),\(py($1))" }.joined(separator: " ") + "\"/>\n"
        for (c, (k, e)) in zip(front, zip(ks, logs)) {
            let color = c.verdict == .exact ? "#228833" : "#cc3311"
            out += "<circle cx=\"\(px(k))\" cy=\"\(py(e))\" r=\"4\" fill=\"\(color)\"><title>\(XMLText.escape("K \(c.k): \(c.formula) (\(c.verdict.rawValue))"))</title></circle>\n"
            out += "<text x=\"\(px(k))\" y=\"\(h - pad + 14)\" text-anchor=\"middle\">\(c.k)</text>\n"
        }
        for tick in stride(from: Int(eMin.rounded(.down)), through: Int(eMax.rounded(.up)), by: 4) {
            out += "<text x=\"\(pad - 6)\" y=\"\(py(Double(tick)) + 4)\" text-anchor=\"end\">\(tick)</text>\n"
        }
        // Right: the best candidate against the data.
        guard let best = front.last else { return out + "</svg>\n" }
        axes(w, "best: \(best.formula) (\(best.verdict.rawValue))", target, "fit")
        let inputs = data.trainInputs + data.testInputs, targets = data.trainTarget + data.testTarget
        let values = Regression.evaluate(best.tree, data.variables, inputs).map(\.re)
        let finite = zip(targets, values).filter { $0.0.isFinite && $0.1.isFinite }
        let all = finite.flatMap { [$0.0, $0.1] }
        let (lo, hi) = (all.min() ?? 0, max(all.max() ?? 1, (all.min() ?? 0) + 1e-12))
        func qx(_ v: Double) -> Double { w + pad + (v - lo) / (hi - lo) * (w - pad - 24) }
        func qy(_ v: Double) -> Double { h - pad - (v - lo) / (hi - lo) * (h - pad - 40) }
        out += "<line x1=\"\(qx(lo))\" y1=\"\(qy(lo))\" x2=\"\(qx(hi))\" y2=\"\(qy(hi))\" stroke=\"#bbbbbb\"/>\n"
        for (t, v) in finite.prefix(5000) { out += "<circle cx=\"\(qx(t))\" cy=\"\(qy(v))\" r=\"2\" fill=\"#4477aa\" fill-opacity=\"0.6\"/>\n" }
        out += "<text x=\"\(w + pad)\" y=\"\(h - pad + 14)\">\(String(format: "%.3g", lo))</text>\n"
        out += "<text x=\"\(2 * w - 24)\" y=\"\(h - pad + 14)\" text-anchor=\"end\">\(String(format: "%.3g", hi))</text>\n"
        return out + "</svg>\n"
    }
}
