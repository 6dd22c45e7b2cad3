import EMLCheck
import Foundation

/// Output of `eml check`: the table or JSON lines, per-point rows, JUnit XML, pictures, and the exit status.
extension CheckSession {
    func report(_ outcomes: [CheckOutcome]) -> Int32 {
        if command.json {
            for o in outcomes { print(CheckJSON.line(o, shard: shard, includePoints: command.perPoint)) }
        } else {
            printTable(outcomes)
        }
        if let path = command.junit {
            do { try CheckJUnit.xml(outcomes).write(toFile: path, atomically: true, encoding: .utf8) } catch {
                printError("error: cannot write JUnit XML to \(path): \(error.localizedDescription)")
                return 1
            }
        }
        if let dir = command.svg {
            do {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                for o in outcomes { if let r = o.report { try CheckPicture.svg(r).write(toFile: (dir as NSString).appendingPathComponent(CheckPicture.fileName(r)), atomically: true, encoding: .utf8) } }
            } catch {
                printError("error: cannot write pictures into \(dir): \(error.localizedDescription)")
                return 1
            }
        }
        var status: Int32 = 0
        for o in outcomes where o.error != nil {
            printError((o.skipped ? "skipped: " : "error: ") + o.error!)
            if !o.skipped { status = 1 }
        }
        if status == 1 { return 1 }
        for o in outcomes {
            guard let r = o.report, !r.passes, let limit = r.limit else { continue }
            let worst = r.programs[0].worst.map { w in
                " at " + zip(r.arguments, w.inputs).map { "\($0) = \(JSONText.number($1))" }.joined(separator: ", ")
                    + " (\(String(format: "%.1f", w.bits[0])) bits: computed \(JSONText.number(w.computed[0])), truth \(JSONText.number(w.truth)))"
            } ?? ""
            printError(String(format: "FAIL %@ (%@): %.2f mean bits > limit %g; worst%@", r.name, r.format, r.meanBits(), limit, worst))
            status = 2
        }
        return status
    }

    func printTable(_ outcomes: [CheckOutcome]) {
        var rows: [[String]] = [["benchmark", "format", "points", "rejected", "unsettled", "mean bits", "max bits", "accuracy", "limit", "result"]]
        for o in outcomes {
            guard let r = o.report else {
                rows.append([o.name.isEmpty ? o.file : o.name, o.format, "-", "-", "-", "-", "-", "-", "-", o.skipped ? "SKIP" : "ERROR"])
                continue
            }
            for (k, p) in r.programs.enumerated() {
                let mean = r.meanBits(k)
                let label = k == 0 ? r.name : "  ↳ " + p.label
                let result = k > 0 ? "" : (r.limit == nil ? "-" : (r.passes ? "pass" : "FAIL"))
                rows.append([label, k == 0 ? r.format : "", k == 0 ? "\(r.points)" : "", k == 0 ? "\(r.rejected)" : "",
                             k == 0 ? "\(r.unsettled)" : "", String(format: "%.2f", mean), String(format: "%.1f", p.maxBits),
                             String(format: "%.1f%%", 100 * (1 - mean / Double(r.width))), k == 0 ? r.limit.map { String(format: "%g", $0) } ?? "-" : "", result])
            }
        }
        let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max()! }
        for (i, row) in rows.enumerated() {
            let cells = row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return c == 0 || c == 1 || c == 9 ? cell + pad : pad + cell
            }
            print(cells.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
            if i == 0 { print(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
        }
        guard command.perPoint else { return }
        for o in outcomes {
            guard let r = o.report, let points = r.perPoint else { continue }
            print("\n# \(r.name) (\(r.format)): \(points.count) points")
            let labels = r.programs.map(\.label)
            print((["index"] + r.arguments + labels.map { "computed (\($0))" } + ["truth"] + labels.map { "bits (\($0))" }).joined(separator: "\t"))
            for p in points {
                let cells = ["\(p.index)"] + p.inputs.map(JSONText.number) + p.computed.map(JSONText.number) + [JSONText.number(p.truth)]
                    + p.bits.map { String(format: "%.2f", $0) }
                print(cells.joined(separator: "\t"))
            }
        }
    }

    /// `--merge`: the shards' JSON lines, combined benchmark by benchmark and format by format.
    func runMerge() -> Int32 {
        var merged: [String: CheckOutcome] = [:]
        var order: [String] = []
        for path in command.files {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { printError("error: cannot read \(path)"); return 1 }
            for (i, line) in text.split(separator: "\n").enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                guard let o = CheckJSON.outcome(String(line)) else {
                    printError("error: \(path):\(i + 1): not a line of eml check --json")
                    return 1
                }
                let key = "\(o.file)\u{0}\(o.name)\u{0}\(o.format)\u{0}\(o.error ?? "")"
                if let existing = merged[key] {
                    merged[key] = CheckJSON.combine(existing, o)
                } else {
                    merged[key] = o
                    order.append(key)
                }
            }
        }
        let outcomes = order.map { key -> CheckOutcome in
            var o = merged[key]!
            o.report?.perPoint?.sort { $0.index < $1.index }
            return o
        }
        return report(outcomes)
    }
}
