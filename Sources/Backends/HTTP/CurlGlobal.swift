import CCurl

/// `curl_global_init` must run once per process before any other libcurl call, and is not thread-safe itself:
/// a Swift global `let` is initialised exactly once, lazily and atomically.
enum CurlGlobal {
    private static let initialised: Bool = {
        // libcurl initialises OpenSSL: ours must come first, so no exit-time clean-up gets registered.
        OpenSSLLifetime.ensureInitialised()
        return curl_global_init(ga_global_all()) == CURLE_OK
    }()

    /// Initialises libcurl if nobody has yet; a failure here leaves no working transport, so it stops the process.
    static func ensureInitialised() {
        precondition(initialised, "curl_global_init failed")
    }
}
