import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `transform(0..<count)` on up to `threads` threads, results in index order: the batch work of the
/// engine (stdin blocks, Bessel lines, regression restarts), whatever its cost per item.
public enum ParallelMap {
    /// The cores this process may use (its CPU affinity and cgroup quota, `coresAvailable`): the one
    /// default of every `--threads`, read once (each read opens the cgroup files).
    public static let availableCores = coresAvailable()

    /// Inlinable, so that it is specialized for each T: unspecialized, it moved every result through value
    /// witnesses (a third of the per-line overhead of a stdin batch of `eml eval`).
    @inlinable
    public static func map<T: Sendable>(_ count: Int, threads: Int, _ transform: @Sendable (Int) -> T) -> [T] {
        let threads = max(1, min(threads, count))
        return [T](unsafeUninitializedCapacity: count) { out, initialized in
            nonisolated(unsafe) let buffer = out
            if threads == 1 {
                for k in 0..<count { (buffer.baseAddress! + k).initialize(to: transform(k)) }
            } else {
                // Chunks of 8 taken in turn by whichever thread is free: items of one batch differ in cost, and a
                // pool thread here woke 0.2–3.5 ms late at times (a whole stdin block's time), when a fixed share
                // of the chunks kept the caller waiting for it.
                let chunks = (count + 7) / 8
                let next = Atomic<Int>(0)
                concurrently(threads) { _ in
                    while case let c = next.wrappingAdd(1, ordering: .relaxed).oldValue, c < chunks {
                        for k in c * 8..<min(count, c * 8 + 8) { (buffer.baseAddress! + k).initialize(to: transform(k)) }
                    }
                }
            }
            initialized = count
        }
    }

    /// `body(w)` for each worker w in 0..<threads, each on its own thread, results in worker order: for work
    /// that keeps per-thread state (an Arb machine per worker) and splits the items itself.
    public static func workers<T: Sendable>(_ threads: Int, _ body: @Sendable (Int) -> T) -> [T] {
        let threads = max(1, threads)
        if threads == 1 { return [body(0)] }
        var results = [T?](repeating: nil, count: threads)
        results.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let buffer = out
            concurrently(threads) { w in buffer[w] = body(w) }
        }
        return results.map { $0! }
    }

    /// `body(t)` for t in 0..<count: t = 0 on the calling thread, the others on the threads of a pool kept
    /// from call to call, all done before the return. Not libdispatch's pool: on Linux it starts its workers
    /// some milliseconds late, and a 2000-line batch ran on one core (`eml bessel` as fast with --threads 2
    /// as with 1); nor threads started per call, which ran each batch with cold caches (MPFR's and Arb's
    /// per-thread constants, a fresh malloc arena), half again as slow per line.
    public static func concurrently(_ count: Int, _ body: @Sendable (Int) -> Void) {
        guard count > 1 else { body(0); return }
        withoutActuallyEscaping(body) { body in
            // One run at a time uses the pool; a nested or concurrent one starts threads of its own.
            if !WorkerPool.shared.run(count, body) { startThreads(count, body) }
        }
    }

    static func startThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        final class Job: @unchecked Sendable {
            let body: @Sendable (Int) -> Void, index: Int
            init(_ body: @escaping @Sendable (Int) -> Void, _ index: Int) { (self.body, self.index) = (body, index) }
        }
        var started: [pthread_t] = []
        for t in 1..<count {
            let job = Unmanaged.passRetained(Job(body, t))
            var thread = pthread_t()
            let status = pthread_create(&thread, nil, { raw in
                let job = Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue()
                job.body(job.index)
                return nil
            }, job.toOpaque())
            // No thread to be had: this part runs here.
            if status == 0 { started.append(thread) } else { job.release(); body(t) }
        }
        body(0)
        for thread in started { pthread_join(thread, nil) }
    }
}

/// Worker threads started on first use and kept, each taking parts of one run at a time.
final class WorkerPool: @unchecked Sendable {
    static let shared = WorkerPool()
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let busy = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let done = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    // Guarded by `lock`: the run's body, its parts, the next part to hand out, parts finished, threads.
    private var body: (@Sendable (Int) -> Void)?
    private var parts = 0, next = 0, finished = 0, threads = 0

    private init() {
        pthread_mutex_init(lock, nil); pthread_mutex_init(busy, nil)
        pthread_cond_init(wake, nil); pthread_cond_init(done, nil)
    }

    /// body(0) here and body(1..<count) on the pool; false, having run nothing, when the pool is busy.
    func run(_ count: Int, _ work: @escaping @Sendable (Int) -> Void) -> Bool {
        guard pthread_mutex_trylock(busy) == 0 else { return false }
        defer { pthread_mutex_unlock(busy) }
        pthread_mutex_lock(lock)
        while threads < count - 1 {
            var thread = pthread_t()
            guard pthread_create(&thread, nil, { raw in
                Unmanaged<WorkerPool>.fromOpaque(raw!).takeUnretainedValue().serve()
                return nil
            }, Unmanaged.passUnretained(self).toOpaque()) == 0 else { break }
            pthread_detach(thread)
            threads += 1
        }
        (body, parts, next, finished) = (work, count, 1, 1)
        pthread_cond_broadcast(wake)
        pthread_mutex_unlock(lock)
        work(0)
        pthread_mutex_lock(lock)
        // Parts no thread has taken (fewer threads than parts) run here.
        while next < parts {
            let k = next
            next += 1
            pthread_mutex_unlock(lock)
            work(k)
            pthread_mutex_lock(lock)
            finished += 1
        }
        while finished < parts { pthread_cond_wait(done, lock) }
        body = nil
        pthread_mutex_unlock(lock)
        return true
    }

    /// A worker's loop: the next part of the current run, or wait for one.
    private func serve() {
        pthread_mutex_lock(lock)
        while true {
            while body == nil || next >= parts { pthread_cond_wait(wake, lock) }
            let (work, k) = (body!, next)
            next += 1
            pthread_mutex_unlock(lock)
            work(k)
            pthread_mutex_lock(lock)
            finished += 1
            if finished == parts { pthread_cond_signal(done) }
        }
    }
}
