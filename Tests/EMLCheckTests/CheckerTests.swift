import EMLCheck
import FloatFormats
import FPCore
import NumericKernels
import XCTest

final class CheckerTests: XCTestCase {
    func core(_ text: String) throws -> FPCore {
        let (cores, errors) = FPCore.readAll(text)
        XCTAssertEqual(errors.count, 0, "\(errors)")
        return try XCTUnwrap(cores.first)
    }

    func testMetricOnHandMadeCases() {
        let f = CheckFormat.binary64
        XCTAssertEqual(ErrorBits.bits(1.5, 1.5, in: f), 0)
        XCTAssertEqual(ErrorBits.bits(1.0.nextUp, 1.0, in: f), 1)
        XCTAssertEqual(ErrorBits.bits(1.0, 1.0.nextUp.nextUp.nextUp, in: f), 2)
        XCTAssertEqual(ErrorBits.bits(0.0, -0.0, in: f), 0)
        XCTAssertEqual(ErrorBits.bits(.nan, 1.0, in: f), 64)
        XCTAssertEqual(ErrorBits.bits(2.0, .nan, in: .binary32), 32)
        XCTAssertEqual(ErrorBits.bits(.nan, .nan, in: f), 0)
        // A sign flip of 1.0 crosses every value of magnitude below 1: about 63 bits.
        XCTAssertEqual(ErrorBits.bits(-1.0, 1.0, in: f), 62.999, accuracy: 0.01)
        XCTAssertEqual(ErrorBits.bits(-.greatestFiniteMagnitude, .greatestFiniteMagnitude, in: f), 64, accuracy: 0.01)
        let bf16 = try! CheckFormat.named("bfloat16")
        XCTAssertEqual(ErrorBits.bits(1.0, 1.0078125, in: bf16), 1)  // one bf16 ulp at 1
        XCTAssertEqual(bf16.width, 16)
        XCTAssertEqual(try! CheckFormat.named("tf32").width, 19)
        XCTAssertEqual(try! CheckFormat.named("fp8e4m3").width, 8)
    }

    /// sqrt(x + 1) − sqrt(x) has no simpler real answer at 1e85 than its ball: 80 and 160 bits both give 0
    /// as floating-point values, and the certified truth is 1/(2·sqrt(1e85)) ≈ 1.58e−43.
    func testTruthIsNeverTwoPrecisionsAgreeing() throws {
        let c = try core("(FPCore (x) (- (sqrt (+ x 1)) (sqrt x)))")
        guard case .value(let t) = Truth.rounded(c.body, names: ["x"], values: [1e85], format: .float64) else { return XCTFail() }
        XCTAssertEqual(t, 0.5 / 1e85.squareRoot(), accuracy: 1e-57)
        guard case .value(let t15) = Truth.rounded(c.body, names: ["x"], values: [1e15], format: .float64) else { return XCTFail() }
        XCTAssertEqual(t15, 1.58113883008e-8, accuracy: 1e-19)
        let program = try FloatProgram(c.body, arguments: ["x"], format: .binary64)
        XCTAssertEqual(program.evaluate([1e15]), 1.862645149230957e-08)
    }

    func testRumpsExample() throws {
        // The C form of the corpus (rump.fpcore), written here so that the test runs without the corpus.
        let text = """
        (FPCore (a b) :name "Rump's example, from C program"
         (let ([b2 (* b b)]) (let ([b4 (* b2 b2)]) (let ([b6 (* b4 b2)] [b8 (* b4 b4)] [a2 (* a a)])
           (let ([firstexpr (- (- (- (* (* 11 a2) b2) b6) (* 121 b4)) 2)])
             (+ (+ (+ (* 333.75 b6) (* a2 firstexpr)) (* 5.5 b8)) (/ a (* 2 b))))))))
        """
        let c = try core(text)
        guard case .value(let t) = Truth.rounded(c.body, names: ["a", "b"], values: [77617, 33096], format: .float64) else { return XCTFail() }
        XCTAssertEqual(t, -0.827396059946821368141165095479)
        let computed = try FloatProgram(c.body, arguments: ["a", "b"], format: .binary64).evaluate([77617, 33096])
        XCTAssertEqual(computed, -1.18e21, accuracy: 0.01e21)
        let single = try FloatProgram(c.body, arguments: ["a", "b"], format: .binary32).evaluate([77617, 33096])
        XCTAssertEqual(single, -6.3e29, accuracy: 0.1e29)
    }

    /// Herbie reports 29–30.3 bits for sqrt(x + 1) − sqrt(x) on binary64 without a precondition.
    func testSqrtDifferenceMatchesHerbie() throws {
        let c = try core("(FPCore (x) :name \"2sqrt\" (- (sqrt (+ x 1)) (sqrt x)))")
        var options = CheckOptions()
        options.threads = 2
        let report = try Checker.run(CheckProgram(c, file: "inline"), format: .binary64, options: options)
        XCTAssertEqual(report.points, 8000)
        XCTAssertEqual(report.meanBits(), 30, accuracy: 1.5)
        XCTAssertGreaterThan(report.rejected, 3000)  // negative x: no real sqrt
        XCTAssertEqual(report.unsettled, 0)
    }

    func testSamplerStaysWithinPrecondition() throws {
        let c = try core("(FPCore (x y) :pre (and (<= 1/2 x 3) (< -1e-3 y) (> 2 y)) (+ x y))")
        let sampler = Sampler(arguments: c.arguments, precondition: c.precondition, format: .binary64)
        var rng = SplitMix(seed: 9)
        for _ in 0..<2000 {
            let p = sampler.sample(&rng)
            XCTAssert(p[0] >= 0.5.nextDown && p[0] <= 3.0.nextUp, "\(p)")
            XCTAssert(p[1] >= -1e-3.nextUp && p[1] <= 2.0.nextUp, "\(p)")
        }
        var options = CheckOptions()
        options.samples = 500
        let report = try Checker.run(CheckProgram(c, file: "inline"), format: .binary64, options: options)
        XCTAssertEqual(report.points, 500)
        XCTAssertEqual(report.meanBits(), 0, accuracy: 0.01)
    }

    func testUnsatisfiablePreconditionIsReported() throws {
        let c = try core("(FPCore (x) :pre (and (< x 0) (> x 1)) x)")
        var options = CheckOptions()
        options.attemptsPerPoint = 500
        XCTAssertThrowsError(try Checker.run(CheckProgram(c, file: "inline"), format: .binary64, options: options)) {
            XCTAssertTrue("\($0)".contains("no valid point in 500 samples"), "\($0)")
        }
    }

    func testNarrowFormatsRoundEveryOperationOnce() throws {
        let c = try core("(FPCore (x) (+ x 1/3))")
        let bf16 = try CheckFormat.named("bf16")
        // bf16(1/3) = 0.333984375; 1 + that = 1.333984375 rounds to 1.3359375 in bf16.
        XCTAssertEqual(try FloatProgram(c.body, arguments: ["x"], format: bf16).evaluate([1]), 1.3359375)
        let s = try core("(FPCore (x) (sin x))")
        let fp16 = try CheckFormat.named("binary16")
        XCTAssertEqual(try FloatProgram(s.body, arguments: ["x"], format: fp16).evaluate([1]), FloatFormat.float16.rounded(0.8414709848078965))
    }

    func testShardsPartitionThePoints() throws {
        let c = try core("(FPCore (x) :pre (<= 0 x 1e10) (- (sqrt (+ x 1)) (sqrt x)))")
        var options = CheckOptions()
        options.samples = 300
        let whole = try Checker.run(CheckProgram(c, file: "f"), format: .binary64, options: options)
        var sum = 0.0, points = 0
        for k in 1...3 {
            options.shard = (k, 3)
            let part = try Checker.run(CheckProgram(c, file: "f"), format: .binary64, options: options)
            sum += part.programs[0].bitsSum
            points += part.points
        }
        XCTAssertEqual(points, whole.points)
        XCTAssertEqual(sum, whole.programs[0].bitsSum, accuracy: 1e-9)
    }
}
