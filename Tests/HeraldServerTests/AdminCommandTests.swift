import Foundation
import Testing

@Suite("admin verbs: herald dialplan, gateway, mailbox", .serialized)
struct AdminCommandTests {
    let data = FileManager.default.temporaryDirectory.appendingPathComponent("herald-admin-\(UUID().uuidString)").path

    func herald(_ arguments: String...) async throws -> HeraldExecutable.Result {
        try await HeraldExecutable.run(arguments + ["--data-dir", data])
    }

    @Test("a dial plan, a gateway and mailboxes are added, listed, changed and removed; bad input is refused clearly")
    func lifecycle() async throws {
        #expect(try await herald("dialplan", "add", "Main", "--digits", "4", "--pilot", "6000").stdout == "dial plan Main added\n")
        let duplicate = try await herald("dialplan", "add", "Main", "--digits", "4", "--pilot", "6000")
        #expect(duplicate.status == 65)
        #expect(duplicate.stderr == "herald: a dial plan named Main exists already\n")
        #expect(try await herald("dialplan", "add", "Other", "--digits", "0", "--pilot", "1").status == 64)

        #expect(try await herald("gateway", "add", "cs1000", "--address", "192.0.2.30", "--dial-plan", "Main", "--profile", "nortel-cs1000").status == 0)
        #expect(try await herald("gateway", "add", "x", "--address", "192.0.2.31", "--dial-plan", "Nope").stderr == "herald: there is no dial plan named Nope\n")
        #expect(try await herald("gateway", "add", "y", "--address", "192.0.2.32", "--dial-plan", "Main", "--profile", "foo").stderr.contains("presets: nortel-cs1000"))
        #expect(try await herald("gateway", "list").stdout == "cs1000\t192.0.2.30:5060/udp\tdial plan Main\tprofile nortel-cs1000\n")

        let weak = try await herald("mailbox", "enable", "4100", "--first-name", "Eve", "--last-name", "Evans", "--email", "eve@example.com",
                              "--dial-plan", "Main", "--pin", "123456")
        #expect(weak.stderr == "herald: the PIN was refused: a PIN may not be digits in sequence\n")
        #expect(try await herald("mailbox", "list").stdout.isEmpty, "a refused PIN leaves no mailbox behind")
        #expect(try await herald("mailbox", "enable", "4100", "--first-name", "Eve", "--last-name", "Evans", "--email", "eve@example.com",
                           "--dial-plan", "Main", "--pin", "583920").status == 0)
        #expect(try await herald("mailbox", "enable", "410", "--first-name", "X", "--last-name", "Y", "--email", "x@example.com",
                           "--dial-plan", "Main").stderr == "herald: extension 410 should have 4 digits\n")
        #expect(try await herald("mailbox", "enable", "4101", "--first-name", "X", "--last-name", "Y", "--email", "x@example.com",
                           "--dial-plan", "Main", "--also", "4100").stderr == "herald: 4100 already reaches the mailbox of extension 4100\n")
        #expect(try await herald("mailbox", "set-pin", "4100", "111111").stderr == "herald: the PIN was refused: a PIN may not repeat one digit\n")
        #expect(try await herald("mailbox", "set-pin", "4100", "729413").status == 0)
        #expect(try await herald("mailbox", "set-pin", "4999", "729413").stderr == "herald: no mailbox has extension 4999\n")
        #expect(try await herald("mailbox", "unlock", "4100").stdout == "mailbox 4100 unlocked\n")
        #expect(try await herald("mailbox", "disable", "4100").status == 0)
        #expect(try await herald("mailbox", "list").stdout == "4100\tEve Evans\teve@example.com\tdisabled\n")
        #expect(try await herald("gateway", "remove", "cs1000").status == 0)
        #expect(try await herald("gateway", "remove", "cs1000").stderr == "herald: there is no gateway named cs1000\n")
    }
}
