import EMLCheck
import Foundation

/// `eml check --json`: one object per benchmark and format; the lines `--merge` reads back.
enum CheckJSON {
    static func point(_ p: PointReport, _ arguments: [String], program k: Int) -> String {
        let inputs = zip(arguments, p.inputs).map { "\(JSONText.string($0)): \(JSONText.number($1))" }.joined(separator: ", ")
        return "{\"index\": \(p.index), \"inputs\": {\(inputs)}, \"computed\": \(JSONText.number(p.computed[k])), \"truth\": \(JSONText.number(p.truth)), \"bits\": \(JSONText.number(p.bits[k]))"
            + (p.computed.count > 1 ? ", \"computed_all\": [\(p.computed.map(JSONText.number).joined(separator: ", "))], \"bits_all\": [\(p.bits.map(JSONText.number).joined(separator: ", "))]" : "") + "}"
    }

    static func line(_ o: CheckOutcome, shard: (index: Int, count: Int), includePoints: Bool) -> String {
        guard let r = o.report else {
            return "{\"name\": \(JSONText.string(o.name)), \"file\": \(JSONText.string(o.file)), \"precision\": \(JSONText.string(o.format)), \"error\": \(JSONText.string(o.error ?? "")), \"skipped\": \(o.skipped)}"
        }
        var fields = [
            "\"name\": \(JSONText.string(r.name))", "\"file\": \(JSONText.string(r.file))", "\"precision\": \(JSONText.string(r.format))",
            "\"arguments\": [\(r.arguments.map(JSONText.string).joined(separator: ", "))]", "\"width\": \(r.width)",
            "\"points\": \(r.points)", "\"rejected\": \(r.rejected)", "\"unsettled\": \(r.unsettled)",
            "\"mean_bits\": \(JSONText.number(r.meanBits()))", "\"max_bits\": \(JSONText.number(r.programs[0].maxBits))",
            "\"accuracy\": \(JSONText.number(1 - r.meanBits() / Double(r.width)))", "\"bits_sum\": \(JSONText.number(r.programs[0].bitsSum))",
            "\"limit\": \(r.limit.map(JSONText.number) ?? "null")", "\"pass\": \(r.passes)",
            "\"shard\": \"\(shard.index)/\(shard.count)\"",
        ]
        if let w = r.programs[0].worst { fields.append("\"worst\": \(point(w, r.arguments, program: 0))") }
        if r.programs.count > 1 {
            let alts = r.programs.enumerated().dropFirst().map { k, p in
                "{\"label\": \(JSONText.string(p.label)), \"mean_bits\": \(JSONText.number(r.meanBits(k))), \"max_bits\": \(JSONText.number(p.maxBits)), \"bits_sum\": \(JSONText.number(p.bitsSum))"
                    + (p.worst.map { ", \"worst\": \(point($0, r.arguments, program: k))" } ?? "") + "}"
            }
            fields.append("\"alternatives\": [\(alts.joined(separator: ", "))]")
        }
        if let pts = r.perPoint, includePoints {
            fields.append("\"per_point\": [\(pts.map { point($0, r.arguments, program: 0) }.joined(separator: ", "))]")
        }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    static func double(_ any: Any?) -> Double? {
        if let d = any as? Double { return d }
        if let n = any as? NSNumber { return n.doubleValue }
        switch any as? String {
        case "nan": return .nan
        case "inf": return .infinity
        case "-inf": return -.infinity
        default: return nil
        }
    }

    static func readPoint(_ any: Any?, _ arguments: [String], programs: Int) -> PointReport? {
        guard let d = any as? [String: Any], let index = d["index"] as? Int, let inputs = d["inputs"] as? [String: Any],
              let truth = double(d["truth"]) else { return nil }
        let computed = (d["computed_all"] as? [Any])?.compactMap(double) ?? [double(d["computed"]) ?? .nan]
        let bits = (d["bits_all"] as? [Any])?.compactMap(double) ?? [double(d["bits"]) ?? 0]
        return PointReport(index: index, inputs: arguments.map { double(inputs[$0]) ?? .nan }, computed: computed, truth: truth, bits: bits)
    }

    /// A line of `--json` output read back (nil if it is not one).
    static func outcome(_ line: String) -> CheckOutcome? {
        guard let data = line.data(using: .utf8), let d = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let name = d["name"] as? String, let file = d["file"] as? String, let format = d["precision"] as? String else { return nil }
        if let error = d["error"] as? String {
            return CheckOutcome(report: nil, name: name, file: file, format: format, error: error, skipped: d["skipped"] as? Bool ?? false)
        }
        guard let arguments = d["arguments"] as? [String], let width = d["width"] as? Int, let points = d["points"] as? Int,
              let rejected = d["rejected"] as? Int, let unsettled = d["unsettled"] as? Int, let sum = double(d["bits_sum"]),
              let maxBits = double(d["max_bits"]) else { return nil }
        var programs = [ProgramSummary(label: "program", bitsSum: sum, maxBits: maxBits, worst: readPoint(d["worst"], arguments, programs: 1))]
        for a in (d["alternatives"] as? [[String: Any]]) ?? [] {
            programs.append(ProgramSummary(label: a["label"] as? String ?? "alt", bitsSum: double(a["bits_sum"]) ?? 0,
                                           maxBits: double(a["max_bits"]) ?? 0, worst: readPoint(a["worst"], arguments, programs: 1)))
        }
        let perPoint = (d["per_point"] as? [Any])?.compactMap { readPoint($0, arguments, programs: programs.count) }
        let report = CheckReport(name: name, file: file, arguments: arguments, format: format, width: width, points: points,
                                 rejected: rejected, unsettled: unsettled, programs: programs, limit: double(d["limit"]), perPoint: perPoint)
        return CheckOutcome(report: report, name: name, file: file, format: format, error: nil)
    }

    /// Two shards of one benchmark: counts and sums add, the worst point is the worse one.
    static func combine(_ a: CheckOutcome, _ b: CheckOutcome) -> CheckOutcome {
        guard var r = a.report, let s = b.report else { return a }
        r.points += s.points
        r.rejected += s.rejected
        r.unsettled += s.unsettled
        for k in r.programs.indices where k < s.programs.count {
            r.programs[k].bitsSum += s.programs[k].bitsSum
            if s.programs[k].maxBits > r.programs[k].maxBits { r.programs[k].maxBits = s.programs[k].maxBits; r.programs[k].worst = s.programs[k].worst }
        }
        if let p = s.perPoint { r.perPoint = (r.perPoint ?? []) + p }
        var out = a
        out.report = r
        return out
    }
}

/// `--junit FILE`: one test case per benchmark and format, failures with the worst input, read errors as errors.
enum CheckJUnit {
    static func xml(_ outcomes: [CheckOutcome]) -> String {
        let failures = outcomes.filter { $0.report.map { !$0.passes } ?? false }.count
        let errors = outcomes.filter { $0.report == nil && !$0.skipped }.count
        let skipped = outcomes.filter(\.skipped).count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"eml check\" tests=\"\(outcomes.count)\" failures=\"\(failures)\" errors=\"\(errors)\">\n"
        out += "  <testsuite name=\"eml check\" tests=\"\(outcomes.count)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"\(skipped)\">\n"
        for o in outcomes {
            let name = XMLText.escape(o.name.isEmpty ? o.file : o.name) + (o.format.isEmpty ? "" : " [\(XMLText.escape(o.format))]")
            out += "    <testcase classname=\"\(XMLText.escape(o.file))\" name=\"\(name)\""
            guard let r = o.report else {
                out += ">\n      <\(o.skipped ? "skipped" : "error") message=\"\(XMLText.escape(o.error ?? "error"))\"/>\n    </testcase>\n"
                continue
            }
            let summary = String(format: "%.2f mean bits, %.1f max, over %d points (%d rejected, %d unsettled)", r.meanBits(), r.programs[0].maxBits, r.points, r.rejected, r.unsettled)
            if r.passes {
                out += ">\n      <system-out>\(XMLText.escape(summary))</system-out>\n    </testcase>\n"
            } else {
                let worst = r.programs[0].worst.map { w in zip(r.arguments, w.inputs).map { "\($0) = \(JSONText.number($1))" }.joined(separator: ", ") } ?? ""
                out += ">\n      <failure message=\"\(XMLText.escape(String(format: "%.2f mean bits > limit %g", r.meanBits(), r.limit ?? 0)))\">\(XMLText.escape(summary + "; worst at " + worst))</failure>\n    </testcase>\n"
            }
        }
        return out + "  </testsuite>\n</testsuites>\n"
    }
}
