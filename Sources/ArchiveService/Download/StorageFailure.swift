import Backends
import Catalog
import HTTPTypes

/// The one mapping from a storage failure met before the first byte to what the client is told: the asset's id and
/// name and a short reason. The failure itself (with its path, key or endpoint) travels as the error's `detail`, for
/// the log only.
enum StorageFailure {
    /// A `ServiceError` for `error` concerning `asset`; a cancellation stays a cancellation (the client left).
    static func mapped(_ error: any Error, asset: AssetRecord) -> any Error {
        if error is CancellationError { return error }
        let name = "Asset \(asset.id.lowercased) (\(asset.originalFileName))"
        let (status, reason): (HTTPTypes.HTTPResponse.Status, String) = switch error {
        case StorageError.notFound:
            (.notFound, "the original file is missing from storage")
        case StorageError.invalidKey, is StorageKeyError:
            (.forbidden, "its file lies outside the storage this service may read")
        case is DeadlineExceeded:
            (.gatewayTimeout, "the storage did not answer in time")
        default:
            (.badGateway, "the original file cannot be read")
        }
        return ServiceError(status, "\(name): \(reason)", detail: "\(error)")
    }
}
