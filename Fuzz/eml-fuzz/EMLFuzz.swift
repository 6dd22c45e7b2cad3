import EMLKit
import Foundation

/// One input: its bytes as an expression, evaluated at a digit count and mode taken from its first byte.
/// Every input must give a value or an error; a trap, an abort or a sanitizer report is a bug.
func run(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard let first = bytes.first, bytes.count <= 4096 else { return }
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    let digits = Int(first & 0x3F) + 1
    let mode: EvaluationMode = first & 0x40 == 0 ? .direct : .eml
    var session = Session()
    session.digits = digits
    session.mode = mode
    for line in text.split(separator: "\n", omittingEmptySubsequences: true).prefix(4) {
        _ = try? session.run(String(line))
    }
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
