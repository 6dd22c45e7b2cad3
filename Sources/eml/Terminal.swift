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
