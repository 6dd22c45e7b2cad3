import CEditLine
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
    let input = eml_standard_input()
    while true {
        let c = getc_unlocked(input)
        if c == EOF { return bytes.isEmpty && !tooLong ? nil : .some(tooLong ? nil : decode(bytes)) }
        if c == 10 { return .some(tooLong ? nil : decode(bytes)) }
        if bytes.count < limit { bytes.append(UInt8(c)) } else { tooLong = true }
    }
}

/// Whether a line can be read without waiting: bytes in stdin's buffer or on its descriptor (a pipe
/// fed by hand gets each answer at once; a file or a full pipe is read in blocks).
func standardInputHasData() -> Bool {
    if eml_standard_input_buffered() != 0 { return true }
    var request = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
    return poll(&request, 1, 0) > 0
}

/// Lines of standard input, at most `count`, stopping early where the next would have to wait for the
/// writer; `tooLong` marks lines past the limit (nil in the result). Empty at the end of input.
func readAvailableLines(upTo count: Int) -> [String?] {
    var lines: [String?] = []
    while lines.count < count, let line = readBoundedLine() {
        lines.append(line)
        if !standardInputHasData() { break }
    }
    return lines
}

private func decode(_ bytes: [UInt8]) -> String {
    var b = bytes[...]
    if b.last == 13 { b = b.dropLast() }  // CRLF input
    return String(decoding: b, as: UTF8.self)
}
