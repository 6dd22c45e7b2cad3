/// One FPCore benchmark: arguments, body and the properties a checker uses.
public struct FPCore: Sendable {
    /// The identifier after `FPCore`, when given (`(FPCore f (x) …)`).
    public let identifier: String?
    /// `:name`.
    public let name: String?
    public let arguments: [String]
    public let body: FPCoreExpression
    /// `:precision` (binary64 when absent).
    public let precision: FPCorePrecision
    /// `:pre`, a boolean over the arguments evaluated in reals.
    public let precondition: FPCoreExpression?
    /// `:spec`, the real function the body approximates (nil: the body itself).
    public let specification: FPCoreExpression?
    /// `:alt` implementations, in file order.
    public let alternatives: [FPCoreExpression]
    /// `:herbie-expected`, the bits of error the benchmark is allowed.
    public let expectedBits: Double?
    /// Where `(FPCore` starts.
    public let position: SourcePosition

    public init(identifier: String?, name: String?, arguments: [String], body: FPCoreExpression,
                precision: FPCorePrecision, precondition: FPCoreExpression?, specification: FPCoreExpression?,
                alternatives: [FPCoreExpression], expectedBits: Double?, position: SourcePosition) {
        self.identifier = identifier
        self.name = name
        self.arguments = arguments
        self.body = body
        self.precision = precision
        self.precondition = precondition
        self.specification = specification
        self.alternatives = alternatives
        self.expectedBits = expectedBits
        self.position = position
    }

    /// The name reports use: `:name`, else the identifier, else the position.
    public var displayName: String { name ?? identifier ?? "FPCore at \(position)" }

    /// The real function the checker's truth evaluates.
    public var truthExpression: FPCoreExpression { specification ?? body }
}
