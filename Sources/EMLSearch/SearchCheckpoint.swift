import Foundation
import NumericKernels

/// A search's table on disk, after a complete level: `eml search --checkpoint FILE` writes it, `--resume
/// FILE` goes on from the level after. Little-endian binary: magic, version, the search it belongs to
/// (target, semantics, variables, probes), the table, and an FNV-1a checksum of all that precedes it,
/// so that a truncated or altered file is refused with one message, never half read.
public enum SearchCheckpoint {
    static let magic = Array("EMLSRCH1".utf8)
    static let version: UInt32 = 1

    public struct Failure: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Writes to `path` through a temporary file renamed into place: the previous checkpoint stays whole
    /// until the new one is.
    public static func write(_ s: Enumeration.Snapshot, target: String, semantics: String, to path: String) throws(Failure) {
        var out = Writer()
        out.bytes(magic)
        out.u32(version)
        out.string(target)
        out.string(semantics)
        out.u32(UInt32(s.variables.count))
        for v in s.variables { out.string(v) }
        for n in [s.probes, s.lastLevel, s.treesFormed, s.shapes.count] { out.i64(n) }
        for shape in s.shapes {
            switch shape {
            case .one: out.u8(0); out.i64(0); out.i64(0)
            case .variable(let v): out.u8(1); out.i64(v); out.i64(0)
            case .eml(let a, let b): out.u8(2); out.i64(a); out.i64(b)
            case .seed(let i): out.u8(3); out.i64(i); out.i64(0)
            }
        }
        for k in s.sizes { out.i64(k) }
        s.values.withUnsafeBytes { out.bytes(Array($0)) }
        out.i64(s.levels.count)
        for k in s.levels.keys.sorted() {
            out.i64(k)
            out.i64(s.levels[k]!.count)
            for e in s.levels[k]! { out.i64(e) }
        }
        out.u64(out.checksum)
        let temporary = path + ".partial"
        do { try Data(out.data).write(to: URL(fileURLWithPath: temporary)) } catch {
            throw Failure(message: "cannot write the checkpoint \(temporary): \(error.localizedDescription)")
        }
        // rename(2) replaces the old file in one step.
        guard rename(temporary, path) == 0 else { throw Failure(message: "cannot move the checkpoint into \(path) (errno \(errno))") }
    }

    /// Reads a checkpoint of the search for `target` in `semantics`; any other file is refused.
    public static func read(_ path: String, target: String, semantics: String) throws(Failure) -> Enumeration.Snapshot {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else {
            throw Failure(message: "cannot read the resume file \(path)")
        }
        let bytes = [UInt8](data)
        var r = Reader(bytes: bytes, path: path)
        guard bytes.count >= magic.count + 12, Array(bytes.prefix(magic.count)) == magic else {
            throw Failure(message: "\(path) is not an eml search checkpoint")
        }
        // The checksum covers every byte before its own 8.
        let h = FNV1a.hash(bytes.dropLast(8))
        var stored: UInt64 = 0
        for (i, b) in bytes.suffix(8).enumerated() { stored |= UInt64(b) << (8 * UInt64(i)) }
        guard h == stored else { throw Failure(message: "\(path) is corrupt or truncated (its checksum does not match)") }
        r.position = magic.count
        guard try r.u32() == version else { throw Failure(message: "\(path) is a checkpoint of another version") }
        let fileTarget = try r.string(), fileSemantics = try r.string()
        guard fileTarget == target, fileSemantics == semantics else {
            throw Failure(message: "\(path) is the checkpoint of a search for \(fileTarget) (\(fileSemantics)), not \(target) (\(semantics))")
        }
        let variableCount = Int(try r.u32())
        guard variableCount <= 16 else { throw Failure(message: "\(path) is corrupt (\(variableCount) variables)") }
        var variables: [String] = []
        for _ in 0..<variableCount { variables.append(try r.string()) }
        let probes = try r.count(1 << 10), lastLevel = try r.count(1 << 10), trees = try r.count(Int.max), n = try r.count(bytes.count / 17)
        var shapes: [Enumeration.Shape] = []
        shapes.reserveCapacity(n)
        for e in 0..<n {
            let kind = try r.u8(), a = try r.count(Int.max), b = try r.count(Int.max)
            switch kind {
            case 0: shapes.append(.one)
            case 1: shapes.append(.variable(a))
            case 2:
                guard a < e, b < e else { throw Failure(message: "\(path) is corrupt (entry \(e) refers forward)") }
                shapes.append(.eml(a, b))
            case 3: shapes.append(.seed(a))
            default: throw Failure(message: "\(path) is corrupt (entry kind \(kind))")
            }
        }
        var sizes: [Int] = []
        for _ in 0..<n { sizes.append(try r.count(1 << 20)) }
        let valueCount = 2 * probes * n
        guard r.position + 8 * valueCount <= bytes.count else { throw Failure(message: "\(path) is truncated") }
        var values = [Double](repeating: 0, count: valueCount)
        values.withUnsafeMutableBytes { out in bytes.withUnsafeBytes { out.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[r.position ..< r.position + 8 * valueCount])) } }
        r.position += 8 * valueCount
        var levels: [Int: [Int]] = [:]
        for _ in 0..<(try r.count(1 << 10)) {
            let k = try r.count(1 << 20), m = try r.count(n)
            var level: [Int] = []
            for _ in 0..<m {
                let e = try r.count(n)
                guard e < n else { throw Failure(message: "\(path) is corrupt (level \(k) names entry \(e) of \(n))") }
                level.append(e)
            }
            levels[k] = level
        }
        return Enumeration.Snapshot(variables: variables, probes: probes, lastLevel: lastLevel, shapes: shapes, sizes: sizes,
                                    values: values, levels: levels, treesFormed: trees)
    }

    struct Writer {
        var data: [UInt8] = []
        var hash = FNV1a()
        var checksum: UInt64 { hash.value }
        mutating func bytes(_ b: [UInt8]) {
            hash.add(b)
            data += b
        }
        mutating func u8(_ x: UInt8) { bytes([x]) }
        mutating func u32(_ x: UInt32) { bytes((0..<4).map { UInt8(truncatingIfNeeded: x >> (8 * $0)) }) }
        mutating func u64(_ x: UInt64) { data += (0..<8).map { UInt8(truncatingIfNeeded: x >> (8 * UInt64($0))) } }
        mutating func i64(_ x: Int) { bytes((0..<8).map { UInt8(truncatingIfNeeded: UInt64(bitPattern: Int64(x)) >> (8 * UInt64($0))) }) }
        mutating func string(_ s: String) { u32(UInt32(s.utf8.count)); bytes(Array(s.utf8)) }
    }

    struct Reader {
        let bytes: [UInt8]
        let path: String
        var position = 0
        mutating func take(_ n: Int) throws(Failure) -> ArraySlice<UInt8> {
            guard n >= 0, position + n <= bytes.count - 8 else { throw Failure(message: "\(path) is truncated") }
            defer { position += n }
            return bytes[position ..< position + n]
        }
        mutating func u8() throws(Failure) -> UInt8 { try take(1).first! }
        mutating func u32() throws(Failure) -> UInt32 { try take(4).enumerated().reduce(0) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) } }
        mutating func i64() throws(Failure) -> Int { Int(Int64(bitPattern: try take(8).enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })) }
        /// A non-negative count no larger than `limit`.
        mutating func count(_ limit: Int) throws(Failure) -> Int {
            let x = try i64()
            guard x >= 0, x <= limit else { throw Failure(message: "\(path) is corrupt (a count of \(x))") }
            return x
        }
        mutating func string() throws(Failure) -> String {
            let n = Int(try u32())
            guard n <= 1 << 16 else { throw Failure(message: "\(path) is corrupt (a name of \(n) bytes)") }
            return String(decoding: try take(n), as: UTF8.self)
        }
    }
}
