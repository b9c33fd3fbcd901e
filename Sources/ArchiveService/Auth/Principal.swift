/// Who made a request: a signed-in user (API key or session) or a shared link's visitor.
public enum Principal: Sendable, Equatable {
    case user(CatalogUser)
    case sharedLink(SharedLinkRecord)

    /// The subject the access queries check.
    public var subject: AccessSubject {
        switch self {
        case .user(let user): return .user(id: user.id)
        case .sharedLink(let link): return .sharedLink(id: link.id)
        }
    }

    /// The signed-in user's id; nil for a shared link.
    public var userID: String? {
        if case .user(let user) = self { return user.id }
        return nil
    }
}
