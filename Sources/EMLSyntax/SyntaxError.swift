/// A problem with the input text, located at a UTF-8 offset of the source line.
public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public let position: Int

    public init(_ message: String, at position: Int) {
        self.message = message
        self.position = position
    }

    public var description: String { message }

    /// The source, with a caret under the offending character, then the message.
    public func rendered(source: String) -> String {
        Diagnostic.render(source: source, position: position, message: message)
    }
}

public enum Diagnostic {
    /// Two lines: the source (control characters shown as `?`), and `^` under character `position` (a UTF-8 offset).
    public static func render(source: String, position: Int, message: String) -> String {
        let bytes = Array(source.utf8)
        let clamped = min(max(position, 0), bytes.count)
        let column = String(decoding: bytes[0..<clamped], as: UTF8.self).count
        let shown = String(source.map { $0.isASCII && ($0.asciiValue! < 32 || $0.asciiValue! == 127) ? "?" : $0 })
        let window = 120
        let start = max(0, column - window / 2)
        let line = String(shown.dropFirst(start).prefix(window))
        let prefix = start > 0 ? "…" : ""
        return "  \(prefix)\(line)\n  \(String(repeating: " ", count: column - start + prefix.count))^\nerror: \(message)"
    }
}
