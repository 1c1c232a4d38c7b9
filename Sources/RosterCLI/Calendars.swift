import ArgumentParser
import Foundation
import RosterFormats
import Rostering

/// Options for publishing calendars, shared by `solve` and `export ics`.
struct CalendarOptions: ParsableArguments {
    @Option(name: .long, help: "A previous output folder (or its calendars/ folder): changed shifts keep their UID with SEQUENCE raised, removed shifts are published as cancelled.", completion: .directory)
    var published: String?

    @Option(name: .long, help: "DTSTAMP of the events, e.g. 2026-11-20T08:00:00Z (default: SOURCE_DATE_EPOCH if set, else the horizon's start).")
    var now: String?

    func validate() throws {
        if let now, (try? Self.instant(now)) == nil {
            throw ValidationError("--now must be a date-time with a UTC offset, e.g. 2026-11-20T08:00:00Z")
        }
    }

    static func instant(_ text: String) throws -> Instant {
        let (local, offset) = try LocalDateTime.parseISO(text)
        guard let offset else { throw ValidationError("no UTC offset") }
        // DTSTAMP of a calendar published now: a year far from today is a typo.
        guard (1970...2200).contains(local.date.year) else { throw ValidationError("the year must be between 1970 and 2200") }
        return local.wallMinutes - offset
    }

    func calendarFiles(for roster: Roster, problem: RosterProblem) throws -> [(name: String, contents: String)] {
        try publishCalendars(for: roster, problem: problem, published: published, now: now)
    }
}

/// The injected time of publication, if any: `now`, else SOURCE_DATE_EPOCH.
func publicationStamp(now: String?) throws -> Instant? {
    if let now { return try CalendarOptions.instant(now) }
    if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], !epoch.isEmpty {
        guard let seconds = Int(epoch), seconds >= 0 else {
            printError("error: SOURCE_DATE_EPOCH must be a whole number of seconds, not '\(epoch)'")
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        return seconds / 60
    }
    return nil
}

/// The calendar files for a roster, under `calendars/`, updating a previous publication.
func publishCalendars(for roster: Roster, problem: RosterProblem, published: String?, now: String?) throws -> [(name: String, contents: String)] {
    var previous: [String: [String: PublishedEvent]] = [:]
    if let published {
        do {
            previous = try PublishedCalendars.read(directory: published, timeZone: problem.horizon.timeZone)
        } catch {
            printProblems(error.errors, as: "error")
            printError("nothing was written.")
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
    }
    let publisher = CalendarPublisher(problem: problem, stamp: try publicationStamp(now: now), published: previous)
    return publisher.calendars(for: roster).map { ("calendars/\($0.name)", $0.contents) }
}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Export an existing roster.", subcommands: [ExportICS.self])
}

struct ExportICS: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ics", abstract: "Write per-agent and team iCalendar files for a roster.csv.")

    @Argument(help: "The roster.csv to publish.", completion: .file(extensions: ["csv"]))
    var roster: String

    @Option(name: .long, help: "The scenario the roster belongs to.", completion: .file(extensions: ["yaml", "yml", "json"]))
    var scenario: String

    @Option(name: .long, help: "Output folder; calendars go to OUT/calendars/.", completion: .directory)
    var out: String

    @OptionGroup var calendars: CalendarOptions

    func run() throws {
        let loaded = try loadScenarioOrExit(scenario)
        let problem = loaded.problem
        let parsed = try readValidRosterOrExit(roster, problem: problem)
        let files = try calendars.calendarFiles(for: parsed, problem: problem)
        do {
            try AtomicWriter.write(files, into: out, set: "export-ics")
        } catch {
            printError("error: cannot write into \(out): \(error.localizedDescription)")
            throw ExitCode(ExitStatus.internalError.rawValue)
        }
        print("wrote \(files.count) calendars (\(problem.agents.count) agents and the team) for \(parsed.assignments.count) shifts to \(out)/calendars")
    }
}
