public import SIPMessage

/// The one error type of the dialog layer; each knows the response it becomes when it concerns a received request.
public enum DialogError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A header needed to build or match the dialog is missing or malformed.
    case malformed(SIPMessageError)
    /// The request's CSeq is lower than the last one seen in the dialog (RFC 3261 §12.2.2 → 500).
    case outOfOrder(received: UInt32, last: UInt32)
    /// The response cannot create a dialog (no To tag, or not 1xx/2xx).
    case cannotCreateDialog(String)

    /// The response status for a request that failed with this error.
    public var statusCode: Int {
        switch self {
        case .malformed(let error): error.statusCode
        case .outOfOrder: 500
        case .cannotCreateDialog: 400
        }
    }

    /// A one-line description.
    public var description: String {
        switch self {
        case .malformed(let error): error.description
        case .outOfOrder(let received, let last): "CSeq \(received) is lower than \(last) already seen in this dialog"
        case .cannotCreateDialog(let why): "cannot create a dialog: \(why)"
        }
    }
}
