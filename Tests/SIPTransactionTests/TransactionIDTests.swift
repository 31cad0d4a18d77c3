import SIPMessage
import SIPTransaction
import Testing

@Suite("Transaction matching (RFC 3261 §17.1.3, §17.2.3, §9.2)")
struct TransactionIDTests {
    @Test func clientMatchesByBranchAndCSeqMethod() throws {
        let invite = TestMessages.request(.invite, branch: "z9hG4bK-a")
        let id = try SIPClientTransactionID(request: invite)
        #expect(id == SIPClientTransactionID(branch: "z9hG4bK-a", method: .invite))
        #expect(try SIPClientTransactionID(response: TestMessages.response(180, to: invite)) == id)
        let cancel = try ClientInviteTransaction.cancel(for: invite)
        #expect(try SIPClientTransactionID(response: TestMessages.response(200, to: cancel)) == SIPClientTransactionID(branch: "z9hG4bK-a", method: .cancel))
        let otherBranch = TestMessages.request(.invite, branch: "z9hG4bK-b")
        #expect(try SIPClientTransactionID(response: TestMessages.response(200, to: otherBranch)) != id)
    }

    @Test func serverMatchesByBranchSentByAndMethodWithACKJoiningTheInvite() throws {
        let invite = TestMessages.request(.invite, branch: "z9hG4bK-a")
        let id = try SIPServerTransactionID(request: invite)
        #expect(id.isRFC3261)
        #expect(id.method == .invite)
        #expect(try SIPServerTransactionID(request: invite) == id)
        let ack = TestMessages.request(.ack, branch: "z9hG4bK-a", toTag: "callee-tag", cseqMethod: .ack)
        #expect(try SIPServerTransactionID(request: ack) == id)
        // Same branch from another sent-by is another transaction (§17.2.3: branches are unique per sender only).
        #expect(try SIPServerTransactionID(request: TestMessages.request(.invite, branch: "z9hG4bK-a", viaHost: "192.0.2.99")) != id)
        #expect(try SIPServerTransactionID(request: TestMessages.request(.invite, branch: "z9hG4bK-a", viaPort: 5070)) != id)
        // The sent-by host compares case-insensitively.
        let upper = TestMessages.request(.invite, branch: "z9hG4bK-a", viaHost: "UA.Example.com")
        let lower = TestMessages.request(.invite, branch: "z9hG4bK-a", viaHost: "ua.example.com")
        #expect(try SIPServerTransactionID(request: upper) == SIPServerTransactionID(request: lower))
    }

    @Test func cancelIsItsOwnTransactionButNamesTheInvite() throws {
        let invite = TestMessages.request(.invite, branch: "z9hG4bK-a")
        let cancel = try ClientInviteTransaction.cancel(for: invite)
        let cancelID = try SIPServerTransactionID(request: cancel)
        #expect(try cancelID != SIPServerTransactionID(request: invite))
        #expect(cancelID.method == .cancel)
        #expect(try cancelID.cancelledInviteID == SIPServerTransactionID(request: invite))
    }

    @Test func rfc2543RequestsMatchByTheirHeaders() throws {
        let invite = TestMessages.request(.invite, branch: "1")
        let id = try SIPServerTransactionID(request: invite)
        #expect(!id.isRFC3261)
        #expect(try SIPServerTransactionID(request: invite) == id)
        #expect(try SIPServerTransactionID(request: TestMessages.request(.invite, branch: "1", callID: "other")) != id)
        #expect(try SIPServerTransactionID(request: TestMessages.request(.invite, branch: "1", fromTag: "x")) != id)
        #expect(try SIPServerTransactionID(request: TestMessages.request(.invite, branch: "1", cseq: 2)) != id)
        #expect(try SIPServerTransactionID(request: TestMessages.request(.invite, branch: "1", uri: "sip:4001@192.0.2.1")) != id)
        #expect(try SIPServerTransactionID(request: TestMessages.request(.invite, branch: "1", viaPort: 5070)) != id)
        // No branch at all: still matchable the RFC 2543 way.
        var noBranch = invite
        noBranch.headers.set(.via, "SIP/2.0/UDP 192.0.2.10:5060")
        #expect(try !SIPServerTransactionID(request: noBranch).isRFC3261)
        let cancel = try ClientInviteTransaction.cancel(for: invite)
        #expect(try SIPServerTransactionID(request: cancel).cancelledInviteID == id)
    }

    @Test func requestsWithoutIdentityAreMalformed() {
        var noVia = TestMessages.request(.options)
        noVia.headers.remove(.via)
        #expect(throws: SIPTransactionError.self) { try SIPServerTransactionID(request: noVia) }
        #expect(throws: SIPTransactionError.self) { try SIPClientTransactionID(request: noVia) }
        var response = TestMessages.response(200, to: TestMessages.request(.options))
        response.headers.remove(.cseq)
        #expect(throws: SIPTransactionError.self) { try SIPClientTransactionID(response: response) }
    }
}
