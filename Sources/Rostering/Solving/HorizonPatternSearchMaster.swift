import LinearProgramming

/// Costs, the restricted master and pricing of ``HorizonPatternSearch``: what a pattern costs,
/// the master over some agents' patterns, and the cheapest patterns at the master's duals.
extension HorizonPatternSearch {
    func key(_ shift: Int) -> Int {
        let definition = problem.shifts[shift]
        return definition.day * templateIndex.count + templateIndex[definition.templateName]!
    }

    /// The objective of an agent's requests under a pattern.
    func cost(_ pattern: Pattern, agent: Int) -> Double {
        pattern.shifts.reduce(requestBase[agent]) { $0 + (requestChange[agent][key($1)] ?? 0) }
    }

    /// Agents on each demand row and each interval under a choice of patterns.
    func coverage(_ choice: [Pattern?]) -> (demand: [Int], interval: [Int]) {
        var demand = Array(repeating: 0, count: demands.count)
        var interval = Array(repeating: 0, count: intervalCount)
        for pattern in choice {
            for shift in pattern?.shifts ?? [] {
                if let row = demandRow[key(shift)] { demand[row] += 1 }
                for index in covered[shift] { interval[index] += 1 }
            }
        }
        return (demand, interval)
    }

    /// The objective of a roster (a pattern per agent), from its parts.
    func evaluate(_ choice: [Pattern]) -> Double {
        let (demand, interval) = coverage(choice)
        var total = choice.enumerated().reduce(0.0) { $0 + cost($1.element, agent: $1.offset) }
        for (row, entry) in demands.enumerated() {
            total += entry.underWeight * Double(max(0, entry.required - demand[row])) + entry.overWeight * Double(max(0, demand[row] - entry.required))
        }
        for index in 0..<intervalCount {
            let required = problem.required[index]
            total += intervalUnder * Double(max(0, required - interval[index])) + intervalOver * Double(max(0, interval[index] - required))
        }
        return total
    }

    func remember(_ pattern: Pattern, agent: Int) {
        if inPool[agent].insert(pattern).inserted { pools[agent].append(pattern) }
    }

    // MARK: Master

    /// A master over some agents (`free`, in order), everyone else's coverage taken off the
    /// right-hand sides. Rows: one convexity row per free agent, then the demand rows, then the
    /// interval rows. Variables: shortage and surplus per coverage row, then pattern columns.
    struct Master {
        var model: MIPModel
        var columns: [(position: Int, pattern: Pattern)] = []
        let firstColumn: Int
    }

    func master(free: [Int], others: [Pattern?], columns: [(position: Int, pattern: Pattern)], integer: Bool) -> Master {
        var model = MIPModel(name: "horizon_patterns")
        let (demandTaken, intervalTaken) = coverage(others)
        for (position, agent) in free.enumerated() {
            model.addConstraint("agent(\(problem.agents[agent].id))_\(position)", LinearExpression(), .equal(1))
        }
        for (row, demand) in demands.enumerated() {
            let under = model.addVariable("short_\(row)", kind: .continuous, lowerBound: 0)
            let over = model.addVariable("extra_\(row)", kind: .continuous, lowerBound: 0)
            model.addObjectiveTerm(under, demand.underWeight)
            model.addObjectiveTerm(over, demand.overWeight)
            model.addConstraint("demand_\(row)", LinearExpression([LinearTerm(under, 1), LinearTerm(over, -1)]), .equal(Double(demand.required - demandTaken[row])))
        }
        for index in 0..<intervalCount {
            let under = model.addVariable("under_\(index)", kind: .continuous, lowerBound: 0)
            let over = model.addVariable("over_\(index)", kind: .continuous, lowerBound: 0)
            model.addObjectiveTerm(under, intervalUnder)
            model.addObjectiveTerm(over, intervalOver)
            model.addConstraint("cover_\(index)", LinearExpression([LinearTerm(under, 1), LinearTerm(over, -1)]), .equal(Double(problem.required[index] - intervalTaken[index])))
        }
        // Maxima per template that the pricing state does not keep: a row per free agent.
        maximaRows = Array(repeating: [:], count: free.count)
        for (position, agent) in free.enumerated() {
            for entry in pricers[agent].maximaOutside {
                maximaRows[position][entry.template] = model.constraints.count
                model.addConstraint("most_\(position)_\(entry.template)", LinearExpression(), .lessOrEqual(Double(entry.most)))
            }
        }
        var built = Master(model: model, firstColumn: model.variables.count)
        for (position, pattern) in columns {
            column(pattern, agent: free[position], position: position).add(to: &built.model, kind: integer ? .binary : .continuous)
            built.columns.append((position, pattern))
        }
        return built
    }

    func column(_ pattern: Pattern, agent: Int, position: Int) -> NewColumn {
        NewColumn(name: "p\(position)_\(pattern.shifts.count)", objective: cost(pattern, agent: agent), entries: entries(pattern, position: position))
    }

    func entries(_ pattern: Pattern, position: Int) -> [(row: Int, coefficient: Double)] {
        var rows: [Int: Double] = [position: 1]
        let maxima = position < maximaRows.count ? maximaRows[position] : [:]
        for shift in pattern.shifts {
            if let row = demandRow[key(shift)] { rows[freeCount + row, default: 0] += 1 }
            if !maxima.isEmpty, let row = maxima[templateIndex[problem.shifts[shift].templateName]!] { rows[row, default: 0] += 1 }
            for index in covered[shift] { rows[freeCount + demands.count + index, default: 0] += 1 }
        }
        return rows.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The cheapest patterns of an agent under row duals (all zero: the cheapest by requests
    /// alone), cheapest first, with their reduced costs before the convexity dual.
    func price(
        agent: Int, duals: [Double]?, count: Int = 1, keep: Keep? = nil, fixings: [Fixing] = [], position: Int? = nil
    ) -> [(pattern: Pattern, reducedCost: Double)] {
        let pricer = pricers[agent]
        // Branching: a day with a template required, or templates excluded.
        var required: [Int: Int] = [:]
        var excluded: [Int: Set<Int>] = [:]
        for fixing in fixings {
            if fixing.on { required[fixing.day] = fixing.template } else { excluded[fixing.day, default: []].insert(fixing.template) }
        }
        // Outside a window the agent keeps their day as it is.
        var kept: [Int]?
        if let keep {
            var days = Array(repeating: -1, count: problem.horizon.days)
            for shift in keep.current[agent].shifts { days[problem.shifts[shift].day] = shift }
            kept = days
        }
        let offAllowed: StreakPricing.OffAllowed = { day in
            (required[day] == nil || required[day] == -1) && (kept == nil || keep!.window.contains(day) || kept![day] < 0)
        }
        let found = pricer.cheapest(tables: tables, count: count, offAllowed: offAllowed) { day, groupIndex in
            let group = pricer.groups[day][groupIndex]
            if let template = required[day], group.template != template { return (.infinity, -1) }
            if excluded[day]?.contains(group.template) == true { return (.infinity, -1) }
            if let kept, !keep!.window.contains(day) {
                guard kept[day] >= 0, group.shifts.contains(kept[day]) else { return (.infinity, -1) }
            }
            let groupKey = day * self.templateIndex.count + group.template
            var base = self.requestChange[agent][groupKey] ?? 0
            if let duals, let row = self.demandRow[groupKey] { base -= duals[self.freeCount + row] }
            if let duals, let position, let row = self.maximaRows[position][group.template] { base -= duals[row] }
            var best = (cost: Double.infinity, shift: -1)
            for shift in group.shifts {
                if let kept, !keep!.window.contains(day), shift != kept[day] { continue }
                var value = base
                if let duals {
                    for index in self.covered[shift] { value -= duals[self.freeCount + self.demands.count + index] }
                }
                if value < best.cost { best = (value, shift) }
            }
            return best
        }
        return found.map { (Pattern(shifts: $0.pattern.filter { $0 >= 0 }), requestBase[agent] + $0.cost) }
    }

    /// A window of days that a neighbourhood may change; every day outside it stays as in `current`.
    struct Keep {
        let window: Range<Int>
        let current: [Pattern]

        func allows(_ pattern: Pattern, agent: Int, shifts: [Shift]) -> Bool {
            let outside = { (list: [Int]) in list.filter { !window.contains(shifts[$0].day) } }
            return outside(pattern.shifts) == outside(current[agent].shifts)
        }
    }

    /// Whether a pattern keeps the agent's template maxima that the pricing state leaves out.
    func keepsMaxima(_ pattern: Pattern, agent: Int) -> Bool {
        pricers[agent].maximaOutside.allSatisfy { entry in
            pattern.shifts.filter { templateIndex[problem.shifts[$0].templateName] == entry.template }.count <= entry.most
        }
    }

    /// A pattern that keeps every rule of the agent, cheapest by their requests: the maxima
    /// outside the pricing state are kept by pricing their templates high, then by leaving them
    /// out; nil when the agent's rules cannot all hold.
    func firstPattern(agent: Int) -> Pattern? {
        let outside = Set(pricers[agent].maximaOutside.map(\.template))
        for penalty in [0.0, 1e4, Double.infinity] where penalty == 0 || !outside.isEmpty {
            let pricer = pricers[agent]
            let found = pricer.cheapest(tables: tables) { day, groupIndex in
                let group = pricer.groups[day][groupIndex]
                let extra = outside.contains(group.template) ? penalty : 0
                return ((self.requestChange[agent][day * self.templateIndex.count + group.template] ?? 0) + extra, group.shifts[0])
            }
            guard let found else { return nil }
            let pattern = Pattern(shifts: found.pattern.filter { $0 >= 0 })
            if keepsMaxima(pattern, agent: agent) { return pattern }
        }
        return nil
    }

    /// Passes of ``improveAgentByAgent()`` over the team before branch and price.
    static let greedyPasses = 2

    /// A better first roster than everyone's own cheapest pattern, for teams whose root dive
    /// takes long: agent by agent, the cheapest pattern given everyone else's (a demand row or an
    /// interval is priced at what one more agent there changes: minus its shortage weight while
    /// it is short, plus its surplus weight otherwise), kept when it makes the roster cheaper;
    /// ``greedyPasses`` passes. Deterministic; returns its work (pricing labels converted), which
    /// it has also added to the run's work meter.
    /// Complexity: O(passes × agents × (one pricing + one evaluation)).
    @discardableResult
    func improveAgentByAgent() -> Int {
        let labelsBefore = tables.labels
        var work: Int { (tables.labels - labelsBefore) / Self.labelsPerWorkUnit }
        defer { options.workMeter?.add(work) }
        var (demand, interval) = coverage(choice)
        for _ in 0..<Self.greedyPasses {
            for agent in problem.agents.indices {
                if options.shouldStop?() == true || options.workMeter?.isExhausted == true || (timeLeft().map { $0 <= 0 } ?? false) { return work }
                for shift in choice[agent].shifts { count(shift, into: &demand, &interval, change: -1) }
                let pricer = pricers[agent]
                let found = pricer.cheapest(tables: tables) { day, groupIndex in
                    let group = pricer.groups[day][groupIndex]
                    let cell = day * self.templateIndex.count + group.template
                    var price = self.requestChange[agent][cell] ?? 0
                    if let row = self.demandRow[cell] {
                        price += demand[row] < self.demands[row].required ? -self.demands[row].underWeight : self.demands[row].overWeight
                    }
                    var cheapest = (cost: Double.infinity, shift: group.shifts[0])
                    for shift in group.shifts {
                        let cost = self.covered[shift].reduce(0.0) { $0 + (interval[$1] < self.problem.required[$1] ? -self.intervalUnder : self.intervalOver) }
                        if cost < cheapest.cost { cheapest = (cost, shift) }
                    }
                    return (price + cheapest.cost, cheapest.shift)
                }
                if let found {
                    let pattern = Pattern(shifts: found.pattern.filter { $0 >= 0 })
                    var candidate = choice
                    candidate[agent] = pattern
                    let value = evaluate(candidate)
                    if keepsMaxima(pattern, agent: agent), value < best - 1e-9 {
                        choice = candidate
                        best = value
                        remember(pattern, agent: agent)
                    }
                }
                for shift in choice[agent].shifts { count(shift, into: &demand, &interval, change: 1) }
            }
        }
        return work
    }

    /// Adds `change` agents on `shift`'s demand row and intervals.
    private func count(_ shift: Int, into demand: inout [Int], _ interval: inout [Int], change: Int) {
        if let row = demandRow[key(shift)] { demand[row] += change }
        for index in covered[shift] { interval[index] += change }
    }

    /// Column-generation rounds per step of the quick dive over more than 40 agents.
    static let diveRoundsPerStep = 4

    /// Pooled patterns per agent a neighbourhood's master starts with (the newest that fit).
    static let seedPatterns = 20

    /// Patterns per agent in the integer master.
    static let integerMasterPatterns = 60
}
