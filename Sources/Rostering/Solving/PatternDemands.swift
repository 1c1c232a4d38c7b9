import LinearProgramming

/// Day-level demands (``ShiftDemand``: agents wanted on one template's shifts starting on one
/// day, a penalty per agent short and per agent extra) in the weekly search.
///
/// **Counted beside coverage.** A roster's agents on each demand sit in its coverage vector after
/// the slots, at `offset + d`, so that moves, scores and neighbourhoods keep them as they keep
/// intervals: one more agent on a shift of demand d is worth `−underWeight_d` while the demand is
/// short and costs `overWeight_d` otherwise.
///
/// **In the master** each demand d has the row
/// `Σ_p (shifts of p counted by d)·λ_p + u_d − o_d = r_d` with `0 ≤ u_d ≤ max(r_d, 0)` and
/// `o_d ≥ 0` paid at the demand's weights (over several weeks the count `n[s]` of each shift
/// carries the entry instead of its patterns, as it carries coverage). Pricing charges a shift
/// `−Σ_{d ∋ s} μ_d`, with each dual clamped at `μ_d ≥ −overWeight_d`; minimizing the slacks' part
/// of the Lagrangian, `min_{u,o} (underWeight_d − μ_d)·u_d + (overWeight_d + μ_d)·o_d`, adds
///
/// `Σ_d (μ_d·r_d + max(r_d, 0)·min(0, underWeight_d − μ_d))`
///
/// to the Lagrangian bound, which so stays valid at any duals. In a neighbourhood `r_d` is what
/// the others leave (``netOf(_:)``, at least 0: the others' extra agents cost the same whatever
/// the freed agents do).
struct DemandIndex: Sendable {
    let demands: [ShiftDemand]
    /// Per shift, the demands counting it (a shift is counted by every demand naming its day and
    /// template).
    let ofShift: [[Int]]
    /// Where the demands' counts start in a coverage vector.
    let offset: Int

    /// O(demands + shifts).
    init(problem: RosterProblem, offset: Int) {
        demands = problem.dayLevel.demands
        self.offset = offset
        struct Key: Hashable { let day: Int, template: String }
        var byKey: [Key: [Int]] = [:]
        for (index, demand) in demands.enumerated() { byKey[Key(day: demand.day, template: demand.template), default: []].append(index) }
        ofShift = problem.shifts.map { byKey[Key(day: $0.day, template: $0.templateName)] ?? [] }
    }

    var isEmpty: Bool { demands.isEmpty }

    /// Adds `change` agents on `shift` to its demands' counts.
    @inline(__always)
    func apply(_ shift: Int, to coverage: inout [Int], change: Int) {
        for d in ofShift[shift] { coverage[offset + d] += change }
    }

    /// What one more agent on `shift` adds given the counts in `coverage`. O(demands of the shift).
    @inline(__always)
    func marginal(_ shift: Int, coverage: [Int]) -> Double {
        ofShift[shift].reduce(0.0) { total, d in
            total + (coverage[offset + d] < demands[d].required ? -demands[d].underWeight : demands[d].overWeight)
        }
    }

    /// What one more agent working `pattern` adds on its shifts' demands (0 without demands).
    func marginal(of pattern: WeeklyPattern, coverage: [Int]) -> Double {
        demands.isEmpty ? 0 : pattern.shifts.reduce(0.0) { $0 + marginal($1, coverage: coverage) }
    }

    /// Agents short and extra on demand `d` given `coverage`.
    func off(_ d: Int, coverage: [Int]) -> (short: Int, extra: Int) {
        let count = coverage[offset + d], required = demands[d].required
        return (max(0, required - count), max(0, count - required))
    }

    /// The demands' penalty under `coverage`. O(demands).
    func penalty(_ coverage: [Int]) -> Double {
        demands.indices.reduce(0.0) { total, d in
            let (short, extra) = off(d, coverage: coverage)
            return total + Double(short) * demands[d].underWeight + Double(extra) * demands[d].overWeight
        }
    }

    /// The demands less the agents `base` already counts on them (never below 0).
    func netOf(_ base: [Int]) -> [ShiftDemand] {
        demands.enumerated().map { d, demand in
            var net = demand
            net.required = max(0, demand.required - base[offset + d])
            return net
        }
    }
}

extension PatternSearch {
    /// A row per demand with its slacks at the demand's own weights (empty at first: patterns
    /// or shift counts enter it). Sets `master.demandRow`.
    func addDemandRows(to master: PatternMaster) {
        master.demandRow = demandIndex.demands.enumerated().map { d, demand in
            addSlackRow(
                to: &master.model, row: "demand", tag: "\(d)", LinearExpression(), required: demand.required, rightHandSide: demand.required,
                prices: (demand.underWeight, demand.overWeight))
        }
    }

    /// Each shift's price at `duals` on its demand rows (the duals clamped at `−overWeight`),
    /// and the demand rows' part of the Lagrangian bound. O(demands + shifts).
    func demandPrices(_ duals: [Double], master: PatternMaster) -> (price: [Double], bound: Double) {
        guard !demandIndex.isEmpty else { return (Array(repeating: 0, count: problem.shifts.count), 0) }
        var bound = 0.0
        let dual = demandIndex.demands.enumerated().map { d, demand -> Double in
            let mu = max(-demand.overWeight, duals[master.demandRow[d]])
            let r = Double(demand.required)
            bound += mu * r + max(r, 0) * min(0, demand.underWeight - mu)
            return mu
        }
        return (demandIndex.ofShift.map { $0.reduce(0.0) { $0 + dual[$1] } }, bound)
    }

    /// Each shift's worth on its demands when every demand still wants agents: what the "busy"
    /// starting patterns are priced at (``startingPatterns()``).
    func demandBusyPrice() -> [Double] {
        demandIndex.ofShift.map { rows in
            rows.reduce(0.0) { total, d in total + (demandIndex.demands[d].required > 0 ? demandIndex.demands[d].underWeight : -demandIndex.demands[d].overWeight) }
        }
    }

    /// Column entries of `shift` on its demand rows.
    func demandEntries(_ shift: Int, master: PatternMaster, into counts: inout [Int: Double]) {
        for d in demandIndex.ofShift[shift] { counts[master.demandRow[d], default: 0] += 1 }
    }
}
