import Foundation
@testable import Rostering
import Testing

/// Expected values come from the direct factorial form of Erlang C evaluated in exact rational
/// arithmetic (a different method from the recursion under test), and from published examples.
@Suite struct ErlangCTests {
    let eightyTwenty = StaffingPolicy(target: .serviceLevel(fraction: 0.8, withinSeconds: 20))

    @Test func publishedExampleHundredCallsInHalfAnHour() throws {
        // 100 calls in 30 minutes, AHT 180 s, 80 % in 20 s, max occupancy 85 %, shrinkage 30 %:
        // 14 agents before shrinkage, 20 after, service level ≈ 0.888, occupancy ≈ 0.714.
        let policy = StaffingPolicy(target: .serviceLevel(fraction: 0.8, withinSeconds: 20), maxOccupancy: 0.85, shrinkage: 0.3)
        let result = try policy.staffing(calls: 100, ahtSeconds: 180, intervalSeconds: 1800)
        #expect(result.traffic == 10)
        #expect(result.rawAgents == 14)
        #expect(result.scheduledAgents == 20)
        #expect(abs(result.serviceLevel - 0.888_350_019) < 1e-8)
        #expect(abs(result.occupancy - 0.714_285_714) < 1e-8)
        #expect(abs(result.probabilityOfWaiting - 0.174_131_934) < 1e-8)
        #expect(abs(result.averageSpeedOfAnswer - 7.835_937_012) < 1e-8)
    }

    @Test func westbayWorkedExample() {
        // 360 calls per half hour, 4-minute calls (48 Erlangs), 55 agents, 15-second target:
        // P(wait) 0.2387, ASA 8.18 s, service level 84.6 %, occupancy 87.3 %.
        #expect(abs(ErlangC.probabilityOfWaiting(agents: 55, traffic: 48) - 0.238_700_936_378) < 1e-10)
        #expect(abs(ErlangC.averageSpeedOfAnswer(agents: 55, traffic: 48, ahtSeconds: 240) - 8.184_032_104) < 1e-8)
        #expect(abs(ErlangC.serviceLevel(agents: 55, traffic: 48, ahtSeconds: 240, targetSeconds: 15) - 0.845_883_092) < 1e-8)
    }

    @Test func smallTextbookCaseAndTheStepBelowTheTarget() {
        // Two Erlangs on three agents: P(wait) = 4/9 exactly.
        #expect(abs(ErlangC.probabilityOfWaiting(agents: 3, traffic: 2) - 4.0 / 9) < 1e-12)
        // 13 agents for 10 Erlangs miss 80/20 (0.7956), so 14 is the smallest.
        #expect(abs(ErlangC.serviceLevel(agents: 13, traffic: 10, ahtSeconds: 180, targetSeconds: 20) - 0.795_594_788) < 1e-8)
    }

    @Test func stableForThousandsOfAgents() throws {
        // 975 Erlangs on 1,000 agents: P(wait) 0.318901, service level 0.939767 at 20 s of 300 s calls.
        #expect(abs(ErlangC.probabilityOfWaiting(agents: 1000, traffic: 975) - 0.318_901_491_632) < 1e-9)
        let huge = try eightyTwenty.staffing(calls: 60_000, ahtSeconds: 300, intervalSeconds: 1800)
        #expect(huge.traffic == 10_000)
        #expect(huge.rawAgents > 10_000 && huge.rawAgents < 10_200)
        #expect(huge.serviceLevel >= 0.8)
        #expect(ErlangC.serviceLevel(agents: huge.rawAgents - 1, traffic: 10_000, ahtSeconds: 300, targetSeconds: 20) < 0.8)
    }

    @Test func zeroCallsNeedNobody() throws {
        let result = try eightyTwenty.staffing(calls: 0, ahtSeconds: 300, intervalSeconds: 1800)
        #expect(result.rawAgents == 0 && result.scheduledAgents == 0 && result.serviceLevel == 1)
    }

    @Test func averageSpeedOfAnswerTarget() throws {
        let policy = StaffingPolicy(target: .averageSpeedOfAnswer(seconds: 10))
        let result = try policy.staffing(calls: 100, ahtSeconds: 180, intervalSeconds: 1800)
        // ASA is 17.1 s with 13 agents and 7.8 s with 14.
        #expect(result.rawAgents == 14)
    }

    @Test func occupancyCapCanDecide() throws {
        // 48 Erlangs at 80/20 need 54 agents by service level, but 60 % occupancy needs 80.
        #expect(try eightyTwenty.staffing(calls: 360, ahtSeconds: 240, intervalSeconds: 1800).rawAgents == 54)
        let capped = StaffingPolicy(target: .serviceLevel(fraction: 0.8, withinSeconds: 20), maxOccupancy: 0.6)
        #expect(try capped.staffing(calls: 360, ahtSeconds: 240, intervalSeconds: 1800).rawAgents == 80)
    }

    @Test func unreachableTargetsAndBadValuesAreErrors() {
        let tight = StaffingPolicy(target: .serviceLevel(fraction: 0.8, withinSeconds: 20), maxAgents: 12)
        #expect(throws: StaffingError.self) { try tight.staffing(calls: 100, ahtSeconds: 180, intervalSeconds: 1800) }
        #expect(throws: StaffingError.self) { try eightyTwenty.staffing(calls: -1, ahtSeconds: 180, intervalSeconds: 1800) }
        #expect(throws: StaffingError.self) { try eightyTwenty.staffing(calls: 10, ahtSeconds: 0, intervalSeconds: 1800) }
    }

    @Test func shrinkageRoundsUpWithoutFloatingPointSurprises() {
        let policy = StaffingPolicy(target: .averageSpeedOfAnswer(seconds: 20), shrinkage: 0.3)
        #expect(policy.scheduled(raw: 14) == 20)  // 14 / 0.7 is 20.000000000000004 in binary
        #expect(policy.scheduled(raw: 15) == 22)
        #expect(policy.productive(scheduled: 20) == 14)
    }

    @Test func aYearOfFifteenMinuteIntervalsIsQuick() throws {
        // Not a timing assertion (those live in benchmarks): it must simply complete for 35,040
        // intervals of realistic volume, and each answer must be minimal.
        var total = 0
        for index in 0..<35_040 {
            let calls = Double(20 + (index * 37) % 400)
            let result = try eightyTwenty.staffing(calls: calls, ahtSeconds: 280, intervalSeconds: 900)
            total += result.rawAgents
            if index % 5000 == 0 {
                let below = ErlangC.serviceLevel(agents: result.rawAgents - 1, traffic: result.traffic, ahtSeconds: 280, targetSeconds: 20)
                #expect(below < 0.8 || Double(result.rawAgents - 1) <= result.traffic)
            }
        }
        #expect(total > 0)
    }
}

extension ErlangCTests {
    /// Each of these trapped (SIGILL) converting a huge Double to Int; now each is an error.
    @Test func extremeInputsAreErrorsNotTraps() throws {
        let policy = StaffingPolicy(target: .serviceLevel(fraction: 0.8, withinSeconds: 20))
        #expect(throws: StaffingError.self) { try policy.staffing(calls: 1e19, ahtSeconds: 300, intervalSeconds: 1800) }
        #expect(throws: StaffingError.self) { try policy.staffing(calls: 20, ahtSeconds: 1e308, intervalSeconds: 1800) }
        #expect(throws: StaffingError.self) { try policy.staffing(calls: 900_000, ahtSeconds: 3_000, intervalSeconds: 1800) }
        let shrunk = StaffingPolicy(target: .serviceLevel(fraction: 0.8, withinSeconds: 20), shrinkage: 0.9999999999999999)
        #expect(throws: StaffingError.self) { try shrunk.staffing(calls: 20, ahtSeconds: 300, intervalSeconds: 1800) }
        let capped = StaffingPolicy(target: .serviceLevel(fraction: 0.8, withinSeconds: 20), maxOccupancy: 1e-300)
        #expect(throws: StaffingError.self) { try capped.staffing(calls: 20, ahtSeconds: 300, intervalSeconds: 1800) }
        // The bounds themselves still staff: a million calls of a second each in half an hour.
        let most = try policy.staffing(calls: 1_000_000, ahtSeconds: 1, intervalSeconds: 1800)
        #expect(most.rawAgents >= 556)  // 555.6 Erlangs: fewer agents could never keep up
    }
}
