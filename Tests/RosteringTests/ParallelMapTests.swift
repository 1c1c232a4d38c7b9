@testable import Rostering
import Testing

@Suite struct ParallelMapTests {
    /// Results come back in index order whatever the threads do, and equal the plain map, for
    /// any number of workers (including more workers than items and the sequential case).
    @Test func resultsAreInIndexOrderForAnyNumberOfWorkers() {
        let expected = (0..<1_000).map { ($0 * 7919) % 1_009 }
        for workers in [1, 2, 3, 8, 2_000] {
            #expect(parallelMap(1_000, workers: workers) { ($0 * 7919) % 1_009 } == expected, "\(workers) workers")
        }
        #expect(parallelMap(3, workers: 4) { $0 } == [0, 1, 2])
        #expect(parallelMap(0, workers: 4) { $0 }.isEmpty)
    }
}
