import Foundation
@testable import RosterFormats
import Rostering
import Testing

@Suite struct ForecastTests {
    @Test func readsRowsWithDefaultHandleTime() {
        let text = "interval_start,calls,aht_seconds\n2026-11-23T09:00,100,180\n2026-11-23T09:30,12.5,\n"
        let read = ForecastCSV.read(text: text, file: "f.csv", intervalMinutes: 30, defaultAHTSeconds: 300)
        #expect(read.errors.isEmpty)
        #expect(read.rows.map(\.calls) == [100, 12.5])
        #expect(read.rows.map(\.ahtSeconds) == [180, 300])
        let twoColumns = ForecastCSV.read(text: "interval_start,calls\n2026-11-23T09:00,4\n", file: "f.csv", intervalMinutes: 30, defaultAHTSeconds: 240)
        #expect(twoColumns.rows.first?.ahtSeconds == 240)
    }

    @Test func badRowsNameFileLineAndField() {
        let cases: [(String, String)] = [
            ("2026-11-23T09:00,-3,180", "calls"),
            ("2026-11-23T09:00,many,180", "calls"),
            ("2026-11-23T09:00,10,0", "aht_seconds"),
            ("2026-11-23T09:00,10,-60", "aht_seconds"),
            ("2026-11-23T09:10,10,180", "interval_start"),
            ("yesterday,10,180", "interval_start"),
            ("2026-11-23T09:00,10", "row"),
        ]
        for (row, field) in cases {
            let read = ForecastCSV.read(text: "interval_start,calls,aht_seconds\n\(row)\n", file: "f.csv", intervalMinutes: 30, defaultAHTSeconds: nil)
            #expect(read.errors.count == 1, "\(row): \(read.errors)")
            #expect(read.errors.first?.line == 2 && read.errors.first?.field == field, "\(row): \(read.errors)")
        }
        let missingAHT = ForecastCSV.read(text: "interval_start,calls\n2026-11-23T09:00,4\n", file: "f.csv", intervalMinutes: 30, defaultAHTSeconds: nil)
        #expect(missingAHT.errors.first?.field == "aht_seconds")
    }

    @Test func serviceLevelTargetsParse() {
        #expect(ForecastCSV.parseServiceLevel("80/20") == .serviceLevel(fraction: 0.8, withinSeconds: 20))
        #expect(ForecastCSV.parseServiceLevel("90%/15") == .serviceLevel(fraction: 0.9, withinSeconds: 15))
        for bad in ["100/20", "0/20", "80", "80/-1", "eighty/20"] { #expect(ForecastCSV.parseServiceLevel(bad) == nil, "\(bad)") }
    }

    func forecastScenario(staffing: String, forecast: String) throws -> (ScenarioFolder, String) {
        var folder = ScenarioFolder()
        folder.scenario = folder.scenario.replacingOccurrences(of: "requirements: requirements.csv", with: "forecast: requirements.csv\n" + staffing)
        folder.requirements = forecast
        return (folder, try folder.write())
    }

    @Test func scenarioWithForecastDerivesRequirements() throws {
        let (folder, path) = try forecastScenario(
            staffing: "staffing:\n  service_level: 80/20\n  aht_seconds: 180\n  shrinkage: 0.3\n  max_occupancy: 0.85",
            forecast: "interval_start,calls\n2026-11-23T09:00,100\n2026-11-23T09:30,0\n")
        defer { try? FileManager.default.removeItem(at: folder.directory) }
        let loaded = try ScenarioLoader.load(path: path)
        #expect(loaded.problem.required[18] == 20)
        #expect(loaded.problem.required.reduce(0, +) == 20)
        let forecast = try #require(loaded.forecast)
        #expect(forecast.intervals.map(\.staffing.rawAgents) == [14, 0])
        // The derived requirements file reads back as the same requirement.
        let derived = RosterOutputs.derivedRequirementsCSV(forecast, problem: loaded.problem)
        #expect(derived.hasPrefix("interval_start,required,raw_agents,service_level,asa_seconds,occupancy\n2026-11-23T09:00,20,14,0.8884,7.84,0.7143\n"))
        let reread = RequirementsCSV.read(text: derived, file: "requirements.csv", horizon: loaded.problem.horizon)
        #expect(reread.errors.isEmpty)
        #expect(reread.required == loaded.problem.required)
        // Expected service level: 20 scheduled → 14 productive → 0.888; 19 → 13 → 0.796.
        var scheduled = Array(repeating: 0, count: loaded.problem.horizon.intervalCount)
        scheduled[18] = 20
        #expect(abs(forecast.expectedServiceLevels(scheduled: scheduled).overall! - 0.888_350_019) < 1e-8)
        scheduled[18] = 19
        #expect(abs(forecast.expectedServiceLevels(scheduled: scheduled).overall! - 0.795_594_788) < 1e-8)
    }

    @Test func badStaffingSettingsNameTheField() throws {
        let cases: [(String, String)] = [
            ("staffing:\n  service_level: 120/20", "staffing.service_level"),
            ("staffing:\n  service_level: 80/20\n  shrinkage: 1", "staffing.shrinkage"),
            ("staffing:\n  service_level: 80/20\n  shrinkage: -0.1", "staffing.shrinkage"),
            ("staffing:\n  service_level: 80/20\n  max_occupancy: 1.5", "staffing.max_occupancy"),
            ("staffing:\n  service_level: 80/20\n  asa_seconds: 20", "staffing"),
            ("staffing:\n  aht_seconds: 200", "staffing"),
        ]
        for (staffing, field) in cases {
            let withHandleTime = staffing.contains("aht_seconds") ? staffing : staffing + "\n  aht_seconds: 180"
            let (folder, _) = try forecastScenario(staffing: withHandleTime, forecast: "interval_start,calls\n2026-11-23T09:00,10\n")
            let errors = try folder.errors()
            #expect(errors.map(\.field).contains(field), "\(staffing): \(errors)")
        }
        let (unreachable, _) = try forecastScenario(
            staffing: "staffing:\n  service_level: 80/20\n  aht_seconds: 180",
            forecast: "interval_start,calls\n2026-11-23T09:00,1e9\n")
        #expect(try unreachable.errors().first?.field == "calls")
    }
}
