#if canImport(Glibc)
import Glibc
#endif

/// libedit's readline interface, opened when the REPL starts on a terminal rather than at every start:
/// libedit and the libraries it loads (libtinfo, libbsd, libmd) were 2,650 of the 11,000 relocations and
/// 0.7 M of the 3.7 M instructions that every `eml eval`, `eml bessel` and `eml check` paid at start.
/// Where libedit cannot be opened the REPL says why on stderr and still reads lines, unedited and without history.
enum LineEditor {
    typealias ReadLine = @convention(c) (UnsafePointer<CChar>?) -> UnsafeMutablePointer<CChar>?
    /// add_history, read_history, write_history: a C string in, a status out.
    typealias StringFunction = @convention(c) (UnsafePointer<CChar>?) -> Int32
    typealias IntFunction = @convention(c) (Int32) -> Void
    typealias Status = @convention(c) () -> Int32
    typealias Procedure = @convention(c) () -> Void

    /// The functions the REPL calls.
    struct Library {
        let readline: ReadLine
        let addHistory, readHistory, writeHistory: StringFunction
        let stifleHistory: IntFunction
    }

    /// The opened library, once, or why it could not be opened.
    static let opened: Result<Library, LoadError> = open(["libedit.so.2", "libedit.so"])
    static var library: Library? { try? opened.get() }

    struct LoadError: Error { let message: String }

    /// The first of `names` that opens with every function the REPL calls; else dlerror's reason.
    static func open(_ names: [String]) -> Result<Library, LoadError> {
        var reasons: [String] = []
        for name in names {
            guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else { reasons.append(String(cString: dlerror())); continue }
            func function<F>(_ symbol: String, as type: F.Type) -> F? { dlsym(handle, symbol).map { unsafeBitCast($0, to: type) } }
            guard let initialize = function("rl_initialize", as: Status.self), let usingHistory = function("using_history", as: Procedure.self),
                  let readline = function("readline", as: ReadLine.self),
                  let addHistory = function("add_history", as: StringFunction.self),
                  let readHistory = function("read_history", as: StringFunction.self),
                  let writeHistory = function("write_history", as: StringFunction.self),
                  let stifleHistory = function("stifle_history", as: IntFunction.self)
            else { reasons.append("\(name) lacks readline's functions"); continue }
            _ = initialize()
            usingHistory()
            return .success(Library(readline: readline, addHistory: addHistory, readHistory: readHistory,
                                     writeHistory: writeHistory, stifleHistory: stifleHistory))
        }
        return .failure(LoadError(message: reasons.joined(separator: "; ")))
    }

    /// Starts editing with at most `limit` lines of history, read from `file` where it exists.
    static func start(history file: String?, limit: Int32) {
        switch opened {
        case .success(let library):
            library.stifleHistory(limit)
            if let file { _ = library.readHistory(file) }
        case .failure(let error):
            printError("eml: line editing and history are off: \(error.message) (Debian: apt-get install libedit2)")
        }
    }

    /// The next line typed after `prompt`; nil at the end of input.
    static func readLine(prompt: String) -> String? {
        guard let library else {
            print(prompt, terminator: "")
            fflushStandardOutput()
            return Swift.readLine(strippingNewline: true)
        }
        guard let raw = library.readline(prompt) else { return nil }
        defer { free(raw) }
        return String(cString: raw)
    }

    static func addHistory(_ line: String) { _ = library?.addHistory(line) }

    static func saveHistory(_ file: String) { _ = library?.writeHistory(file) }
}
