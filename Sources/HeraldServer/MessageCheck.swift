public import SIPMessage

/// `herald sip check`: parses one captured SIP message and applies the checks an element makes before processing it.
public enum MessageCheck {
    /// The outcome for one input.
    public enum Outcome: Sendable, Equatable {
        /// The message is valid; its canonical rendering.
        case valid(SIPMessage, canonical: String)
        /// The message is invalid, with the error that says why and the response it would get.
        case invalid(SIPMessageError)
    }

    /// Checks the bytes of one message as a datagram would deliver them.
    public static func check(_ bytes: [UInt8], limits: SIPParseLimits = .default) -> Outcome {
        do {
            let message = try SIPMessage(parsing: bytes, limits: limits)
            try message.validate()
            return .valid(message, canonical: message.canonicalText)
        } catch {
            return .invalid(error)
        }
    }

    /// The line printed for an invalid input: `FILE: invalid: <reason> (would answer NNN)`.
    public static func invalidLine(file: String, error: SIPMessageError) -> String {
        "\(file): invalid: \(error.description) (would answer \(error.statusCode))"
    }
}
