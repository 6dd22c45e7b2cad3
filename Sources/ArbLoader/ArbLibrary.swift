#if canImport(Glibc)
import Glibc
#endif

/// Arb and FLINT, opened at the first call into them rather than at process start: Debian links both, and NTL
/// that FLINT needs, with every symbol bound at load (BIND_NOW), about 10,000 bindings and 2–3 ms at every
/// start, which the commands that never call Arb (log I's certificates, rope, compile, float, --help) should
/// not pay.
///
/// Every Arb or FLINT function the package calls is defined in this module under its C name
/// (`ArbFunctions.swift`, written by `scripts/arb_functions.py`): it looks its target up once and calls it.
/// Swift rather than C: valgrind 3.19 gives up on a whole executable at the DWARF 5 that clang 21 writes for
/// a C function.
enum ArbLibrary {
    /// The opened library; the first use opens it, once, whichever thread gets there first.
    nonisolated(unsafe) static let handle: UnsafeMutableRawPointer = open()

    /// The soname first (what the runtime package installs), then the -dev link.
    private static func open() -> UnsafeMutableRawPointer {
        // Arb's and FLINT's own symbols first: behind the executable's global scope their 10,000 bindings took
        // 14 M instructions instead of 7 M. The sanitizers' runtimes refuse RTLD_DEEPBIND.
        let sanitized = ["__asan_init", "__tsan_init", "__msan_init"].contains { (name: String) in dlsym(nil, name) != nil }
        let flags = RTLD_NOW | RTLD_LOCAL | (sanitized ? 0 : RTLD_DEEPBIND)
        for name in ["libflint-arb.so.2", "libflint-arb.so"] {
            if let library = dlopen(name, flags) { return library }
        }
        fail("EMLKit: cannot load Arb: \(String(cString: dlerror())) (Debian: apt-get install libflint-arb2)")
    }

    /// The address of `name` in Arb or the libraries it loads.
    static func symbol(_ name: String) -> UnsafeRawPointer {
        guard let address = dlsym(handle, name) else { fail("EMLKit: Arb or FLINT lacks \(name)") }
        return UnsafeRawPointer(address)
    }

    private static func fail(_ message: String) -> Never {
        _ = (message + "\n").withCString { write(2, $0, strlen($0)) }
        exit(70)
    }
}
