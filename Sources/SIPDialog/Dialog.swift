public import SIPMessage

/// The state of one dialog (RFC 3261 §12): identity, sequence numbers, the peer's target and the route set.
///
/// A pure value. The UAS creates it from the INVITE it answers (§12.1.1), the UAC from a 1xx/2xx with a To tag
/// (§12.1.2). `makeRequest` builds in-dialog requests (§12.2.1.1); `receive(_:)` checks and records in-dialog requests
/// (§12.2.2), refreshing the target on re-INVITE and UPDATE.
public struct Dialog: Sendable, Equatable {
    /// The dialog's state (§12): early after a provisional response with a tag, confirmed after a 2xx.
    public enum State: Sendable, Equatable {
        /// Created by a 1xx with a To tag.
        case early
        /// Created or confirmed by a 2xx.
        case confirmed
        /// Ended by BYE or a failure.
        case terminated
    }

    /// Which side of the dialog we are.
    public enum Role: Sendable, Equatable {
        /// We sent the request that created the dialog.
        case uac
        /// We answered it.
        case uas
    }

    /// Call-ID and tags.
    public var id: DialogID
    /// Early, confirmed or terminated.
    public var state: State
    /// Our side.
    public let role: Role
    /// The CSeq of the last request we sent in the dialog.
    public var localSequence: UInt32
    /// The CSeq of the last request the peer sent, if any yet.
    public var remoteSequence: UInt32?
    /// Our address of record with our tag (the From of our requests).
    public var local: NameAddress
    /// The peer's address with its tag (the To of our requests).
    public var remote: NameAddress
    /// Where in-dialog requests go: the peer's Contact (§12.1).
    public var remoteTarget: SIPURI
    /// The route set in the order our requests carry it.
    public var routeSet: [NameAddress]
    /// Whether the dialog was set up over TLS with a sips Request-URI (§12.1.1).
    public var isSecure: Bool
    /// The CSeq of the INVITE that created or last refreshed the session, for the ACK to its 2xx (§13.2.2.4).
    public var inviteSequence: UInt32

    /// Creates the UAS side from the INVITE (or other dialog-creating request) we answer with `localTag` (§12.1.1).
    public init(uasFor request: SIPMessage, localTag: String, secure: Bool = false) throws(DialogError) {
        do {
            let headers = request.headers
            let from = try headers.from
            guard let remoteTag = from.tag else {
                throw DialogError.cannotCreateDialog("the request's From has no tag (an RFC 2543 peer)")
            }
            var to = try headers.to
            to.tag = localTag
            let cseq = try headers.cseq
            guard let contact = try headers.contact?.addresses.first else {
                throw DialogError.cannotCreateDialog("the request has no Contact")
            }
            self.id = DialogID(callID: try headers.callID, localTag: localTag, remoteTag: remoteTag)
            self.state = .confirmed
            self.role = .uas
            self.localSequence = 0
            self.remoteSequence = cseq.sequence
            self.local = to
            self.remote = from
            self.remoteTarget = contact.uri
            self.routeSet = try headers.recordRoute
            self.isSecure = secure && request.requestURI?.scheme == .sips
            self.inviteSequence = cseq.sequence
        } catch let error as DialogError {
            throw error
        } catch let error as SIPMessageError {
            throw DialogError.malformed(error)
        } catch {
            throw DialogError.cannotCreateDialog("\(error)")
        }
    }

    /// Creates the UAC side from the request we sent and a 1xx (early) or 2xx (confirmed) response with a To tag (§12.1.2).
    public init(uacFor request: SIPMessage, response: SIPMessage, secure: Bool = false) throws(DialogError) {
        do {
            guard let status = response.statusCode, (101..<300).contains(status) else {
                throw DialogError.cannotCreateDialog("only 101-299 responses create dialogs")
            }
            let to = try response.headers.to
            guard let remoteTag = to.tag else { throw DialogError.cannotCreateDialog("the response's To has no tag") }
            let from = try request.headers.from
            guard let localTag = from.tag else { throw DialogError.cannotCreateDialog("our request has no From tag") }
            let cseq = try request.headers.cseq
            let target = try response.headers.contact?.addresses.first?.uri ?? request.requestURI
            guard let target else { throw DialogError.cannotCreateDialog("no Contact in the response") }
            self.id = DialogID(callID: try request.headers.callID, localTag: localTag, remoteTag: remoteTag)
            self.state = SIPStatus.isSuccess(status) ? .confirmed : .early
            self.role = .uac
            self.localSequence = cseq.sequence
            self.remoteSequence = nil
            self.local = from
            self.remote = to
            self.remoteTarget = target
            // §12.1.2: the route set is the Record-Route of the response, reversed.
            self.routeSet = try response.headers.recordRoute.reversed()
            self.isSecure = secure && request.requestURI?.scheme == .sips
            self.inviteSequence = cseq.sequence
        } catch let error as DialogError {
            throw error
        } catch let error as SIPMessageError {
            throw DialogError.malformed(error)
        } catch {
            throw DialogError.cannotCreateDialog("\(error)")
        }
    }

    /// Whether a message belongs to this dialog (Call-ID and both tags, §12).
    public func matches(_ message: SIPMessage) -> Bool {
        guard let callID = try? message.headers.callID, callID == id.callID,
              let from = try? message.headers.from.tag, let to = try? message.headers.to.tag else { return false }
        return message.isRequest
            ? (from == id.remoteTag && to == id.localTag)
            : (from == id.localTag && to == id.remoteTag)
    }

    /// The Request-URI and Route values for our next request (§12.2.1.1, loose and strict routing).
    public var requestTarget: (uri: SIPURI, route: [NameAddress]) {
        guard let first = routeSet.first else { return (remoteTarget, []) }
        if first.uri.isLooseRouter { return (remoteTarget, routeSet) }
        // Strict router: it becomes the Request-URI (without parameters not allowed there) and the target goes last.
        var uri = first.uri
        uri.parameters.remove("method")
        uri.headers = []
        return (uri, Array(routeSet.dropFirst()) + [NameAddress(uri: remoteTarget)])
    }

    /// Where the next request goes on the wire: the first route if any, else the remote target.
    public func nextHop(defaultTransport: SIPTransportAddress.Transport) -> SIPTransportAddress? {
        (routeSet.first?.uri ?? remoteTarget).nextHopAddress(defaultTransport: defaultTransport)
    }

    /// Builds an in-dialog request (§12.2.1.1). ACK reuses the INVITE's CSeq number (§13.2.2.4); CANCEL is not
    /// built here (it copies the request it cancels, §9.1); every other method takes the next CSeq.
    public mutating func makeRequest(
        _ method: SIPMethod, via: SIPVia, contact: SIPURI?, body: [UInt8] = [], contentType: SIPMediaType? = nil,
        extraHeaders: [SIPHeaderField] = []
    ) -> SIPMessage {
        let sequence: UInt32
        if method == .ack {
            sequence = inviteSequence
        } else {
            localSequence += 1
            sequence = localSequence
            if method == .invite { inviteSequence = sequence }
        }
        let (uri, route) = requestTarget
        var headers = SIPHeaders()
        headers.append(.via, via.serialized)
        headers.append(.maxForwards, "70")
        headers.append(.from, local.serialized)
        headers.append(.to, remote.serialized)
        headers.append(.callID, id.callID)
        headers.append(.cseq, SIPCSeq(sequence, method).description)
        for r in route { headers.append(.route, r.serialized) }
        if let contact, method != .ack, method != .bye { headers.append(.contact, "<" + contact.serialized + ">") }
        for field in extraHeaders { headers.append(field) }
        var message = SIPMessage.request(method, uri: uri, headers: headers)
        message.setBody(body, contentType: contentType)
        return message
    }

    /// Records an in-dialog request from the peer (§12.2.2): rejects a CSeq lower than the last one, and refreshes the
    /// remote target on re-INVITE and UPDATE (RFC 3311 §5.2).
    public mutating func receive(_ request: SIPMessage) throws(DialogError) {
        guard let method = request.method else { return }
        let cseq: SIPCSeq
        do { cseq = try request.headers.cseq } catch { throw DialogError.malformed(error) }
        // ACK and CANCEL carry the CSeq of the request they go with.
        if method != .ack, method != .cancel {
            if let last = remoteSequence, cseq.sequence < last {
                throw DialogError.outOfOrder(received: cseq.sequence, last: last)
            }
            remoteSequence = cseq.sequence
        }
        if method == .invite || method == .update, let target = try? request.headers.contact?.addresses.first?.uri {
            remoteTarget = target
        }
    }

    /// Applies a 2xx (or reliable 1xx) to a target-refresh request we sent: the remote target follows its Contact
    /// (§12.2.1.2), and an early dialog becomes confirmed on 2xx.
    public mutating func receiveResponse(_ response: SIPMessage, to method: SIPMethod) {
        guard let status = response.statusCode else { return }
        if SIPStatus.isSuccess(status), state == .early { state = .confirmed }
        if method == .invite || method == .update, (101..<300).contains(status),
           let target = try? response.headers.contact?.addresses.first?.uri {
            remoteTarget = target
        }
    }
}
