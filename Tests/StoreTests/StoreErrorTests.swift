import Directory
import Store
import Testing

@Suite("StoreError")
struct StoreErrorTests {
    @Test(arguments: [
        (StoreError.duplicateDialPlan("Main"), "a dial plan named Main exists already"),
        (.unknownDialPlan("Main"), "there is no dial plan named Main"),
        (.duplicateGateway("cs1000"), "a gateway named cs1000 exists already"),
        (.unknownGateway("cs1000"), "there is no gateway named cs1000"),
        (.duplicateExtension("+12025550100", owner: "4000"), "+12025550100 already reaches the mailbox of extension 4000"),
        (.wrongDigitCount("40011", expected: 4), "extension 40011 should have 4 digits"),
        (.unknownMailbox("4999"), "no mailbox has extension 4999"),
        (.weakPIN(.sequential), "the PIN was refused: a PIN may not be digits in sequence"),
        (.storage("disk I/O error"), "the store failed: disk I/O error"),
    ])
    func readsAsWhatTheAdministratorIsTold(error: StoreError, text: String) {
        #expect(error.description == text)
    }
}
