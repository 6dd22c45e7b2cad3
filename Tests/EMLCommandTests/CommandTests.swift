import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `eml` and `embed-example` executables as a user would.
final class CommandTests: XCTestCase {
    /// The build products folder: the test bundle's folder on Linux, its parent where the bundle is a directory.
    static let products: URL = {
        let bundle = Bundle(for: CommandTests.self).bundleURL
        let here = bundle.hasDirectoryPath && bundle.pathExtension != "xctest" ? bundle : bundle.deletingLastPathComponent()
        return FileManager.default.fileExists(atPath: here.appendingPathComponent("eml").path) ? here : bundle.deletingLastPathComponent()
    }()

    struct Run { let status: Int32; let output: String; let error: String }

    func run(_ arguments: [String], executable: String = "eml", input: Data? = nil) throws -> Run {
        try Self.launch(arguments, executable: executable, input: input)
    }

    /// Runs a built executable to its end: status, stdout, stderr; `environment` is added to this process's.
    static func launch(_ arguments: [String], executable: String = "eml", input: Data? = nil,
                       environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = Self.products.appendingPathComponent(executable)
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        if let input { stdin.fileHandleForWriting.write(input) }
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self), error: String(decoding: err, as: UTF8.self))
    }

    /// Arb and FLINT are loaded at their first call (ArbLoader): log I's certificates and the compiler never call
    /// them, so those commands start without them; eval's balls do. The dynamic loader says what it loads.
    func testArbIsLoadedOnlyByCommandsThatCallIt() throws {
        func loadsArb(_ arguments: [String], _ input: String) throws -> Bool {
            let r = try Self.launch(arguments, input: Data(input.utf8), environment: ["LD_DEBUG": "files"])
            XCTAssertEqual(r.status, 0, r.error)
            XCTAssertFalse(r.output.isEmpty)
            return r.error.contains("libflint-arb")
        }
        XCTAssertFalse(try loadsArb(["bessel", "logi", "--digits", "60"], "2.5 1.25\n"))
        XCTAssertFalse(try loadsArb(["compile", "sin(x)"], ""))
        // One elementary function of a number takes the fixed-point certificates; anything more, the balls.
        XCTAssertFalse(try loadsArb(["eval", "--digits", "30"], "sin(1)\nexp(-2.5)\n"))
        XCTAssertTrue(try loadsArb(["eval", "--digits", "30"], "sin(1) + 1\n"))
        XCTAssertTrue(try loadsArb(["bessel", "logk", "--digits", "30"], "2.5 1.25\n"))
    }

    /// libedit is the REPL's on a terminal only: no other command, nor the REPL on a pipe, loads it
    /// (`testReplOnPseudoTerminal` edits a line through it).
    func testLineEditingIsLoadedOnlyByTheTerminalREPL() throws {
        for (arguments, input) in [(["eval", "--digits", "30"], "sin(1)\n"), (["bessel", "logi"], "2.5 1.25\n"), ([], "1+1\n")] {
            let r = try Self.launch(arguments, input: Data(input.utf8), environment: ["LD_DEBUG": "files"])
            XCTAssertEqual(r.status, 0, r.error)
            XCTAssertFalse(r.output.isEmpty)
            XCTAssertFalse(r.error.contains("libedit"), "\(arguments)")
        }
    }

    func testEvalArguments() throws {
        let r = try run(["eval", "--digits", "10", "sin(1e-20)", "ln(-2)", "-2^2", "1/0"])
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.output, "1.000000000e-20\n6.931471806e-1 + 3.141592654i\n-4.000000000\ninf\n")
    }

    /// Blocks of stdin end at 4096 lines or 1 MiB, whichever comes first: 3000 lines of 700 bytes (2.1 MB)
    /// come back in order, one line each, across the blocks.
    func testEvalStdinBlocksKeepOrderAcrossByteBoundedBlocks() throws {
        let padding = String(repeating: " ", count: 690)
        let input = (1...3000).map { "\($0) + 0\(padding)\n" }.joined()
        let r = try run(["eval", "--digits", "4"], input: Data(input.utf8))
        XCTAssertEqual(r.status, 0, r.error)
        let lines = r.output.split(separator: "\n")
        XCTAssertEqual(lines.count, 3000)
        XCTAssertEqual(lines[0], "1.000")
        XCTAssertEqual(lines[1499], "1.500e3")
        XCTAssertEqual(lines[2999], "3.000e3")
    }

    func testEvalStdinPrintsOneLinePerInputLine() throws {
        let input = "1+1\n\nsinn(2)\nx = 3\nx^2\n\u{1}\u{2}garbage\u{FF}\n10^10^10^10\n2^0.5\n"
        let r = try run(["eval", "--digits", "5"], input: Data(input.utf8) + Data([0xC3, 0x28, 0x0A]))
        XCTAssertEqual(r.status, 1)
        let lines = r.output.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        XCTAssertEqual(lines.count, 9, r.output)
        XCTAssertEqual(lines[0], "2.0000")
        XCTAssertEqual(lines[1], "error: empty input")
        XCTAssertEqual(lines[2], "error: unknown function 'sinn' (did you mean sin?)")
        XCTAssertEqual(lines[3], "3.0000")
        XCTAssertEqual(lines[4], "9.0000")
        XCTAssertTrue(lines[5].hasPrefix("error: unexpected character U+0001"), String(lines[5]))
        XCTAssertEqual(lines[6], "error: overflow in '^': the result exceeds MPFR's exponent range")
        XCTAssertEqual(lines[7], "1.4142")
        XCTAssertTrue(lines[8].hasPrefix("error: unexpected character"), String(lines[8]))
    }

    /// A line past the reader's limit is one error line in its place, with the limit; the lines around it,
    /// a CRLF line and a last line without a newline are read as they are (eval, bessel and the REPL share the reader).
    func testOverlongStdinLinesAreReportedInPlace() throws {
        let long = String(repeating: "1+", count: 40_000) + "1"
        let eval = try run(["eval", "--digits", "5"], input: Data("1+1\r\n\(long)\n2+2".utf8))
        XCTAssertEqual(eval.status, 1)
        XCTAssertEqual(eval.output, "2.0000\nerror: input line is longer than 65536 bytes\n4.0000\n")
        let pairs = "1 2\n" + String(repeating: "1 ", count: 3000) + "\n3 4"
        let bessel = try run(["bessel", "logi", "--digits", "10"], input: Data(pairs.utf8))
        XCTAssertEqual(bessel.status, 1)
        XCTAssertEqual(bessel.output, "4.641344735e-1\nerror: input line is longer than 4096 bytes\n1.205154839\n")
        let repl = try run([], input: Data("x = 2\n\(long)\nx^2".utf8))
        XCTAssertEqual(repl.output, "x = 2.00000000000000000000000000000\nerror: input line is longer than 65536 bytes\n4.00000000000000000000000000000\n")
    }

    func testEvalJSONLines() throws {
        let r = try run(["eval", "--json", "--digits", "5", "ln(-2)", "sinn(1)"])
        XCTAssertEqual(r.status, 1)
        let lines = r.output.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        XCTAssertEqual(lines.count, 2)
        XCTAssertEqual(lines[0]["value"] as? String, "6.9315e-1 + 3.1416i")
        XCTAssertEqual(lines[0]["imaginary"] as? String, "3.1416")
        XCTAssertEqual(lines[0]["digits"] as? Int, 5)
        XCTAssertNotNil(lines[0]["working_precision"] as? Int)
        XCTAssertEqual(lines[1]["error"] as? String, "unknown function 'sinn' (did you mean sin?)")
        XCTAssertEqual(lines[1]["position"] as? Int, 0)
    }

    func testEvalModesAgreeAndPrecisionOption() throws {
        let direct = try run(["eval", "--prec", "212", "arcsin(1)", "atan(3)"])
        let viaTree = try run(["eval", "--prec", "212", "--mode", "eml", "arcsin(1)", "atan(3)"])
        XCTAssertEqual(direct.output, viaTree.output)
        XCTAssertEqual(direct.output.split(separator: "\n").first, "1.570796326794896619231321691639751442098584699687552910487472296")
    }

    func testAbsurdPrecisionIsRefused() throws {
        let r = try run(["eval", "--prec", "1000000000000", "1"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.error.contains("--prec must be between"), r.error)
    }

    func testVersion() throws {
        let r = try run(["--version"])
        XCTAssertEqual(r.output, "1.0.0\n")
        XCTAssertEqual(r.status, 0)
    }

    func testCompileFormats() throws {
        XCTAssertEqual(try run(["compile", "ln(x)"]).output, "eml(1, eml(eml(1, x), 1))\n")
        XCTAssertEqual(try run(["compile", "--format", "wolfram", "ln(x)"]).output, "EML[1,EML[EML[1,x],1]]\n")
        XCTAssertEqual(try run(["compile", "--format", "rpn", "ln(x)"]).output, "1 1 x E 1 E E\n")
        XCTAssertEqual(try run(["compile", "--format", "rpn", "exp(x)"]).output, "x 1 E\n")
        // `--` ends the options; it is not a minus sign: -x, not -(-x).
        XCTAssertEqual(try run(["compile", "--stats", "--", "x"]).output, try run(["compile", "--stats", "x"]).output)
        XCTAssertEqual(try run(["compile", "--", "-x"]).output, try run(["compile", "-x"]).output)
        let dot = try run(["compile", "--format", "dot", "x - y"]).output
        XCTAssertTrue(dot.hasPrefix("digraph EML {") && dot.contains("-> "), dot)
        let stats = try run(["compile", "--stats", "--format", "rpn", "ln(x)"]).output
        XCTAssertEqual(stats, "1 1 x E 1 E E\nK 7\neml nodes 3\nleaves 4\ndistinct nodes 5\ndepth 3\n")
        // A variable used twice is one leaf.
        XCTAssertEqual(try run(["compile", "--format", "rpn", "x - x"]).output, "1 1 x E 1 E E x 1 E E\n")
        // Pasted from the reference compiler's output: the Wolfram spelling reads back to the same tree.
        XCTAssertEqual(try run(["compile", "EML[1,EML[EML[1,x],1]]"]).output, "eml(1, eml(eml(1, x), 1))\n")
    }

    func testCompileErrorShowsCaret() throws {
        let r = try run(["compile", "sinn(x)"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.error, "  sinn(x)\n  ^\nerror: unknown function 'sinn' (did you mean sin?)\n")
    }

    func testReplOnPipedStdinPrintsNoPrompt() throws {
        let script = """
        x = 2.5
        f(t) = t^2 + 1
        f(x)
        ans + 1
        :digits 5
        sqrt(-4)
        :mode eml
        ln(-2)
        :eml exp(x)
        :prec 1e12
        sinn(1)
        :quit
        1+1
        """
        let r = try run([], input: Data(script.utf8))
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.output, """
        x = 2.50000000000000000000000000000
        f(t) defined
        7.25000000000000000000000000000
        8.25000000000000000000000000000
        digits = 5
        0 + 2.0000i
        mode = eml
        6.9315e-1 + 3.1416i
        eml(x, 1)
        K = 3, eml nodes = 1, distinct nodes = 3, depth = 1
        error: :prec takes a whole number of bits from 2 to 332193, not '1e12'
          sinn(1)
          ^
        error: unknown function 'sinn' (did you mean sin?)

        """)
    }

    /// Piped stdin in blocks of up to 1024 lines evaluated on all cores: a `:command` past the first block
    /// applies from its own line on, and `ans` after a block is the block's last value.
    func testReplBatchesKeepTheOrderOfLinesAndCommands() throws {
        let first = (1...1500).map { "\($0)/7" }, second = (1501...3000).map { "\($0)/7" }
        let script = (first + [":digits 5"] + second + ["ans*7"]).joined(separator: "\n")
        let r = try run([], input: Data(script.utf8))
        let lines = r.output.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 3002)
        XCTAssertEqual(lines[0], "1.42857142857142857142857142857e-1")
        XCTAssertEqual(lines[1499], "2.14285714285714285714285714286e2")
        XCTAssertEqual(lines[1500], "digits = 5")
        XCTAssertEqual(lines[1501], "2.1443e2")
        XCTAssertEqual(lines[3000], "4.2857e2")
        XCTAssertEqual(lines[3001], "3.0000e3")
        XCTAssertTrue(lines[1...1499].allSatisfy { $0.count >= 30 } && lines[1501...3000].allSatisfy { $0.count <= 8 })
    }

    /// The REPL on a pseudo-terminal: prompt, line editing library active, answers, :quit.
    func testReplOnPseudoTerminal() throws {
        var master: Int32 = 0, slave: Int32 = 0
        guard openpty(&master, &slave, nil, nil, nil) == 0 else { throw XCTSkip("no pseudo-terminal here") }
        let process = Process()
        process.executableURL = Self.products.appendingPathComponent("eml")
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("eml-home-\(UUID())")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        process.environment = ["TERM": "dumb", "HOME": home.path]
        let terminal = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        process.standardInput = terminal
        process.standardOutput = terminal
        process.standardError = terminal
        try process.run()
        close(slave)
        let masterHandle = FileHandle(fileDescriptor: master, closeOnDealloc: true)
        var transcript = Data()
        func read(until marker: String, seconds: Double = 20) {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline, !String(decoding: transcript, as: UTF8.self).contains(marker) {
                var pollfd = Glibc.pollfd(fd: master, events: Int16(POLLIN), revents: 0)
                if poll(&pollfd, 1, 200) > 0 {
                    let chunk = masterHandle.availableData
                    if chunk.isEmpty { break }
                    transcript.append(chunk)
                }
            }
        }
        read(until: "eml> ")
        masterHandle.write(Data(":digits 12\r".utf8))
        read(until: "digits = 12")
        masterHandle.write(Data("sin(1)\r".utf8))
        read(until: "8.41470984808e-1")
        masterHandle.write(Data("sinn(1)\r".utf8))
        read(until: "did you mean sin?")
        masterHandle.write(Data(":quit\r".utf8))
        process.waitUntilExit()
        let text = String(decoding: transcript, as: UTF8.self)
        XCTAssertTrue(text.contains("eml> "), text)
        XCTAssertTrue(text.contains("8.41470984808e-1"), text)
        XCTAssertTrue(text.contains("^"), text)
        XCTAssertEqual(process.terminationStatus, 0)
        // The session's lines persist in ~/.eml_history for the next one.
        let history = try String(contentsOf: home.appendingPathComponent(".eml_history"), encoding: .utf8)
        XCTAssertTrue(history.contains("sin(1)"), history)
    }

    func testEmbedExampleBuildsAndRuns() throws {
        let r = try run([], executable: "embed-example")
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.output.contains("direct: 9.99999999999999999995000000000e-21"), r.output)
        XCTAssertTrue(r.output.contains("eml:    9.99999999999999999995000000000e-21"), r.output)
        XCTAssertTrue(r.output.contains("ln(-2) = 6.9314718055994530942e-1 + 3.1415926535897932385i"), r.output)
    }

    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Examples/rope")

    func testRopeExitStatusGatesCI() throws {
        // float32 angles, base inside the zone, no collision below L in S2: pass.
        let pass = try run(["rope", "--base", "10000", "--dim", "128", "--context", "4096", "--dtype", "fp32", "--pipeline", "S2"])
        XCTAssertEqual(pass.status, 0, pass.output + pass.error)
        XCTAssertTrue(pass.output.contains("Verdict (S2): PASS"), pass.output)
        // bf16 in S1 collides at m = 137: fail with status 2.
        let fail = try run(["rope", "--base", "10000", "--dim", "128", "--context", "4096", "--dtype", "bf16", "--pipeline", "S1"])
        XCTAssertEqual(fail.status, 2)
        XCTAssertTrue(fail.output.contains("first collision m = 137 (channel 63)"), fail.output)
        // --pipeline simulates that pipeline alone; without it, all four (S4 decides).
        XCTAssertFalse(fail.output.contains("  S4 exact angle"), fail.output)
        let all = try run(["rope", "--base", "10000", "--dim", "128", "--context", "4096", "--dtype", "bf16"])
        XCTAssertTrue(["  S1 ", "  S2 ", "  S3 ", "  S4 ", "Verdict (S4)"].allSatisfy(all.output.contains), all.output)
        // Usage and config errors: status 1 with the reason.
        let odd = try run(["rope", "--base", "10000", "--dim", "127", "--context", "4096"])
        XCTAssertEqual(odd.status, 1)
        XCTAssertTrue(odd.error.contains("must be even"), odd.error)
        let missing = try run(["rope", "--base", "10000"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.error.contains("missing --dim, --context"), missing.error)
        let huge = try run(["rope", "--base", "10000", "--dim", "256", "--context", "67108864"])
        XCTAssertEqual(huge.status, 1)
        XCTAssertTrue(huge.error.contains("exceeds the limit of 2^32"), huge.error)
        let flat = try run(["rope", "--base", "1", "--dim", "64", "--context", "64"])
        XCTAssertTrue(flat.error.contains("greater than 1"), flat.error)
    }

    func testRopeJSONReport() throws {
        let r = try run(["rope", "--config", Self.examples.appendingPathComponent("llama-2-7b/config.json").path,
                         "--context", "2048", "--epsilon", "0.5", "--json"])
        XCTAssertEqual(r.status, 2, r.error)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.output.utf8)) as? [String: Any])
        XCTAssertEqual((json["theta"] as? [Any])?.count, 64)
        let bounds = try XCTUnwrap(json["bounds"] as? [String: Any])
        for key in ["aliasing_min_base", "dc_min_base", "depth_min_base", "precision_max_base", "epsilon_star", "l_max"] {
            XCTAssertNotNil(bounds[key] as? Double, key)
        }
        XCTAssertEqual(json["inside_zone"] as? Bool, false)
        let walls = try XCTUnwrap(json["walls"] as? [String: [String: Any]])
        XCTAssertEqual(Set(walls.keys), ["S1", "S2", "S3", "S4"])
        for (_, w) in walls {
            XCTAssertEqual((w["first_collision"] as? [Any])?.count, 64)
            XCTAssertNotNil(w["min_first_collision"])
            XCTAssertNotNil(w["collision_fraction"] as? Double)
            XCTAssertNotNil(w["max_phase_error"] as? [String: Any])
        }
        XCTAssertEqual((json["configuration"] as? [String: Any])?["dtype"] as? String, "fp16")
    }

    func testRopeSVGAndPresetAndScaling() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rope-\(UUID()).svg")
        let r = try run(["rope", "--preset", "llama-2-7b", "--context", "1024", "--svg", file.path])
        XCTAssertEqual(r.status, 2)
        let svg = try String(contentsOf: file, encoding: .utf8)
        XCTAssertTrue(svg.hasPrefix("<svg") && svg.contains("polyline") && svg.contains("precision ceiling"), svg)
        try? FileManager.default.removeItem(at: file)
        let scaled = try run(["rope", "--base", "500000", "--dim", "128", "--context", "2048", "--scaling", "llama3:8,8192,1,4", "--dtype", "fp32", "--pipeline", "S2"])
        XCTAssertTrue(scaled.output.contains("scaling: Llama-3.1 ×8.0"), scaled.output)
        let bad = try run(["rope", "--base", "500000", "--dim", "128", "--context", "2048", "--scaling", "zoom:3"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.error.contains("not one of linear"), bad.error)
        let unknown = try run(["rope", "--preset", "llama-9"])
        XCTAssertTrue(unknown.error.contains("unknown preset"), unknown.error)
    }

    func testFloatCommand() throws {
        let r = try run(["float", "bf16", "257", "0x1.8p3", "-3"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.output.contains("257 → 256  ulp 2  prev 255  next 258  bits 0x4380"), r.output)
        XCTAssertTrue(r.output.contains("0x1.8p3 → 12"), r.output)
        XCTAssertEqual(try run(["float", "bf17", "1"]).status, 1)
    }

    func testBesselCommand() throws {
        XCTAssertEqual(try run(["bessel", "logi", "0", "1e-300"]).output, "2.50000000000000000000000000000e-601\n")
        XCTAssertEqual(try run(["bessel", "logk", "--digits", "20", "1", "2"]).output, "-1.9670713025605138915\n")
        // Decimal arguments take log I's rational fixed-point certificate: the same digits as the expression
        // path and as mpmath (log(besseli(2.37, 1.5)) at 80 digits), on a line or in a batch.
        let decimal = "-1.57834979712207061869250996744328339602665770345241890860864\n"
        XCTAssertEqual(try run(["bessel", "logi", "--digits", "60", "2.37", "1.5"]).output, decimal)
        XCTAssertEqual(try run(["eval", "--digits", "60", "logbesseli(2.37, 1.5)"]).output, decimal)
        XCTAssertEqual(try run(["bessel", "logi", "--digits", "60"], input: Data("2.37 1.5\n0.00237e3 15e-1\n. 1\n".utf8)).output,
                       decimal + decimal + "error: '. 1' is not two numbers\n")
        // x > 10^7: Debye's expansion (reference: mpmath, Tests/BesselTests/Data/reference.tsv).
        XCTAssertEqual(try run(["bessel", "logi", "1", "1e8"]).output, "9.99999898707210910691445033977e7\n")
        let lines = try run(["bessel", "k", "--double"], input: Data("0.5 1\n0x1.8p1 1\nnonsense\n1 0\n1 -2\n".utf8))
        XCTAssertEqual(lines.status, 1)
        let fields = lines.output.split(separator: "\n", omittingEmptySubsequences: false)
        // K_{1/2}(1) = √(π/2)/e = 0.46106850444789455844…: e^(log K) is within 2 ulp, not correctly rounded.
        XCTAssertLessThanOrEqual(abs(Double(fields[0])! - 0.46106850444789455844), 2 * 0.46106850444789455844.ulp, lines.output)
        XCTAssertEqual(fields.dropFirst().joined(separator: "\n"), "7.1012628247379448\nerror: expected two numbers 'v x', found 1 field\ninf\n"
                       + "error: log-Bessel functions are defined here for x ≥ 0, not x = -2.0\n")
        // A negative order where I_v(x) < 0: no real logarithm, said so on the line.
        let negative = try run(["bessel", "logi", "--double", "--", "-1.5", "0.1"])
        XCTAssertEqual(negative.status, 1)
        XCTAssertTrue(negative.output.hasPrefix("error: log I_v(x) has no real value here"), negative.output)
        // A negative order needs no `--`, before or after the options; an unknown option is still named.
        let half = "7.52637804433164343866037521153e-1\n"  // log I_{−1/2}(2) = log(√(2/(2π))·cosh 2)
        XCTAssertEqual(try run(["bessel", "logi", "--digits", "30", "-0.5", "2"]).output, half)
        XCTAssertEqual(try run(["bessel", "logi", "-0.5", "2", "--digits", "30"]).output, half)
        XCTAssertEqual(try run(["bessel", "logi", "--", "-0.5", "2"]).output, half)
        let unknown = try run(["bessel", "logi", "--bogus", "1", "2"])
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertTrue(unknown.error.contains("unknown option '--bogus'"), unknown.error)
        // Raw float64 pairs in, float64 results out.
        var input = Data()
        for d in [0.5, 1.0, 10.0, 700.0] { var bits = d.bitPattern.littleEndian; withUnsafeBytes(of: &bits) { input.append(contentsOf: $0) } }
        let process = Process()
        process.executableURL = Self.products.appendingPathComponent("eml")
        process.arguments = ["bessel", "logk", "--double", "--binary"]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(out.count, 16)
        let values = (0..<2).map { k in out.withUnsafeBytes { Double(bitPattern: UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 8 * k, as: UInt64.self))) } }
        XCTAssertEqual(values[0], log(0.46106850444789454), accuracy: 1e-15)
        XCTAssertEqual(values[1], -702.978550838658098, accuracy: 1e-12)  // mpmath
        XCTAssertEqual(try run(["bessel", "logi", "--binary"]).status, 64)
    }

    /// The vMF example (small sample): every fit finite and within sampling error of the true κ.
    func testVonMisesFisherExample() throws {
        let r = try run(["7", "300"], executable: "vmf-example")
        XCTAssertEqual(r.status, 0, r.error)
        // Data rows start (after spaces) with the dimension.
        let rows = r.output.split(separator: "\n").filter { $0.drop(while: { $0 == " " }).first?.isNumber == true }
            .map { $0.split(separator: " ").compactMap { Double($0) } }
        XCTAssertEqual(rows.count, 3, r.output)
        for row in rows {
            guard row.count == 8 else { return XCTFail(r.output) }
            XCTAssertTrue(row.allSatisfy(\.isFinite), r.output)
            XCTAssertLessThan(abs(row[7]), 4, "κ̂ within sampling error: \(r.output)")
        }
    }

    func testHelpHasExamples() throws {
        let r = try run(["--help"])
        XCTAssertTrue(r.output.contains("Examples:"), r.output)
        XCTAssertTrue(try run(["eval", "--help"]).output.contains("--digits"))
    }

    /// Runs a shell pipeline with the built `eml` as $EML (for limits and streams larger than the test holds).
    func shell(_ script: String) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        process.environment = ["EML": Self.products.appendingPathComponent("eml").path, "PATH": "/usr/bin:/bin"]
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self), error: String(decoding: err, as: UTF8.self))
    }

    /// 256 MiB of (v, x) pairs through a process allowed 200 MB of data: it streams, writing as it goes.
    func testBinaryAndTextStdinStreamInBoundedMemory() throws {
        guard FileManager.default.fileExists(atPath: "/usr/bin/prlimit") else {
            print("SKIPPED testBinaryAndTextStdinStreamInBoundedMemory: prlimit (util-linux) is not installed")
            return
        }
        let binary = try shell("head -c 268435456 /dev/zero | prlimit --data=200000000 \"$EML\" bessel logi --double --binary | wc -c")
        XCTAssertEqual(binary.output.trimmingCharacters(in: .whitespacesAndNewlines), "134217728", binary.error)
        let text = try shell("yes '2 3' | head -n 200000 | prlimit --data=200000000 \"$EML\" bessel logk --double | sort | uniq -c")
        XCTAssertEqual(text.output.trimmingCharacters(in: .whitespaces), "200000 -2.7885480621765342\n", text.error)
        // A 100 MB line (no newline) is read past in bounded memory and reported; the next line still runs.
        for (command, next) in [("eval", "2+3"), ("", "2+3"), ("bessel logi", "2 3")] {
            let long = try shell("{ head -c 100000000 /dev/zero | tr '\\0' 7; printf '\\n\(next)\\n'; } | prlimit --data=150000000 \"$EML\" \(command) | cut -c1-60")
            XCTAssertTrue(long.output.hasPrefix("error: "), "\(command): \(long.output) \(long.error)")
            XCTAssertEqual(long.output.split(separator: "\n").count, 2, "\(command): \(long.output)")
        }
        // A truncated last pair: the whole pairs' results are written, then one clear error.
        let truncated = try shell("head -c 40 /dev/zero | \"$EML\" bessel logi --double --binary | wc -c")
        XCTAssertEqual(truncated.output.trimmingCharacters(in: .whitespacesAndNewlines), "16")
        XCTAssertTrue(truncated.error.contains("ends with 8 bytes after 2 (v, x) float64 pairs"), truncated.error)
    }

    /// Negative option values name the range they take; `--` is not an expression; NaN is a value, not a trap.
    func testBadOptionValuesAndNonFiniteInputs() throws {
        for (arguments, message) in [
            (["eval", "--digits", "-1", "1"], "--digits must be between 1 and 100000, not -1"),
            (["eval", "--prec", "-5", "1"], "--prec must be between 2 and 332193 bits, not -5"),
            (["eval", "--mode", "eml", "--digits", "20000", "1"], "--digits in eml mode must be between 1 and 10000"),
            (["rope", "--base", "-10000", "--dim", "128", "--context", "4096"], "base must be a number greater than 1, not -10000.0"),
            (["bessel", "logi", "--threads", "-1", "1", "2"], "--threads must be between 1 and 256, not -1"),
            (["rope", "--base", "10000", "--dim", "128", "--context", "1048576", "--men"], "the limit is 2^22"),
            (["float", "p=8,emin=-10,emax=99999999999999", "1"], "emax=99999999999999 is out of range"),
        ] {
            let r = try run(arguments)
            XCTAssertNotEqual(r.status, 0, arguments.joined(separator: " "))
            XCTAssertTrue((r.error + r.output).contains(message), "\(arguments): \(r.error)\(r.output)")
        }
        XCTAssertEqual(try run(["eval", "--", "-2^2"]).output, "-4.00000000000000000000000000000\n")
        // A precision out of range is checked when the command validates: its message comes with that command's usage.
        for (arguments, usage) in [(["eval", "--digits", "0", "1"], "Usage: eml eval "), (["--digits", "0"], "Usage: eml repl ")] {
            let r = try run(arguments)
            XCTAssertEqual(r.status, 64, arguments.joined(separator: " "))
            XCTAssertTrue(r.error.contains("--digits must be between 1 and 100000, not 0") && r.error.contains(usage), r.error)
        }
        let nan = try run(["float", "fp16", "nan", "inf", "-inf"])
        XCTAssertEqual(nan.status, 0, nan.error)
        XCTAssertTrue(nan.output.contains("nan → nan  ulp nan  prev nan  next nan  bits 0x7e00"), nan.output)
        XCTAssertTrue(nan.output.contains("inf → inf  ulp nan  prev 65504  next inf  bits 0x7c00"), nan.output)
        XCTAssertTrue(nan.output.contains("-inf → -inf  ulp nan  prev -inf  next -65504  bits 0xfc00"), nan.output)
        XCTAssertEqual(try run(["bessel", "logi", "1", "inf"]).output, "error: v and x must be finite, not '1', 'inf'\n")
        // The double path up to the largest double: log I ≈ x there, log K ≈ −x (within the kernels' 4 ulp).
        for kind in ["logi", "logk"] {
            let lines = try run(["bessel", kind, "--double"], input: Data("1 1e305\n1e300 1.7e308\n1.7e308 1.7e308\n".utf8)).output.split(separator: "\n")
            let sign = kind == "logi" ? 1.0 : -1.0
            // v = x: log I ≈ v·(√2 − asinh 1) = 0.5328·v, the lead of Debye's expansion (ρ itself overflows there).
            for (line, truth) in zip(lines, [1e305, 1.7e308, 0.53283997535355202357 * 1.7e308]) {
                let r = try XCTUnwrap(Double(line), String(line))
                XCTAssertLessThanOrEqual(abs(r - sign * truth), 4 * truth.ulp, "\(kind): \(line) vs \(sign * truth)")
            }
        }
        let repl = try run([], input: Data("f(x, x) = x\nf() = 1\n".utf8))
        XCTAssertTrue(repl.output.contains("parameter 'x' appears twice"), repl.output)
        XCTAssertTrue(repl.output.contains("needs at least one parameter"), repl.output)
    }

    /// eml regress: the paper's depth-4 target from CSV on stdin, exact, in text and JSON; and one clear
    /// message (file, row, column) for each kind of bad input, exit 1.
    func testRegressFindsAndReportsAndRefusesBadData() throws {
        var csv = "x,y,z\n"
        for i in 0...10 { for j in 0...10 {
            let (x, y) = (1 + 0.2 * Double(i), 1 + 0.2 * Double(j))
            csv += "\(x),\(y),\(Foundation.log(Foundation.exp(x) - Foundation.log(y)))\n"
        } }
        let text = try run(["regress", "-", "--max-k", "11"], input: Data(csv.utf8))
        XCTAssertEqual(text.status, 0, text.error)
        XCTAssertTrue(text.output.contains("ln(exp(x) - ln(y))"), text.output)
        XCTAssertTrue(text.output.contains("eml(1, eml(eml(1, eml(x, y)), 1))"), text.output)
        XCTAssertTrue(text.output.contains("exact"), text.output)
        let json = try run(["regress", "-", "--max-k", "11", "--json"], input: Data(csv.utf8))
        let last = try XCTUnwrap(json.output.split(separator: "\n").last)
        let record = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        XCTAssertEqual(record["k"] as? Int, 9)
        XCTAssertEqual(record["verdict"] as? String, "exact")
        XCTAssertEqual(record["formula"] as? String, "ln(exp(x) - ln(y))")
        for key in ["eml", "depth", "train_rmse", "test_rmse"] { XCTAssertNotNil(record[key], key) }
        // Two shards of the last level, merged, give the unsharded front's best.
        var parts: [String] = []
        for k in 1...2 {
            let part = try run(["regress", "-", "--max-k", "9", "--shard", "\(k)/2", "--json"], input: Data(csv.utf8))
            XCTAssertEqual(part.status, 0, part.error)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("regress-part\(k)-\(getpid()).jsonl")
            try part.output.write(to: file, atomically: true, encoding: .utf8)
            parts.append(file.path)
        }
        defer { parts.forEach { try? FileManager.default.removeItem(atPath: $0) } }
        let merged = try run(["regress", "--merge", "--json"] + parts)
        XCTAssertEqual(merged.status, 0, merged.error)
        XCTAssertEqual(merged.output.split(separator: "\n").last.map(String.init), json.output.split(separator: "\n").last.map(String.init))
        XCTAssertEqual(try run(["regress", "-", "--shard", "3/2"], input: Data(csv.utf8)).status, 64)
        // A memory bound stops the enumeration where it is reached, and says so.
        var wide = "x,y,z\n"
        for i in 0..<60 { wide += "\(1 + Double(i) / 30),\(2 + Double(i % 7) / 5),\(Double(i).squareRoot() + 0.123)\n" }
        let bounded = try run(["regress", "-", "--method", "enumerate", "--max-k", "15", "--memory", "384"], input: Data(wide.utf8))
        XCTAssertEqual(bounded.status, 0, bounded.error)
        XCTAssertTrue(bounded.output.contains("--memory 384 MB"), bounded.output)
        XCTAssertEqual(try run(["regress", "-", "--memory", "10"], input: Data(wide.utf8)).status, 64)
        // Each option refused with its value named; a usage error (64), as for every subcommand.
        for (arguments, message) in [(["--depth", "12"], "--depth must be between 1 and 8, not 12"),
                                     (["--restarts", "0"], "--restarts must be between 1 and 100000, not 0"),
                                     (["--threads", "0"], "--threads must be between 1 and 256, not 0"),
                                     (["--time-limit", "-1"], "--time-limit must be between 0 and 86400 seconds, not -1.0"),
                                     (["--merge"], "--merge needs the shards' --json output files")] {
            let refused = try run(["regress"] + (arguments == ["--merge"] ? [] : ["-"]) + arguments, input: Data(wide.utf8))
            XCTAssertEqual(refused.status, 64, arguments.joined(separator: " "))
            XCTAssertTrue(refused.error.contains(message), refused.error)
        }
        let unknown = try run(["regress", "-", "--truth", "q + 1"], input: Data(wide.utf8))
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.error.contains("--truth names q, which no column is; the variables are x, y"), unknown.error)
        let eval = try run(["eval", "--threads", "0", "1"])
        XCTAssertEqual(eval.status, 64)
        XCTAssertTrue(eval.error.contains("--threads must be between 1 and 256, not 0"), eval.error)
        let picture = FileManager.default.temporaryDirectory.appendingPathComponent("regress-\(getpid()).svg")
        defer { try? FileManager.default.removeItem(at: picture) }
        let drawn = try run(["regress", "-", "--max-k", "11", "--truth", "ln(exp(x) - ln(y))", "--svg", picture.path], input: Data(csv.utf8))
        XCTAssertEqual(drawn.status, 0, drawn.error)
        let svg = try String(contentsOf: picture, encoding: .utf8)
        XCTAssertTrue(svg.hasPrefix("<svg") && svg.contains("Pareto front") && svg.contains("(exact)"), String(svg.prefix(300)))
        let bad: [(String, [String], String)] = [
            ("", [], "no header row"),
            ("x,y\n", [], "no data rows"),
            ("x,z\n1,2\n", [], "a fit needs at least 2"),
            ("x,z\n1,2\n2,abc\n", [], "row 3, column z: 'abc' is not a number"),
            ("x,z\n1,2\nnan,3\n", [], "row 3, column x: nan is not finite"),
            ("x,z\n1,2\n3\n", [], "row 3: 1 fields, the header has 2"),
            ("x,z\n1,2\n2,3\n", ["--target", "w"], "no column 'w'"),
        ]
        for (input, extra, message) in bad {
            let r = try run(["regress", "-"] + extra, input: Data(input.utf8))
            XCTAssertEqual(r.status, 1, "\(input): \(r.error)")
            XCTAssertTrue(r.error.contains(message), "\(input): \(r.error)")
        }
        let missing = try run(["regress", "/nonexistent/data.csv"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.error.contains("cannot open"), missing.error)
        let absurd = try run(["regress", "-", "--max-k", "1000000"], input: Data(csv.utf8))
        XCTAssertEqual(absurd.status, 64)  // a usage error, as for every subcommand
        XCTAssertTrue(absurd.error.contains("--max-k must be odd and between 1 and 31"), absurd.error)
    }
}
