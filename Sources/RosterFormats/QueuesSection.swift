import Rostering

/// Several queues in a scenario: the requirements' `queue` column and the agents' `skills`.
///
/// - A skill naming no queue of the requirements is a warning (the agent keeps their other
///   skills); an agent whose skills name none of the queues is an error (they could serve nobody).
/// - A queue no agent serves is a warning: it is rostered under-staffed, and summary.json says
///   no agent holds it.
/// - Skills without a `queue` column are ignored, with a warning.
extension ScenarioReader {
    mutating func checkSkills(_ agents: [Agent]) {
        let agentsFile = shown(file.agents)
        guard let queues else {
            if agents.contains(where: { !$0.skills.isEmpty }) {
                warnings.append(InputError(file: agentsFile, field: "skills", message: "ignored: the requirements have no queue column, so there is one queue"))
            }
            return
        }
        let known = Set(queues.names)
        var served = Set<String>()
        for agent in agents {
            if agent.skills.isEmpty {
                served.formUnion(known)
                continue
            }
            let unknown = agent.skills.map(\.queue).filter { !known.contains($0) }
            for name in unknown {
                warnings.append(InputError(file: agentsFile, field: "skills", message: "agent \(agent.id): skill '\(name)' names no queue of \(queues.file); ignored"))
            }
            if unknown.count == agent.skills.count {
                errors.append(InputError(file: agentsFile, field: "skills", message: "agent \(agent.id): none of the skills names a queue of \(queues.file) (\(queues.names.joined(separator: ", ")))"))
            }
            served.formUnion(agent.skills.map(\.queue).filter(known.contains))
        }
        for name in queues.names where !served.contains(name) {
            warnings.append(InputError(file: queues.file, field: "queue", message: "no agent holds the skill for queue \(name): it stays under-staffed"))
        }
    }

    /// The problem with the requirements' queues, when they have a queue column.
    func applyQueues(to problem: RosterProblem) throws(InputErrors) -> RosterProblem {
        guard let queues else { return problem }
        do {
            return try problem.with(queues: queues.names, required: queues.required)
        } catch {
            throw InputErrors([InputError(file: queues.file, field: "queue", message: error.description)])
        }
    }
}
