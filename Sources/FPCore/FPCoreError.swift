/// A reading error with the place it was found (`file:line:column: message` when printed with a file).
public struct FPCoreError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public let position: SourcePosition?
    /// A valid FPCore that uses what this reader does not evaluate (loops, tensors, calls): skipped, not wrong.
    public let isUnsupported: Bool

    public init(_ message: String, at position: SourcePosition?, unsupported: Bool = false) {
        self.message = message
        self.position = position
        self.isUnsupported = unsupported
    }

    public var description: String { position.map { "\($0): \(message)" } ?? message }
}
