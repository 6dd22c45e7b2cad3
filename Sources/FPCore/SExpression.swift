/// A parsed S-expression with the place it starts: FPCore's surface syntax. `[ ]` read as `( )`,
/// `;` comments run to the end of the line, strings keep their escapes resolved.
public indirect enum SExpression: Sendable {
    case atom(String, SourcePosition)
    case string(String, SourcePosition)
    case list([SExpression], SourcePosition)

    public var position: SourcePosition {
        switch self {
        case .atom(_, let p), .string(_, let p), .list(_, let p): return p
        }
    }

    public var atom: String? { if case .atom(let a, _) = self { return a } else { return nil } }
    public var list: [SExpression]? { if case .list(let l, _) = self { return l } else { return nil } }
}

/// Line and column (both from 1, columns in characters) of a token in its file.
public struct SourcePosition: Sendable, Hashable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    public init(line: Int, column: Int) { self.line = line; self.column = column }
    public var description: String { "\(line):\(column)" }
}

/// Reads every top-level S-expression of a text; nesting is bounded so that every consumer may recurse.
public struct SExpressionReader {
    public static let maximumDepth = 500
    private let characters: [Character]
    private var index = 0
    private var line = 1
    private var column = 1

    public init(_ text: String) { characters = Array(text) }

    public static func read(_ text: String) throws(FPCoreError) -> [SExpression] {
        var reader = SExpressionReader(text)
        var out: [SExpression] = []
        while true {
            reader.skipBlank()
            if reader.index >= reader.characters.count { return out }
            out.append(try reader.next(depth: 0))
        }
    }

    private var here: SourcePosition { SourcePosition(line: line, column: column) }

    private mutating func advance() {
        if characters[index] == "\n" { line += 1; column = 1 } else { column += 1 }
        index += 1
    }

    private mutating func skipBlank() {
        while index < characters.count {
            let c = characters[index]
            if c == ";" {
                while index < characters.count && characters[index] != "\n" { advance() }
            } else if c.isWhitespace {
                advance()
            } else {
                return
            }
        }
    }

    private mutating func next(depth: Int) throws(FPCoreError) -> SExpression {
        let start = here
        guard depth < Self.maximumDepth else { throw FPCoreError("nesting deeper than \(Self.maximumDepth) levels", at: start) }
        let c = characters[index]
        if c == "(" || c == "[" {
            let close: Character = c == "(" ? ")" : "]"
            advance()
            var items: [SExpression] = []
            while true {
                skipBlank()
                guard index < characters.count else { throw FPCoreError("unbalanced '\(c)': no matching '\(close)' before the end of the file", at: start) }
                let d = characters[index]
                if d == ")" || d == "]" {
                    guard d == close else { throw FPCoreError("'\(c)' closed by '\(d)'", at: here) }
                    advance()
                    return .list(items, start)
                }
                items.append(try next(depth: depth + 1))
            }
        }
        if c == ")" || c == "]" { throw FPCoreError("unbalanced '\(c)' with no opening bracket", at: start) }
        if c == "\"" {
            advance()
            var text = ""
            while true {
                guard index < characters.count else { throw FPCoreError("unterminated string", at: start) }
                let d = characters[index]
                advance()
                if d == "\"" { return .string(text, start) }
                if d == "\\" && index < characters.count { text.append(characters[index]); advance() } else { text.append(d) }
            }
        }
        var token = ""
        while index < characters.count {
            let d = characters[index]
            if d.isWhitespace || "()[];\"".contains(d) { break }
            token.append(d)
            advance()
        }
        return .atom(token, start)
    }
}
