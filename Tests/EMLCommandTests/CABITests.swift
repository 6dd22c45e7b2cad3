import Foundation
import XCTest

/// The C ABI as a C program uses it: Examples/c/example.c built with the system compiler against
/// libEMLKitC.so and include/emlkit.h, and a threaded caller.
final class CABITests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func library() throws -> URL {
        let lib = CommandTests.products.appendingPathComponent("libEMLKitC.so")
        guard FileManager.default.fileExists(atPath: lib.path) else {
            throw XCTSkip("libEMLKitC.so is not in \(CommandTests.products.path): build it with swift build --product EMLKitC")
        }
        return lib
    }

    func compiler() throws -> String {
        for cc in ["/usr/bin/cc", "/usr/bin/gcc", "/usr/bin/clang"] where FileManager.default.isExecutableFile(atPath: cc) { return cc }
        throw XCTSkip("no C compiler (cc, gcc or clang) in /usr/bin")
    }

    /// Compiles `source` against the library; the executable's path.
    func build(_ source: URL, _ name: String, extra: [String] = []) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("emlkit-c-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let output = folder.appendingPathComponent(name).path
        let dir = try library().deletingLastPathComponent().path
        let cc = Process()
        cc.executableURL = URL(fileURLWithPath: try compiler())
        cc.arguments = ["-O1", "-Wall", "-Werror", "-o", output, source.path, "-I", Self.root.appendingPathComponent("include").path,
                        "-L", dir, "-lEMLKitC", "-Wl,-rpath,\(dir)"] + extra
        let err = Pipe()
        cc.standardError = err
        try cc.run()
        cc.waitUntilExit()
        XCTAssertEqual(cc.terminationStatus, 0, String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        return output
    }

    func run(_ path: String) throws -> CommandTests.Run {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return .init(status: p.terminationStatus, output: String(decoding: o, as: UTF8.self), error: String(decoding: e, as: UTF8.self))
    }

    func testTheCExampleRunsAndReadsAnError() throws {
        let exe = try build(Self.root.appendingPathComponent("Examples/c/example.c"), "example")
        let r = try run(exe)
        XCTAssertEqual(r.status, 0, r.error)
        for line in ["EMLKit 1.0.0, ABI 1",
                     "sin(1e-20) = 1.00000000000000000000000000000e-20 (real 1.00000000000000000000000000000e-20, imaginary none,",
                     "ln(-2) = 6.9314718055994530942e-1 + 3.1415926535897932385i (real 6.9314718055994530942e-1, imaginary 3.1415926535897932385,",
                     "exp(1) = 2.718281828459045235360287",
                     "2 * (3 +: syntax error at byte 8: expression is incomplete",
                     "ln(x) in EML: eml(1, eml(eml(1, x), 1)) (K = 7, depth 3)",
                     "log I_0.5(1) = -0.064351991073531803", "n = 0: status argument",
                     "log K_10000(1e-300) = 6.996785775136998322475486226133246598933e6",
                     "bf16(257) = 256", "unknown format: status format"] {
            XCTAssertTrue(r.output.contains(line), "missing '\(line)' in\n\(r.output)")
        }
    }

    /// Many threads at once, each with its own results, and every bad input an error code, never an abort.
    func testThreadsAndBadInput() throws {
        let source = FileManager.default.temporaryDirectory.appendingPathComponent("emlkit-threads-\(getpid()).c")
        try """
        #include <pthread.h>
        #include <stdio.h>
        #include <string.h>
        #include "emlkit.h"
        static void *work(void *arg) {
            long k = (long)arg; int bad = 0;
            for (int i = 0; i < 50; i++) {
                char text[64]; snprintf(text, sizeof text, "sqrt(%ld) * sqrt(%ld)", k + 2, k + 2);
                emlkit_result *r = emlkit_evaluate(text, 20, 0, 0);
                char want[64]; snprintf(want, sizeof want, "%ld.0000000000000000000", k + 2);
                if (emlkit_result_status(r) != EMLKIT_OK || strcmp(emlkit_result_value(r), want) != 0) bad++;
                emlkit_result_free(r);
            }
            emlkit_thread_cleanup();
            return (void *)(long)bad;
        }
        int main(void) {
            pthread_t t[8]; long bad = 0;
            for (long k = 0; k < 8; k++) pthread_create(&t[k], 0, work, (void *)k);
            for (int k = 0; k < 8; k++) { void *b; pthread_join(t[k], &b); bad += (long)b; }
            printf("threads: %ld wrong\\n", bad);
            emlkit_result *r = emlkit_evaluate(NULL, 10, 0, 0);
            printf("NULL: %s\\n", emlkit_result_error_kind(r)); emlkit_result_free(r);
            r = emlkit_evaluate("\\xff\\xfe", 10, 0, 0);
            printf("not UTF-8: %s\\n", emlkit_result_error_kind(r)); emlkit_result_free(r);
            r = emlkit_evaluate("1", 1000000000, 0, 0);
            printf("absurd digits: %s\\n", emlkit_result_error_kind(r)); emlkit_result_free(r);
            r = emlkit_compile("besseli(1, x)", "eml");
            printf("no EML form: %s\\n", emlkit_result_error_kind(r)); emlkit_result_free(r);
            r = emlkit_rope("{\\"rope_theta\\": 500000");
            printf("bad config: %s\\n", emlkit_result_error_kind(r)); emlkit_result_free(r);
            r = emlkit_rope("{\\"rope_theta\\": 10000, \\"hidden_size\\": 4096, \\"num_attention_heads\\": 32, \\"num_hidden_layers\\": 32, \\"max_position_embeddings\\": 4096, \\"torch_dtype\\": \\"float32\\"}");
            printf("rope: %s exit %.0f\\n", emlkit_result_status(r) == EMLKIT_OK ? "ok" : emlkit_result_error_message(r), emlkit_result_number(r, "exit_status"));
            emlkit_result_free(r);
            printf("NULL arrays: %d\\n", emlkit_log_bessel_k(NULL, NULL, NULL, 5, 0));
            emlkit_result_free(NULL);
            printf("unknown result field: %g\\n", emlkit_result_number(NULL, "k"));
            return 0;
        }
        """.write(to: source, atomically: true, encoding: .utf8)
        let exe = try build(source, "threads", extra: ["-lpthread"])
        let r = try run(exe)
        XCTAssertEqual(r.status, 0, r.error)
        for line in ["threads: 0 wrong", "NULL: argument", "not UTF-8: argument", "absurd digits: argument", "no EML form: lowering",
                     "bad config: config", "rope: ok exit ", "NULL arrays: 1", "unknown result field: nan"] {
            XCTAssertTrue(r.output.contains(line), "missing '\(line)' in\n\(r.output)")
        }
    }

    /// Examples/python/emlkit.py (ctypes) against known values; needs python3 with numpy.
    func testThePythonModule() throws {
        let lib = try library()
        let env = Process()
        env.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        env.arguments = ["python3", "-c", "import numpy"]
        env.standardError = Pipe()
        do { try env.run(); env.waitUntilExit() } catch { throw XCTSkip("SKIPPED: python3 is not installed; the Python module test needs python3 and numpy") }
        guard env.terminationStatus == 0 else { throw XCTSkip("SKIPPED: python3 has no numpy (pip install numpy); the Python module test needs it") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", Self.root.appendingPathComponent("Examples/python/test_emlkit.py").path]
        p.currentDirectoryURL = Self.root.appendingPathComponent("Examples/python")
        p.environment = ProcessInfo.processInfo.environment.merging(["EMLKIT_LIBRARY": lib.path]) { $1 }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, o + e)
        XCTAssertTrue(o.contains("emlkit.py: all checks passed"), o + e)
    }
}
