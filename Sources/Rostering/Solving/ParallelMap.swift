import Dispatch
import Foundation

/// `body(0) … body(count − 1)` on up to `workers` threads (the machine's cores by default),
/// results in index order: the same array however the threads interleave, as long as `body` only
/// reads shared state (the caller's duty: Swift cannot check it through the box below). Index i
/// goes to thread i mod workers. Fewer than `sequentialBelow` items run on the calling thread.
func parallelMap<T>(_ count: Int, workers: Int = ProcessInfo.processInfo.activeProcessorCount, sequentialBelow: Int = 8, _ body: (Int) -> T) -> [T] {
    let threads = max(1, min(workers, count))
    guard threads > 1, count >= sequentialBelow else { return (0..<count).map(body) }
    var results = [T?](repeating: nil, count: count)
    results.withUnsafeMutableBufferPointer { buffer in
        withoutActuallyEscaping(body) { body in
            let shared = SharedWork(slots: buffer.baseAddress!, body: body)
            DispatchQueue.concurrentPerform(iterations: threads) { thread in
                var index = thread
                while index < count {
                    shared.slots[index] = shared.body(index)
                    index += threads
                }
            }
        }
    }
    return results.map { $0! }
}

/// The result slots and the work of ``parallelMap(_:workers:sequentialBelow:_:)``: each slot is
/// written by one thread only, and the work reads shared state only.
private struct SharedWork<T>: @unchecked Sendable {
    let slots: UnsafeMutablePointer<T?>
    let body: (Int) -> T
}
