/// The built-in functions of the expression language.
public enum Function: String, Sendable, CaseIterable {
    case exp, ln, log2, log10, logBase = "log", sqrt, cbrt
    case sin, cos, tan, sec, csc, cot, asin, acos, atan
    case sinh, cosh, tanh, asinh, acosh, atanh
    case hypot, abs, eml, atan2
    /// log I_v(x), log K_v(x), I_v(x), K_v(x): primitives outside the EML catalog.
    case logbesseli, logbesselk, besseli, besselk

    /// How many arguments the function takes.
    public var arity: Int {
        switch self {
        case .logBase, .hypot, .eml, .atan2, .logbesseli, .logbesselk, .besseli, .besselk: return 2
        default: return 1
        }
    }

    /// The canonical spelling, as printed.
    public var name: String { self == .logBase ? "log" : rawValue }

    /// The modified Bessel functions (no EML construction: they are not elementary).
    public var isBessel: Bool { [.logbesseli, .logbesselk, .besseli, .besselk].contains(self) }
}

/// Functions of a float format: the first argument names the format (`bf16`, `fp16`, `p=8,…` is not
/// accepted here: only names), the rest are values.
public enum FormatFunction: String, Sendable, CaseIterable {
    /// round(F, x): x rounded to nearest-even in F, with F's subnormals and overflow.
    case round
    /// ulp(F, x): the spacing of F at x.
    case ulp
    /// next(F, x), prev(F, x): the neighbours of round(F, x).
    case next, prev
    /// ulps(F, a, b): how many values of F lie between round(F, a) and round(F, b).
    case ulps

    public var valueArity: Int { self == .ulps ? 2 : 1 }
}

/// Where a name in the source leads: a function (possibly with reordered or fixed arguments) or an operator.
public enum Callee: Sendable, Equatable {
    case function(Function)
    /// `log(x)` is ln; `log(b, x)` is the base-b logarithm.
    case log
    /// Wolfram's `ArcTan[x, y]` is atan2(y, x); one argument is atan.
    case wolframArcTan
    /// A float-format function.
    case format(FormatFunction)
    /// Wolfram's operator heads: `Plus[a, b, …]`, `Times`, `Power`, `Subtract`, `Divide`, `Minus`.
    case plus, times, power, subtract, divide, minus

    /// Number of arguments accepted (nil: two or more, n-ary).
    var arities: ClosedRange<Int>? {
        switch self {
        case .function(let f): return f.arity...f.arity
        case .format(let f): return (f.valueArity + 1)...(f.valueArity + 1)
        case .log, .wolframArcTan: return 1...2
        case .plus, .times: return nil
        case .power, .subtract, .divide: return 2...2
        case .minus: return 1...1
        }
    }
}

/// The table of callable names: canonical, aliases, and Wolfram spellings.
public enum FunctionTable {
    public static let callees: [String: Callee] = {
        var table: [String: Callee] = [:]
        for f in Function.allCases where f != .logBase { table[f.name] = .function(f) }
        table["log"] = .log
        for f in FormatFunction.allCases { table[f.rawValue] = .format(f) }
        table["previous"] = .format(.prev)
        let aliases: [String: Function] = [
            "arcsin": .asin, "arccos": .acos, "arctan": .atan,
            "arcsinh": .asinh, "arccosh": .acosh, "arctanh": .atanh,
            "arsinh": .asinh, "arcosh": .acosh, "artanh": .atanh,
            // Wolfram Language heads, so expressions from the reference compiler paste as they are.
            "Exp": .exp, "Sqrt": .sqrt, "CubeRoot": .cbrt, "Log2": .log2, "Log10": .log10,
            "Sin": .sin, "Cos": .cos, "Tan": .tan, "Sec": .sec, "Csc": .csc, "Cot": .cot,
            "ArcSin": .asin, "ArcCos": .acos, "Sinh": .sinh, "Cosh": .cosh, "Tanh": .tanh,
            "ArcSinh": .asinh, "ArcCosh": .acosh, "ArcTanh": .atanh, "Abs": .abs, "EML": .eml,
            "BesselI": .besseli, "BesselK": .besselk,
        ]
        for (name, f) in aliases { table[name] = .function(f) }
        table["Log"] = .log
        table["ArcTan"] = .wolframArcTan
        table["Plus"] = .plus
        table["Times"] = .times
        table["Power"] = .power
        table["Subtract"] = .subtract
        table["Divide"] = .divide
        table["Minus"] = .minus
        return table
    }()

    /// Constant names, including Wolfram's `Pi`, `E`, `I`.
    public static let constants: [String: Constant] = [
        "pi": .pi, "e": .e, "i": .i, "Pi": .pi, "E": .e, "I": .i,
    ]

    /// Names that cannot be assigned to.
    public static func isReserved(_ name: String) -> Bool {
        callees[name] != nil || constants[name] != nil || name == "ans"
    }

    /// The known name closest to `name` (edit distance ≤ 2, case-insensitive first), if any.
    public static func suggestion(for name: String, among extra: [String] = []) -> String? {
        // Canonical lower-case names before Wolfram spellings, so "sinn" suggests sin, not Sin.
        let names: [String] = Array(callees.keys) + Array(constants.keys) + extra
        let candidates = names.sorted(by: canonicalFirst)
        let lower = name.lowercased()
        if let exact = candidates.first(where: { $0.lowercased() == lower }) { return exact }
        var best: (String, Int)? = nil
        for candidate in candidates {
            let d = editDistance(lower, candidate.lowercased())
            if d <= min(2, max(1, name.count / 2)), d < (best?.1 ?? Int.max) { best = (candidate, d) }
        }
        return best?.0
    }

    static func canonicalFirst(_ a: String, _ b: String) -> Bool {
        let ua = a.first?.isUppercase ?? false
        let ub = b.first?.isUppercase ?? false
        return ua != ub ? !ua : a < b
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[b.count]
    }
}
