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

/// Writes lines to standard output through one 64 KiB buffer on the stack, with write(2) after flushing
/// stdio (so that `print`'s lines keep their order): `print` per line cost more than a certified value of
/// log I takes to compute, and one heap buffer for a whole block, then a String of it, touched 70 fresh
/// pages for 2000 lines of 64 digits.
func printLines(_ lines: [String]) {
    guard !lines.isEmpty else { return }
    fflush(nil)
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1 << 16) { buffer in
        var used = 0
        func flush() {
            writeFully(UnsafeBufferPointer(rebasing: buffer[..<used]))
            used = 0
        }
        for var line in lines {
            line.withUTF8 { bytes in
                if used + bytes.count + 1 > buffer.count { flush() }
                if bytes.count + 1 > buffer.count {
                    writeFully(bytes)  // a line longer than the buffer: as it is
                } else {
                    UnsafeMutableBufferPointer(rebasing: buffer[used...]).initialize(fromContentsOf: bytes)
                    used += bytes.count
                }
            }
            buffer[used] = UInt8(ascii: "\n")
            used += 1
        }
        flush()
    }
}

/// All of `bytes` to standard output, across short writes and interrupted calls; stops at an error
/// (a closed pipe ends the process by SIGPIPE first, as `print` would).
func writeFully(_ bytes: UnsafeBufferPointer<UInt8>) {
    var offset = 0
    while offset < bytes.count {
        let n = write(1, bytes.baseAddress! + offset, bytes.count - offset)
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { return }
        offset += n
    }
}

/// Flushes standard output so that a reader of a pipe sees each line as it is computed.
func fflushStandardOutput() { fflush(nil) }

var standardInputIsTerminal: Bool { isatty(0) != 0 }

var standardErrorIsTerminal: Bool { isatty(2) != 0 }

/// Writes to standard error without a newline (progress lines).
func printErrorInline(_ text: String) {
    _ = text.withCString { write(2, $0, strlen($0)) }
}

/// Lines of standard input, read with read(2) in blocks of 64 KiB and split at newlines (CR LF too), in
/// bounded memory: a line longer than `limit` bytes is skipped to its end and returned as nil, so that
/// the caller reports it and goes on. One reader serves the REPL and the batch commands; reading a byte
/// at a time through stdio cost a microsecond a line, as much as evaluating some of them.
struct StandardInput {
    let limit: Int
    /// What a caller says in place of a line past `limit` (the reader returns it as nil).
    var overlongLine: String { "input line is longer than \(limit) bytes" }
    private var buffer: [UInt8] = []
    /// Start of the unread bytes in `buffer`.
    private var start = 0
    private var ended = false

    init(limit: Int = Parser.maximumInputLength) { self.limit = limit }

    /// The next line, `.some(nil)` for one past the limit; nil at the end of input.
    mutating func line() -> String?? {
        while true {
            if let line = completeLine() { return line }
            if ended {
                guard start < buffer.count else { return nil }
                defer { buffer.removeAll(); start = 0 }
                return .some(decode(buffer[start...]))
            }
            if buffer.count - start > limit { return .some(skipLongLine()) }
            fill()
        }
    }

    /// Up to `count` lines or about `bytes` bytes of them, stopping early where the next would have to wait
    /// for the writer (a pipe fed by hand gets each answer at once; a file or a full pipe is read in blocks).
    /// Empty at the end.
    mutating func availableLines(upTo count: Int, bytes: Int = .max) -> [String?] {
        var lines: [String?] = []
        var total = 0
        while lines.count < count && total < bytes {
            let next: String??
            if let complete = completeLine() { next = complete } else {
                if !lines.isEmpty && !ended && !ready { break }
                next = line()
            }
            guard let next else { break }
            lines.append(next)
            total += (next?.utf8.count ?? 0) + 1
        }
        return lines
    }

    /// A line whose newline is already in the buffer.
    private mutating func completeLine() -> String?? {
        guard let end = nextNewline else { return nil }
        defer { start = end + 1 }
        return .some(end - start > limit ? nil : decode(buffer[start..<end]))
    }

    /// Drops bytes up to and including the next newline (or the end of input).
    private mutating func skipLongLine() -> String? {
        while true {
            if let end = nextNewline { start = end + 1; return nil }
            buffer.removeAll(keepingCapacity: true); start = 0
            if ended { return nil }
            fill()
        }
    }

    /// Index of the first newline among the unread bytes.
    private var nextNewline: Int? {
        let count = buffer.count
        guard start < count else { return nil }
        return buffer.withUnsafeBufferPointer { b in
            memchr(b.baseAddress! + start, 10, count - start).map { b.baseAddress!.distance(to: $0.assumingMemoryBound(to: UInt8.self)) }
        }
    }

    /// Reads what the descriptor has (waiting for at least one byte), after the unread bytes.
    private mutating func fill() {
        if start > 0 { buffer.removeSubrange(0..<start); start = 0 }
        let old = buffer.count, block = 1 << 16
        buffer.append(contentsOf: repeatElement(0, count: block))
        var got = 0
        repeat { got = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress! + old, block) } } while got < 0 && errno == EINTR
        buffer.removeLast(block - max(got, 0))
        if got <= 0 { ended = true }
    }

    /// Whether the descriptor has bytes (or its end) ready now.
    private var ready: Bool {
        var request = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        return poll(&request, 1, 0) > 0
    }
}

private func decode(_ bytes: ArraySlice<UInt8>) -> String {
    var b = bytes
    if b.last == 13 { b = b.dropLast() }  // CRLF input
    return String(decoding: b, as: UTF8.self)
}
