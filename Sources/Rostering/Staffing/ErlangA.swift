import Foundation

/// Erlang A (Palm's M/M/N+M queue): Poisson arrivals at rate λ, N agents with exponential handle
/// times (rate μ = 1/AHT), and callers who hang up after an exponential patience (rate θ =
/// 1/patience) if not answered by then.
///
/// **Steady state.** The number in the system is a birth–death chain: `p_j ∝ (λ/μ)^j / j!` up to
/// N and `p_{N+k} = p_N · Π_{i=1..k} λ / (Nμ + iθ)` above. The part up to N is Erlang B's
/// (`p_N = B` of the mass up to N, by its recursion); the tail's products are summed in logs
/// (they overflow doubles at thousands of Erlangs in overload) until they fall below 10⁻¹⁸ of
/// their largest.
///
/// **A caller who finds k callers waiting ahead** (PASTA: with probability `p_{N+k}`) moves up
/// at rate `a + mθ` while m are ahead (`a = Nμ`: an agent frees; `mθ`: one ahead hangs up), is
/// answered at rate a at the head, and hangs up at rate θ throughout. The time to reach an agent,
/// `T_k = Σ_{m=0..k} Exp(a + mθ)`, has density `C_k e^{−ax} (1 − e^{−θx})^k`; with u = 1 − e^{−θx},
/// the chance of being answered within t is
///
/// `P(answered by t | k) = a / (a + (k+1)θ) · I_{1−e^{−θt}}(k + 1, a/θ + 1)`
///
/// where I is the regularized incomplete beta function; for the integer first argument it is the
/// negative binomial tail `1 − Σ_{j=0..k} Γ(b+j)/(Γ(b) j!) x^j (1−x)^b` (b = a/θ + 1), whose terms
/// follow one from the other. Answered at all: `a / (a + (k+1)θ)`; mean wait if answered:
/// `Σ_{m=0..k} 1 / (a + (m+1)θ)`.
///
/// Service level is the share of offered calls answered within the target time (callers who
/// find a free agent count as answered at once); abandonment is the share of offered calls that
/// hang up (`θ·E[queue] / λ`); ASA the mean wait of answered calls; occupancy the carried load
/// `λ(1 − P(abandon))/μ` over N.
///
/// Complexity: O(N + K) for K tail terms (K ≈ (λ − Nμ)⁺/θ plus a few √(λ/θ)). Stable at 10,000
/// Erlangs.
public enum ErlangA {
    /// What `agents` achieve for `traffic` Erlangs.
    public struct Measures: Sendable, Equatable {
        public let serviceLevel: Double
        public let abandonment: Double
        public let averageSpeedOfAnswer: Double
        public let probabilityOfWaiting: Double
        public let occupancy: Double
    }

    /// The measures for `agents` agents, `traffic` Erlangs (calls × AHT / interval), average
    /// handle time and patience in seconds, and the service-level time `targetSeconds`.
    public static func measures(agents: Int, traffic: Double, ahtSeconds: Double, patienceSeconds: Double, targetSeconds: Double) -> Measures {
        measures(agents: agents, traffic: traffic, ahtSeconds: ahtSeconds, patienceSeconds: patienceSeconds, targetSeconds: targetSeconds,
                 blocking: ErlangC.blocking(agents: agents, traffic: traffic))
    }

    /// As ``measures(agents:traffic:ahtSeconds:patienceSeconds:targetSeconds:)`` with Erlang B
    /// for `agents` given (a staffing search carries it along).
    static func measures(agents: Int, traffic: Double, ahtSeconds: Double, patienceSeconds: Double, targetSeconds: Double, blocking b: Double) -> Measures {
        guard traffic > 0 else { return Measures(serviceLevel: 1, abandonment: 0, averageSpeedOfAnswer: 0, probabilityOfWaiting: 0, occupancy: 0) }
        let mu = 1 / ahtSeconds, theta = 1 / patienceSeconds, lambda = traffic * mu
        let a = Double(agents) * mu
        guard agents > 0 else {
            // Nobody answers: every caller waits and hangs up.
            return Measures(serviceLevel: 0, abandonment: 1, averageSpeedOfAnswer: 0, probabilityOfWaiting: 1, occupancy: 0)
        }
        // Tail logs l_k = Σ_{i=1..k} log(λ / (a + iθ)), k = 0, 1, …, until negligible past the peak.
        var logs: [Double] = [0]
        var peak = 0.0
        while true {
            let k = Double(logs.count)
            let next = logs[logs.count - 1] + log(lambda / (a + k * theta))
            peak = max(peak, next)
            logs.append(next)
            if (next < peak - 41.4 && a + k * theta > lambda) || logs.count > 10_000_000 { break }
        }
        // Mass: below N (1 − B) against the queue states B·Σ e^{l_k}, in logs.
        let scale = peak
        let tailSum = logs.reduce(0) { $0 + exp($1 - scale) }
        let logQueue = log(max(b, 1e-300)) + scale + log(tailSum)
        let below = max(0, 1 - b)
        // P(the caller finds every agent busy) = e^{logQueue} / (below + e^{logQueue}).
        let waiting = below > 0 ? 1 / (1 + exp(log(below) - logQueue)) : 1
        var answeredInTime = 0.0, answered = 0.0, waitAnswered = 0.0
        let x = 1 - exp(-theta * targetSeconds), shape = a / theta + 1
        // Negative binomial terms w_j in logs (w_0 = (1 − x)^shape underflows at large loads).
        var logTerm = targetSeconds > 0 ? shape * log1p(-x) : 0
        var cumulative = targetSeconds > 0 ? exp(logTerm) : 1  // Σ_{j=0..k} w_j
        var meanWait = 0.0                                      // Σ_{m=0..k} 1/(a + (m+1)θ)
        for (k, l) in logs.enumerated() {
            let share = waiting * exp(l - scale) / tailSum
            let served = a / (a + Double(k + 1) * theta)
            meanWait += 1 / (a + Double(k + 1) * theta)
            answered += share * served
            answeredInTime += share * served * max(0, 1 - cumulative)
            waitAnswered += share * served * meanWait
            if targetSeconds > 0 {
                logTerm += log((shape + Double(k)) / Double(k + 1)) + log(x)
                cumulative += exp(logTerm)
            }
        }
        let immediate = 1 - waiting
        let abandonment = min(1, max(0, 1 - immediate - answered))
        let asa = (immediate + answered) > 0 ? waitAnswered / (immediate + answered) : 0
        return Measures(
            serviceLevel: min(1, immediate + answeredInTime), abandonment: abandonment, averageSpeedOfAnswer: asa,
            probabilityOfWaiting: waiting, occupancy: min(1, lambda * (1 - abandonment) / a))
    }
}

extension StaffingPolicy {
    /// Erlang A staffing: the fewest agents whose service level (or ASA), abandonment and
    /// occupancy meet the targets. Each improves with every agent added, so the count is found by
    /// doubling from the load until the targets hold, then bisection: O(log N) evaluations of
    /// O(N + K) each (a linear walk from half the load took seconds per interval at 10,000
    /// Erlangs).
    func erlangAStaffing(calls: Double, traffic: Double, ahtSeconds: Double, patienceSeconds: Double) throws(StaffingError) -> IntervalStaffing {
        func measures(_ agents: Int) -> ErlangA.Measures {
            ErlangA.measures(agents: agents, traffic: traffic, ahtSeconds: ahtSeconds, patienceSeconds: patienceSeconds, targetSeconds: serviceLevelTargetSeconds ?? 0)
        }
        func meets(_ m: ErlangA.Measures) -> Bool {
            let service: Bool
            switch target {
            case .serviceLevel(let fraction, _): service = m.serviceLevel >= fraction - 1e-12
            case .averageSpeedOfAnswer(let seconds): service = m.averageSpeedOfAnswer <= seconds + 1e-12
            case .abandonmentOnly: service = true
            }
            return service && m.abandonment <= (maxAbandonment ?? 1) + 1e-12 && m.occupancy <= (maxOccupancy ?? 1) + 1e-12
        }
        // high meets the targets, low does not (0 agents never do: every caller hangs up).
        var low = 0, high = max(1, Int(traffic.rounded(.up)))
        while !meets(measures(high)) {
            guard high < maxAgents else {
                throw StaffingError(description: "the target cannot be met with at most \(maxAgents) agents for \(calls) calls at \(ahtSeconds) s")
            }
            low = high
            high = min(maxAgents, high * 2)
        }
        while high - low > 1 {
            let middle = (low + high) / 2
            if meets(measures(middle)) { high = middle } else { low = middle }
        }
        let m = measures(high)
        return IntervalStaffing(
            traffic: traffic, rawAgents: high, scheduledAgents: scheduled(raw: high), serviceLevel: m.serviceLevel,
            averageSpeedOfAnswer: m.averageSpeedOfAnswer, probabilityOfWaiting: m.probabilityOfWaiting, occupancy: m.occupancy, abandonment: m.abandonment)
    }
}
