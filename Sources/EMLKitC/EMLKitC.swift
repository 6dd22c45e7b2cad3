import Bessel
import CMPFR
import EMLKit
import FloatFormats
import Foundation
import RoPE

// The C ABI (include/emlkit.h): @_cdecl shims over the facade. Nothing depends on this module.
// Results cross the boundary as retained `Result` objects (opaque pointers); their strings are
// NUL-terminated UTF-8 buffers the object owns. No shim traps: every input is checked first.

enum Status: Int32 {
    case ok = 0, argument = 1, syntax = 2, lowering = 3, evaluation = 4, format = 5, config = 6
    var name: String { ["ok", "argument", "syntax", "lowering", "evaluation", "format", "config"][Int(rawValue)] }
}

/// What an `emlkit_result *` points to.
final class Result {
    var status = Status.ok
    var value: UnsafeMutablePointer<CChar>?
    var real: UnsafeMutablePointer<CChar>?
    var imaginary: UnsafeMutablePointer<CChar>?
    var errorKind: UnsafeMutablePointer<CChar>?
    var errorMessage: UnsafeMutablePointer<CChar>?
    var errorOffset = -1
    var workingPrecision = -1
    var numbers: [String: Double] = [:]

    static func ok(_ value: String) -> Result {
        let r = Result()
        r.value = strdup(value)
        return r
    }

    static func failure(_ status: Status, _ message: String, offset: Int? = nil) -> Result {
        let r = Result()
        r.status = status
        r.errorKind = strdup(status.name)
        r.errorMessage = strdup(message)
        r.errorOffset = offset ?? -1
        return r
    }

    static func failure(_ error: EMLError) -> Result {
        switch error {
        case .syntax: return failure(.syntax, error.description, offset: error.position)
        case .lowering, .treeTooLarge: return failure(.lowering, error.description, offset: error.position)
        case .evaluation(.precisionOutOfRange): return failure(.argument, error.description)
        case .evaluation: return failure(.evaluation, error.description, offset: error.position)
        case .usage: return failure(.argument, error.description)
        }
    }

    var handle: OpaquePointer { OpaquePointer(Unmanaged.passRetained(self).toOpaque()) }

    static func from(_ handle: OpaquePointer?) -> Result? {
        handle.map { Unmanaged<Result>.fromOpaque(UnsafeRawPointer($0)).takeUnretainedValue() }
    }

    deinit { for p in [value, real, imaginary, errorKind, errorMessage] { free(p) } }
}

/// A C string as Swift text, nil for NULL or invalid UTF-8.
func text(_ p: UnsafePointer<CChar>?) -> String? { p.flatMap { String(validatingCString: $0) } }

/// A string literal as a C string: static storage, nothing to free, nothing shared to mutate.
func cString(_ s: StaticString) -> UnsafePointer<CChar> { UnsafeRawPointer(s.utf8Start).assumingMemoryBound(to: CChar.self) }

@_cdecl("emlkit_abi_version") public func emlkit_abi_version() -> Int32 { 1 }
@_cdecl("emlkit_version") public func emlkit_version() -> UnsafePointer<CChar> { cString(EML.version) }
@_cdecl("emlkit_status_name") public func emlkit_status_name(_ status: Int32) -> UnsafePointer<CChar> {
    switch Status(rawValue: status) {
    case .ok: return cString("ok")
    case .argument: return cString("argument")
    case .syntax: return cString("syntax")
    case .lowering: return cString("lowering")
    case .evaluation: return cString("evaluation")
    case .format: return cString("format")
    case .config: return cString("config")
    case nil: return cString("unknown")
    }
}

@_cdecl("emlkit_evaluate")
public func emlkit_evaluate(_ expression: UnsafePointer<CChar>?, _ digits: Int32, _ bits: Int32, _ mode: Int32) -> OpaquePointer {
    guard let source = text(expression) else { return Result.failure(.argument, "expression is NULL or not UTF-8").handle }
    guard let m: EvaluationMode = mode == 0 ? .direct : (mode == 1 ? .eml : nil) else {
        return Result.failure(.argument, "mode must be 0 (direct) or 1 (eml), not \(mode)").handle
    }
    guard source.utf8.count <= Parser.maximumInputLength else { return Result.failure(.argument, "expression longer than \(Parser.maximumInputLength) bytes").handle }
    let limit = m == .eml ? Evaluator.emlDigitLimit : Evaluator.digitLimit
    if digits != 0 {
        guard limit.contains(Int(digits)) else { return Result.failure(.argument, "digits must be between \(limit.lowerBound) and \(limit.upperBound), not \(digits)").handle }
    } else {
        guard Evaluator.bitLimit.contains(Int(bits)) else {
            return Result.failure(.argument, "give digits, or bits between \(Evaluator.bitLimit.lowerBound) and \(Evaluator.bitLimit.upperBound) (not \(bits))").handle
        }
    }
    do throws(EMLError) {
        let e = try EML.parse(source)
        let v = digits != 0 ? try EML.evaluate(e, digits: Int(digits), mode: m) : try EML.evaluate(e, bits: Int(bits), mode: m)
        let r = Result.ok(v.text)
        // The parts as the engine printed them; a part printed as 0 is "0" (its bound is in the value's text).
        r.real = strdup(v.realText ?? "0")
        if !v.isReal { r.imaginary = strdup(v.imaginaryText ?? "0") }
        r.workingPrecision = v.workingPrecision
        r.numbers["digits"] = Double(v.digits)
        return r.handle
    } catch {
        return Result.failure(error).handle
    }
}

@_cdecl("emlkit_compile")
public func emlkit_compile(_ expression: UnsafePointer<CChar>?, _ format: UnsafePointer<CChar>?) -> OpaquePointer {
    guard let source = text(expression) else { return Result.failure(.argument, "expression is NULL or not UTF-8").handle }
    let name = format == nil ? "eml" : text(format)
    guard let name, let f = EMLFormat(rawValue: name) else {
        return Result.failure(.argument, "format must be eml, wolfram, rpn or dot").handle
    }
    guard source.utf8.count <= Parser.maximumInputLength else { return Result.failure(.argument, "expression longer than \(Parser.maximumInputLength) bytes").handle }
    do throws(EMLError) {
        let tree = try Session().compile(source)
        let printed: String
        do { printed = try tree.formatted(f) } catch { throw .treeTooLarge(error) }
        let r = Result.ok(printed)
        let s = tree.statistics
        r.numbers = ["k": s.k, "eml_nodes": s.emlNodes, "leaves": s.leaves, "distinct_nodes": Double(s.distinctNodes), "depth": Double(s.depth)]
        return r.handle
    } catch {
        return Result.failure(error).handle
    }
}

@_cdecl("emlkit_log_bessel_certified")
public func emlkit_log_bessel_certified(_ kind: UnsafePointer<CChar>?, _ v: UnsafePointer<CChar>?, _ x: UnsafePointer<CChar>?, _ digits: Int32) -> OpaquePointer {
    guard let k = text(kind), let function = ["logi": "logbesseli", "logk": "logbesselk"][k] else {
        return Result.failure(.argument, "kind must be \"logi\" or \"logk\"").handle
    }
    guard let order = text(v), let argument = text(x) else { return Result.failure(.argument, "v or x is NULL or not UTF-8").handle }
    guard (1...10_000).contains(Int(digits)) else { return Result.failure(.argument, "digits must be between 1 and 10000, not \(digits)").handle }
    // Each operand parsed alone first, so that "1, 2" cannot pass as two arguments.
    for operand in [order, argument] {
        do throws(EMLError) { _ = try EML.parse(operand) } catch { return Result.failure(.argument, "'\(operand)': \(error.description)").handle }
    }
    return emlkit_evaluate("\(function)(\(order), \(argument))", digits, 0, 0)
}

func batch(_ kind: LogBessel.Kind, _ v: UnsafePointer<Double>?, _ x: UnsafePointer<Double>?, _ out: UnsafeMutablePointer<Double>?, _ n: Int, _ threads: Int32) -> Int32 {
    guard let v, let x, let out, n > 0, threads >= 0 else { return Status.argument.rawValue }
    LogBessel.double(kind, orders: UnsafeBufferPointer(start: v, count: n), arguments: UnsafeBufferPointer(start: x, count: n),
                     into: UnsafeMutableBufferPointer(start: out, count: n), threads: threads == 0 ? nil : Int(threads))
    return Status.ok.rawValue
}

@_cdecl("emlkit_log_bessel_i")
public func emlkit_log_bessel_i(_ v: UnsafePointer<Double>?, _ x: UnsafePointer<Double>?, _ out: UnsafeMutablePointer<Double>?, _ n: Int, _ threads: Int32) -> Int32 {
    batch(.logI, v, x, out, n, threads)
}

@_cdecl("emlkit_log_bessel_k")
public func emlkit_log_bessel_k(_ v: UnsafePointer<Double>?, _ x: UnsafePointer<Double>?, _ out: UnsafeMutablePointer<Double>?, _ n: Int, _ threads: Int32) -> Int32 {
    batch(.logK, v, x, out, n, threads)
}

func formatCall(_ name: UnsafePointer<CChar>?, _ out: UnsafeMutablePointer<Double>?, _ body: (FloatFormat) -> Double) -> Int32 {
    guard let out, let spec = text(name) else { return Status.argument.rawValue }
    guard let f = try? FloatFormat.named(spec) else { return Status.format.rawValue }
    out.pointee = body(f)
    return Status.ok.rawValue
}

@_cdecl("emlkit_format_round")
public func emlkit_format_round(_ format: UnsafePointer<CChar>?, _ x: Double, _ out: UnsafeMutablePointer<Double>?) -> Int32 { formatCall(format, out) { $0.rounded(x) } }
@_cdecl("emlkit_format_ulp")
public func emlkit_format_ulp(_ format: UnsafePointer<CChar>?, _ x: Double, _ out: UnsafeMutablePointer<Double>?) -> Int32 { formatCall(format, out) { $0.ulp($0.rounded(x)) } }
@_cdecl("emlkit_format_next")
public func emlkit_format_next(_ format: UnsafePointer<CChar>?, _ x: Double, _ out: UnsafeMutablePointer<Double>?) -> Int32 { formatCall(format, out) { $0.next(x) } }
@_cdecl("emlkit_format_prev")
public func emlkit_format_prev(_ format: UnsafePointer<CChar>?, _ x: Double, _ out: UnsafeMutablePointer<Double>?) -> Int32 { formatCall(format, out) { $0.previous(x) } }

@_cdecl("emlkit_rope")
public func emlkit_rope(_ json: UnsafePointer<CChar>?) -> OpaquePointer {
    guard let source = text(json) else { return Result.failure(.argument, "config is NULL or not UTF-8").handle }
    do {
        let c = try HuggingFaceConfig.parse(Data(source.utf8))
        try c.validate()
        let analysis = try RopeAnalysis(c)
        let r = Result.ok(analysis.jsonText())
        r.numbers["exit_status"] = Double(analysis.exitStatus)
        return r.handle
    } catch let error as RopeError {
        return Result.failure(.config, error.message).handle
    } catch {
        return Result.failure(.config, "\(error)").handle
    }
}

@_cdecl("emlkit_result_status") public func emlkit_result_status(_ r: OpaquePointer?) -> Int32 { Result.from(r)?.status.rawValue ?? Status.argument.rawValue }
@_cdecl("emlkit_result_value") public func emlkit_result_value(_ r: OpaquePointer?) -> UnsafePointer<CChar>? { Result.from(r)?.value.map { UnsafePointer($0) } }
@_cdecl("emlkit_result_real") public func emlkit_result_real(_ r: OpaquePointer?) -> UnsafePointer<CChar>? { Result.from(r)?.real.map { UnsafePointer($0) } }
@_cdecl("emlkit_result_imaginary") public func emlkit_result_imaginary(_ r: OpaquePointer?) -> UnsafePointer<CChar>? { Result.from(r)?.imaginary.map { UnsafePointer($0) } }
@_cdecl("emlkit_result_working_precision") public func emlkit_result_working_precision(_ r: OpaquePointer?) -> Int { Result.from(r)?.workingPrecision ?? -1 }
@_cdecl("emlkit_result_error_kind") public func emlkit_result_error_kind(_ r: OpaquePointer?) -> UnsafePointer<CChar>? { Result.from(r)?.errorKind.map { UnsafePointer($0) } }
@_cdecl("emlkit_result_error_message") public func emlkit_result_error_message(_ r: OpaquePointer?) -> UnsafePointer<CChar>? { Result.from(r)?.errorMessage.map { UnsafePointer($0) } }
@_cdecl("emlkit_result_error_offset") public func emlkit_result_error_offset(_ r: OpaquePointer?) -> Int { Result.from(r)?.errorOffset ?? -1 }
@_cdecl("emlkit_result_number")
public func emlkit_result_number(_ r: OpaquePointer?, _ name: UnsafePointer<CChar>?) -> Double {
    guard let result = Result.from(r), let key = text(name) else { return .nan }
    return result.numbers[key] ?? .nan
}
@_cdecl("emlkit_result_free")
public func emlkit_result_free(_ r: OpaquePointer?) {
    guard let r else { return }
    Unmanaged<Result>.fromOpaque(UnsafeRawPointer(r)).release()
}

@_cdecl("emlkit_thread_cleanup")
public func emlkit_thread_cleanup() {
    mpfr_free_cache()
    flint_cleanup()
}
