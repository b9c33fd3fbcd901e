import Catalog

/// Who made a request: a signed-in user (API key or session) or a shared link's visitor.
public enum Principal: Sendable, Equatable {
    case user(CatalogUser)
    case sharedLink(SharedLinkRecord)

    /// The subject the access queries check.
    public var subject: AccessSubject {
        switch self {
        case .user(let user): return .user(id: user.id, elevated: user.elevated)
        case .sharedLink(let link): return .sharedLink(id: link.id)
        }
    }

    /// The signed-in user's id; nil for a shared link.
    public var userID: String? {
        if case .user(let user) = self { return user.id }
        return nil
    }

    /// Throws 403 unless the credential grants `permission`: API keys carry a list (Gallery's `Permission` enum),
    /// sessions carry every permission, and a shared link's own rules were checked when it was accepted.
    func require(_ permission: Permission) throws {
        guard case .user(let user) = self, !user.allows(permission) else { return }
        throw ServiceError.forbidden("Missing required permission: \(permission.rawValue)")
    }
}
