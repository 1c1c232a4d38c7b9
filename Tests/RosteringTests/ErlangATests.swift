import Foundation
@testable import Rostering
import Testing

/// Erlang A against an independent computation done here: the truncated birth–death chain of the
/// number of callers solved by Gaussian elimination of its balance equations (not by the product
/// form), and the tagged caller's absorbing chain (so many ahead, answered, hung up)
/// run forward by uniformization for the service level (not by the incomplete beta function).
@Suite struct ErlangATests {
    struct Independent {
        let serviceLevel: Double, abandonment: Double, waiting: Double
    }

    static func independent(agents n: Int, traffic: Double, aht: Double, patience: Double, target t: Double) -> Independent {
        let mu = 1 / aht, theta = 1 / patience, lambda = traffic * mu
        let states = n + 300
        func death(_ j: Int) -> Double { Double(min(j, n)) * mu + Double(max(0, j - n)) * theta }
        // πQ = 0 with Σπ = 1: Gaussian elimination on Qᵀ with its last row replaced by ones.
        var matrix = Array(repeating: Array(repeating: 0.0, count: states + 1), count: states)
        for j in 0..<states {
            if j + 1 < states { matrix[j + 1][j] += lambda; matrix[j][j] -= lambda }
            if j > 0 { matrix[j - 1][j] += death(j); matrix[j][j] -= death(j) }
        }
        matrix[states - 1] = Array(repeating: 1.0, count: states) + [1.0]
        for column in 0..<states {
            let pivot = (column..<states).max { abs(matrix[$0][column]) < abs(matrix[$1][column]) }!
            matrix.swapAt(column, pivot)
            for row in (column + 1)..<states where matrix[row][column] != 0 {
                let factor = matrix[row][column] / matrix[column][column]
                for k in column...states { matrix[row][k] -= factor * matrix[column][k] }
            }
        }
        var p = Array(repeating: 0.0, count: states)
        for row in stride(from: states - 1, through: 0, by: -1) {
            let known = ((row + 1)..<states).reduce(0.0) { $0 + matrix[row][$1] * p[$1] }
            p[row] = (matrix[row][states] - known) / matrix[row][row]
        }
        let waiting = p[n...].reduce(0, +)
        // Tagged caller: state m = callers ahead (0…M), absorbing answered / hung up.
        let ahead = states - n
        var v = (0..<ahead).map { p[n + $0] }
        var answered = 0.0, hungUp = 0.0
        let top = n > 0 ? Double(n) * mu + Double(ahead) * theta + theta : theta
        let steps = Int(t * top * 4) + 2000
        let dt = 1 / top
        // Uniformization with Poisson weights over the number of jumps by time t.
        var weight = exp(-top * t), cumulativeWeight = weight
        var servedByJumps = 0.0
        for jump in 0..<steps {
            // Probability of absorption in answered within exactly `jump + 1` jumps contributes with P(N(t) ≥ jump + 1).
            var next = Array(repeating: 0.0, count: ahead)
            var servedNow = 0.0
            for m in 0..<ahead {
                let advance = Double(n) * mu + Double(m) * theta
                if m == 0 { servedNow += v[m] * Double(n) * mu * dt } else { next[m - 1] += v[m] * advance * dt }
                hungUp += v[m] * theta * dt
                next[m] += v[m] * (1 - advance * dt - theta * dt)
            }
            v = next
            servedByJumps += servedNow * (1 - cumulativeWeight)
            answered += servedNow
            weight *= top * t / Double(jump + 1)
            cumulativeWeight += weight
            if cumulativeWeight > 1 - 1e-15 && v.reduce(0, +) < 1e-15 { break }
        }
        _ = dt
        return Independent(serviceLevel: (1 - waiting) + servedByJumps, abandonment: 1 - (1 - waiting) - answered, waiting: waiting)
    }

    @Test(arguments: [(10, 9.0, 300.0, 60.0), (5, 8.0, 180.0, 30.0), (40, 38.0, 240.0, 120.0), (3, 1.5, 300.0, 20.0)])
    func agreesWithTheChainSolvedAnotherWay(agents: Int, traffic: Double, aht: Double, patience: Double) {
        let mine = ErlangA.measures(agents: agents, traffic: traffic, ahtSeconds: aht, patienceSeconds: patience, targetSeconds: 20)
        let check = Self.independent(agents: agents, traffic: traffic, aht: aht, patience: patience, target: 20)
        #expect(abs(mine.probabilityOfWaiting - check.waiting) < 1e-6, "waiting \(mine.probabilityOfWaiting) vs \(check.waiting)")
        #expect(abs(mine.abandonment - check.abandonment) < 1e-6, "abandonment \(mine.abandonment) vs \(check.abandonment)")
        #expect(abs(mine.serviceLevel - check.serviceLevel) < 1e-6, "service level \(mine.serviceLevel) vs \(check.serviceLevel)")
    }

    /// Callers who never hang up make it Erlang C.
    @Test func withEndlessPatienceItIsErlangC() {
        for (agents, traffic) in [(10, 8.0), (30, 27.5), (105, 100.0)] {
            let a = ErlangA.measures(agents: agents, traffic: traffic, ahtSeconds: 300, patienceSeconds: 1e9, targetSeconds: 20)
            let c = ErlangC.serviceLevel(agents: agents, traffic: traffic, ahtSeconds: 300, targetSeconds: 20)
            #expect(abs(a.serviceLevel - c) < 1e-5 && a.abandonment < 1e-5)
            #expect(abs(a.probabilityOfWaiting - ErlangC.probabilityOfWaiting(agents: agents, traffic: traffic)) < 1e-5)
            #expect(abs(a.averageSpeedOfAnswer - ErlangC.averageSpeedOfAnswer(agents: agents, traffic: traffic, ahtSeconds: 300)) < 1e-3 * max(1, a.averageSpeedOfAnswer))
        }
    }

    /// 10,000 Erlangs, under- and overloaded: finite, in range, and more agents never worse.
    @Test func staysStableAtTenThousandErlangs() {
        var previous: ErlangA.Measures?
        for agents in [9_000, 9_900, 10_000, 10_100, 10_300] {
            let m = ErlangA.measures(agents: agents, traffic: 10_000, ahtSeconds: 300, patienceSeconds: 45, targetSeconds: 20)
            for value in [m.serviceLevel, m.abandonment, m.probabilityOfWaiting, m.occupancy] { #expect(value.isFinite && value >= 0 && value <= 1) }
            #expect(m.averageSpeedOfAnswer.isFinite)
            if let previous { #expect(m.serviceLevel >= previous.serviceLevel - 1e-12 && m.abandonment <= previous.abandonment + 1e-12) }
            previous = m
        }
        #expect(previous!.serviceLevel > 0.9)
    }
}

@Suite struct ErlangAStaffingTests {
    /// The staffing found is the fewest agents meeting every target, checked one agent either side.
    @Test(arguments: [(50.0, 300.0, 45.0), (300.0, 280.0, 60.0), (5.0, 600.0, 30.0), (2_000.0, 240.0, 90.0)])
    func findsTheFewestAgents(calls: Double, aht: Double, patience: Double) throws {
        for (fraction, abandon) in [(0.8, nil), (0.3, nil), (0.8, 0.02)] as [(Double, Double?)] {
            let policy = StaffingPolicy(target: .serviceLevel(fraction: fraction, withinSeconds: 20), averagePatienceSeconds: patience, maxAbandonment: abandon)
            let found = try policy.staffing(calls: calls, ahtSeconds: aht, intervalSeconds: 1800)
            let traffic = calls * aht / 1800
            func ok(_ n: Int) -> Bool {
                let m = ErlangA.measures(agents: n, traffic: traffic, ahtSeconds: aht, patienceSeconds: patience, targetSeconds: 20)
                return m.serviceLevel >= fraction - 1e-12 && m.abandonment <= (abandon ?? 1) + 1e-12
            }
            #expect(ok(found.rawAgents) && (found.rawAgents == 1 || !ok(found.rawAgents - 1)), "\(calls) calls, \(fraction), \(String(describing: abandon)): \(found.rawAgents)")
            #expect(found.abandonment != nil)
            // Callers who hang up shorten the queue: never more agents than Erlang C asks.
            let erlangC = try StaffingPolicy(target: .serviceLevel(fraction: fraction, withinSeconds: 20)).staffing(calls: calls, ahtSeconds: aht, intervalSeconds: 1800)
            if abandon == nil { #expect(found.rawAgents <= erlangC.rawAgents) }
        }
    }
}

extension ErlangAStaffingTests {
    /// A highest abandonment alone (no service-level target): the fewest agents keeping it.
    @Test func anAbandonmentTargetAloneIsEnough() throws {
        for (calls, share) in [(50.0, 0.03), (600.0, 0.01), (20_000.0, 0.05)] {
            let policy = StaffingPolicy(target: .abandonmentOnly, averagePatienceSeconds: 60, maxAbandonment: share)
            let found = try policy.staffing(calls: calls, ahtSeconds: 240, intervalSeconds: 1800)
            let traffic = calls * 240 / 1800
            func abandonment(_ n: Int) -> Double { ErlangA.measures(agents: n, traffic: traffic, ahtSeconds: 240, patienceSeconds: 60, targetSeconds: 0).abandonment }
            #expect(abandonment(found.rawAgents) <= share + 1e-12 && abandonment(found.rawAgents - 1) > share, "\(calls): \(found.rawAgents)")
        }
    }
}
