import EMLKit
import Foundation

/// One input: its bytes as up to four lines, evaluated at a digit count and mode taken from its first
/// byte, one by one and as a batch (which reads `f(number)` lines from their bytes). Every input must give
/// a value or an error, the same both ways; a trap, an abort, a sanitizer report or a difference is a bug.
func run(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard let first = bytes.first, bytes.count <= 4096 else { return }
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    var one = Session(), batch = Session()
    one.digits = Int(first & 0x3F) + 1
    one.mode = first & 0x40 == 0 ? .direct : .eml
    batch.digits = one.digits
    batch.mode = one.mode
    let lines = text.split(separator: "\n", omittingEmptySubsequences: true).prefix(4).map(String.init)
    func outcome(_ r: Result<Session.Outcome, EMLError>) -> String {
        switch r {
        case .success(.value(let v, let name)): return "\(name ?? "") \(v.text)"
        case .success(.defined(let f)): return f.name
        // A batch parses its run of lines in the scope before it, so `ans` is not yet among the suggestions.
        case .failure(let e): return e.description.replacingOccurrences(of: " (did you mean ans?)", with: "")
        }
    }
    let expected = lines.map { line in outcome(Result { () throws(EMLError) -> Session.Outcome in try one.run(line) }) }
    let got = batch.run(batch: lines, threads: 1).map(outcome)
    if got != expected { fatalError("batch \(got) against one by one \(expected) for \(lines)") }
}

#if FUZZING
/// libFuzzer's entry; `scripts/fuzz` compiles this with -sanitize=fuzzer and links it with libFuzzer's main.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    if let data { run(UnsafeBufferPointer(start: data, count: size)) }
    return 0
}
#else
/// Without libFuzzer: replays the files given (a crash corpus), one input each.
@main
struct Replay {
    static func main() throws {
        for path in CommandLine.arguments.dropFirst() {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            data.withUnsafeBytes { run($0.bindMemory(to: UInt8.self)) }
            print("ok \(path)")
        }
    }
}
#endif
