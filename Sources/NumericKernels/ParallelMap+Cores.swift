#if canImport(Glibc)
import Glibc
#endif

extension ParallelMap {
    /// The CPUs in this process's affinity mask, capped by its cgroup's CPU quota rounded up (v2 `cpu.max`,
    /// else v1 `cpu.cfs_quota_us` / `cpu.cfs_period_us`): what Foundation's `activeProcessorCount` reads,
    /// in bytes, without the file, URL and String machinery that cost 0.5 M instructions and 45 page
    /// faults of every `eml` start.
    static func coresAvailable() -> Int {
        #if os(Linux)
        var cores = affinityCount() ?? max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        if let quota = cgroupQuota(), quota.period > 0, quota.quota > 0 {
            cores = min(cores, max(1, (quota.quota + quota.period - 1) / quota.period))
        }
        return cores
        #else
        return max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #endif
    }

    /// The CPUs this process may run on: the bits of `Cpus_allowed` in /proc/self/status (a hex mask, comma
    /// separated in words of 32). `sched_getaffinity` is hidden from Swift behind _GNU_SOURCE.
    static func affinityCount() -> Int? {
        let key = Array("\nCpus_allowed:".utf8)
        guard let status = contents(of: "/proc/self/status", limit: 16_384), status.count >= key.count,
              let start = (0...(status.count - key.count)).first(where: { status[$0..<$0 + key.count].elementsEqual(key) })
        else { return nil }
        var count = 0
        for byte in status[(start + key.count)...] {
            if byte == UInt8(ascii: "\n") { break }
            if let digit = hexValue(byte) { count += digit.nonzeroBitCount }
        }
        return count > 0 ? count : nil
    }

    /// (quota, period) in microseconds where a cgroup limits the CPU time; nil where it does not.
    static func cgroupQuota() -> (quota: Int, period: Int)? {
        if let fields = contents(of: "/sys/fs/cgroup/cpu.max", limit: 128)?.split(whereSeparator: { $0 == 32 || $0 == 10 }) {
            // "max 100000" is no limit.
            guard fields.count == 2, let quota = integer(fields[0]), let period = integer(fields[1]) else { return nil }
            return (quota, period)
        }
        guard let quota = contents(of: "/sys/fs/cgroup/cpu/cpu.cfs_quota_us", limit: 64).flatMap(integer), quota > 0,
              let period = contents(of: "/sys/fs/cgroup/cpu/cpu.cfs_period_us", limit: 64).flatMap(integer)
        else { return nil }
        return (quota, period)
    }

    /// A non-negative decimal integer, a trailing newline allowed; nil for anything else (`-1`, `max`).
    static func integer<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Int? {
        var value = 0, digits = 0
        for byte in bytes where byte != UInt8(ascii: "\n") {
            guard byte >= 48, byte <= 57, digits < 18 else { return nil }
            value = value * 10 + Int(byte - 48)
            digits += 1
        }
        return digits > 0 ? value : nil
    }

    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 48...57: return Int(byte - 48)
        case 97...102: return Int(byte - 87)
        case 65...70: return Int(byte - 55)
        default: return nil
        }
    }

    /// Up to `limit` bytes of a file (one read: /proc and /sys files arrive whole); nil where it cannot be read.
    static func contents(of path: String, limit: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: limit)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        return Array(buffer[..<count])
    }
}
