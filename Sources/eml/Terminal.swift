import EMLKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a line to standard error.
func printError(_ text: String) {
    let line = text + "\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
}

/// Flushes standard output so that a reader of a pipe sees each line as it is computed.
func fflushStandardOutput() { fflush(nil) }

var standardInputIsTerminal: Bool { isatty(0) != 0 }

var standardErrorIsTerminal: Bool { isatty(2) != 0 }

/// Writes to standard error without a newline (progress lines).
func printErrorInline(_ text: String) {
    _ = text.withCString { write(2, $0, strlen($0)) }
}

/// One line of standard input without its newline, read in bounded memory: a line longer than `limit`
/// bytes is skipped to its end and returned as nil inside `.some`, so that the caller reports it and
/// goes on (Swift's readLine would hold a line of any length). nil at the end of input.
func readBoundedLine(limit: Int = Parser.maximumInputLength) -> String?? {
    var bytes: [UInt8] = []
    var tooLong = false
    while true {
        let c = getchar()
        if c == EOF { return bytes.isEmpty && !tooLong ? nil : .some(tooLong ? nil : decode(bytes)) }
        if c == 10 { return .some(tooLong ? nil : decode(bytes)) }
        if bytes.count < limit { bytes.append(UInt8(c)) } else { tooLong = true }
    }
}

private func decode(_ bytes: [UInt8]) -> String {
    var b = bytes[...]
    if b.last == 13 { b = b.dropLast() }  // CRLF input
    return String(decoding: b, as: UTF8.self)
}
