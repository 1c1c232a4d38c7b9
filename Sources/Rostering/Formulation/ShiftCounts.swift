import LinearProgramming

/// Agents grouped by contract (weekly cap and minimum, working days, rest) and availability (the
/// shifts they may work at all): the classes the shift-count model plans for. Within a class,
/// agents are interchangeable as far as every hard rule goes.
public struct ContractClass: Sendable, Equatable {
    /// Indices into `problem.agents`, in order.
    public let agents: [Int]

    /// Groups agents with identical contract rules, in order of their first agent.
    public static func classes(of problem: RosterProblem) -> [ContractClass] {
        struct Key: Hashable { let cap, minimum, days, rest: Int; let eligible: [Int] }
        var order: [Key] = []
        var members: [Key: [Int]] = [:]
        for (index, agent) in problem.agents.enumerated() {
            let eligible = problem.shifts.filter { problem.isEligible(agent, for: $0) }.map(\.index)
            let key = Key(cap: agent.maxWeeklyMinutes, minimum: agent.minWeeklyMinutes, days: agent.maxDaysPerWeek, rest: agent.minRestMinutes, eligible: eligible)
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(index)
        }
        return order.map { ContractClass(agents: members[$0]!) }
    }
}

/// How many agents of each contract class work each shift.
public struct ShiftCountPlan: Sendable, Equatable {
    public let classes: [ContractClass]
    /// `counts[c][s]`: agents of class `c` on shift `s`.
    public let counts: [[Int]]
}

/// Stage one of the decomposition: choose how many agents of each contract class start each
/// shift, with soft coverage exactly as in the full model and each class's rules aggregated
/// (per day, no more than its agents available that day; per week, no more than its members'
/// caps and working days, no less than their minimums). Every roster satisfies these
/// aggregates, so this model is a relaxation and its optimum is a lower bound on the roster's.
public struct ShiftCountModel: Sendable {
    public let problem: RosterProblem
    public let classes: [ContractClass]
    public private(set) var model: MIPModel
    /// `countVariables[c][s]`, nil where no agent of the class may work the shift.
    public private(set) var countVariables: [[Variable?]] = []

    public init(problem: RosterProblem) {
        self.problem = problem
        self.classes = ContractClass.classes(of: problem)
        self.model = MIPModel(name: RosterFormulation.safeName(problem.name) + "_counts")
        build()
    }

    private mutating func build() {
        let horizon = problem.horizon
        let shifts = problem.shifts
        var covering = Array(repeating: [Variable](), count: horizon.intervalCount)
        for (classIndex, contractClass) in classes.enumerated() {
            var row: [Variable?] = []
            for shift in shifts {
                let eligible = contractClass.agents.filter { problem.isEligible(problem.agents[$0], for: shift) }.count
                guard eligible > 0 else {
                    row.append(nil)
                    continue
                }
                let variable = model.addVariable("y(c\(classIndex + 1),\(shift.index))", kind: .integer, lowerBound: 0, upperBound: Double(eligible))
                row.append(variable)
                for interval in problem.coveredIntervals(shift) { covering[interval].append(variable) }
            }
            countVariables.append(row)
        }
        // Coverage, as in the full model.
        let hours = Double(horizon.intervalMinutes) / 60
        for interval in 0..<horizon.intervalCount {
            let required = problem.required[interval]
            if covering[interval].isEmpty && required == 0 { continue }
            var expression = LinearExpression(covering[interval].map { LinearTerm($0, 1) })
            if required > 0 {
                let under = model.addVariable("under(\(interval))", lowerBound: 0, upperBound: Double(required))
                expression.add(under, 1)
                model.addObjectiveTerm(under, problem.weights.underStaffingPerAgentHour * hours)
            }
            if !covering[interval].isEmpty {
                let over = model.addVariable("over(\(interval))", lowerBound: 0)
                expression.add(over, -1)
                model.addObjectiveTerm(over, problem.weights.overStaffingPerAgentHour * hours)
            }
            model.addConstraint("cover(\(interval))", expression, .equal(Double(required)))
        }
        // Aggregated agent rules per class.
        for (classIndex, contractClass) in classes.enumerated() {
            let members = contractClass.agents.map { problem.agents[$0] }
            let variables = countVariables[classIndex]
            for day in 0..<horizon.days {
                let date = horizon.startDate.adding(days: day)
                let available = members.filter { !$0.unavailableDates.contains(date) }.count
                let terms = shifts.filter { $0.day == day }.compactMap { shift in variables[shift.index].map { LinearTerm($0, 1) } }
                if !terms.isEmpty {
                    model.addConstraint("day(c\(classIndex + 1),d\(day))", LinearExpression(terms), .lessOrEqual(Double(available)))
                }
            }
            for week in 0..<horizon.weekCount {
                let days = horizon.days(ofWeek: week)
                let inWeek = shifts.filter { days.contains($0.day) }
                let hoursTerms = inWeek.compactMap { shift in variables[shift.index].map { LinearTerm($0, Double(shift.paidMinutes) / 60) } }
                let countTerms = inWeek.compactMap { shift in variables[shift.index].map { LinearTerm($0, 1) } }
                guard !countTerms.isEmpty else { continue }
                let cap = Double(members.reduce(0) { $0 + $1.maxWeeklyMinutes }) / 60
                model.addConstraint("hours(c\(classIndex + 1),w\(week))", LinearExpression(hoursTerms), .lessOrEqual(cap))
                if horizon.isFullWeek(week) {
                    let minimum = Double(members.reduce(0) { $0 + $1.minWeeklyMinutes }) / 60
                    if minimum > 0 {
                        model.addConstraint("minHours(c\(classIndex + 1),w\(week))", LinearExpression(hoursTerms), .greaterOrEqual(minimum))
                    }
                }
                let maxDays = Double(members.reduce(0) { $0 + min($1.maxDaysPerWeek, days.count) })
                model.addConstraint("days(c\(classIndex + 1),w\(week))", LinearExpression(countTerms), .lessOrEqual(maxDays))
            }
            addRestCliques(classIndex: classIndex, members: members, variables: variables)
        }
    }

    /// Rest, aggregated: each agent of a class contributes at most one shift to a rest clique
    /// (see ``RosterFormulation/addRestBetweenShifts()``), so `Σ_{s in clique} y[c,s] ≤ |c|`.
    private mutating func addRestCliques(classIndex: Int, members: [Agent], variables: [Variable?]) {
        let rest = members[0].minRestMinutes
        let byDay = Dictionary(grouping: problem.shifts.filter { variables[$0.index] != nil }, by: \.day)
        let days = byDay.keys.sorted()
        for earlierDay in days {
            let earlier = byDay[earlierDay]!
            let latestEnd = earlier.map(\.end).max()!
            for laterDay in days where laterDay > earlierDay {
                let later = byDay[laterDay]!
                guard later.contains(where: { $0.start < latestEnd + rest }) else { continue }
                var previousLaterCount = -1
                for threshold in Set(earlier.map(\.end)).sorted() {
                    let laterInRow = later.filter { $0.start < threshold + rest }
                    guard laterInRow.count > previousLaterCount, !laterInRow.isEmpty else { continue }
                    previousLaterCount = laterInRow.count
                    let inRow = earlier.filter { $0.end >= threshold } + laterInRow
                    model.addConstraint(
                        "rest(c\(classIndex + 1),d\(earlierDay),\(threshold),d\(laterDay))",
                        LinearExpression(inRow.map { LinearTerm(variables[$0.index]!, 1) }), .lessOrEqual(Double(members.count)))
                }
            }
        }
    }

    /// The plan a solution's values describe.
    public func plan(from values: [Double]) -> ShiftCountPlan {
        ShiftCountPlan(classes: classes, counts: countVariables.map { row in
            row.map { variable in variable.map { Int(values[$0.index].rounded()) } ?? 0 }
        })
    }
}

extension RosterFormulation {
    /// Links the assignment variables to a shift-count plan: for each class and shift,
    /// `Σ_{a in class} x[a,s] = counts[c][s]`.
    mutating func addFixedCounts(_ plan: ShiftCountPlan) {
        for (classIndex, contractClass) in plan.classes.enumerated() {
            var bySshift: [Int: [Variable]] = [:]
            for agentIndex in contractClass.agents {
                for entry in assignmentVariables[agentIndex] { bySshift[entry.shift, default: []].append(entry.variable) }
            }
            for shift in problem.shifts {
                let count = plan.counts[classIndex][shift.index]
                let variables = bySshift[shift.index] ?? []
                if variables.isEmpty && count == 0 { continue }
                model.addConstraint(
                    "count(c\(classIndex + 1),\(label(shift)))",
                    LinearExpression(variables.map { LinearTerm($0, 1) }), .equal(Double(count)))
            }
        }
    }
}
