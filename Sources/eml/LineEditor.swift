#if canImport(Glibc)
import Glibc
#endif

/// libedit's readline interface, opened when the REPL starts on a terminal rather than at every start:
/// libedit and the libraries it loads (libtinfo, libbsd, libmd) were 2,650 of the 11,000 relocations and
/// 0.7 M of the 3.7 M instructions that every `eml eval`, `eml bessel` and `eml check` paid at start.
/// Where libedit cannot be opened the REPL still reads lines, unedited and without history.
enum LineEditor {
    /// The functions the REPL calls, as their C types.
    struct Library {
        let readline: @convention(c) (UnsafePointer<CChar>?) -> UnsafeMutablePointer<CChar>?
        let addHistory: @convention(c) (UnsafePointer<CChar>?) -> Int32
        let readHistory: @convention(c) (UnsafePointer<CChar>?) -> Int32
        let writeHistory: @convention(c) (UnsafePointer<CChar>?) -> Int32
        let stifleHistory: @convention(c) (Int32) -> Void
    }

    /// The opened library, once; nil where it or one of its functions is missing.
    static let library: Library? = {
        guard let handle = dlopen("libedit.so.2", RTLD_NOW | RTLD_LOCAL) ?? dlopen("libedit.so", RTLD_NOW | RTLD_LOCAL) else { return nil }
        func function<F>(_ name: String, as type: F.Type) -> F? { dlsym(handle, name).map { unsafeBitCast($0, to: type) } }
        typealias Initialize = @convention(c) () -> Int32
        typealias UsingHistory = @convention(c) () -> Void
        guard let initialize = function("rl_initialize", as: Initialize.self), let usingHistory = function("using_history", as: UsingHistory.self),
              let readline = function("readline", as: (@convention(c) (UnsafePointer<CChar>?) -> UnsafeMutablePointer<CChar>?).self),
              let addHistory = function("add_history", as: (@convention(c) (UnsafePointer<CChar>?) -> Int32).self),
              let readHistory = function("read_history", as: (@convention(c) (UnsafePointer<CChar>?) -> Int32).self),
              let writeHistory = function("write_history", as: (@convention(c) (UnsafePointer<CChar>?) -> Int32).self),
              let stifleHistory = function("stifle_history", as: (@convention(c) (Int32) -> Void).self)
        else { return nil }
        _ = initialize()
        usingHistory()
        return Library(readline: readline, addHistory: addHistory, readHistory: readHistory, writeHistory: writeHistory, stifleHistory: stifleHistory)
    }()

    /// Starts editing with at most `limit` lines of history, read from `file` where it exists.
    static func start(history file: String?, limit: Int32) {
        guard let library else { return }
        library.stifleHistory(limit)
        if let file { _ = library.readHistory(file) }
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
