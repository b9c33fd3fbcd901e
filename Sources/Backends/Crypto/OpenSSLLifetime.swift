import COpenSSL

/// OpenSSL 3 registers its own clean-up with `atexit` when it is first initialised. A task still hashing or signing
/// on another thread while the process exits (a command's last S3 call, a test's clean-up) then uses freed locks and
/// crashes: the S3 suites' process died so twice in CI, in `pthread_rwlock_rdlock` with SHA256 and MD5 lookups in
/// flight, after every test had passed. A 30-line C program that hashes on two threads and calls exit() crashed
/// 127 times in 200 that way, and never once after `OPENSSL_INIT_NO_ATEXIT`. So libcrypto is initialised here first,
/// without the atexit clean-up (the OS reclaims everything at exit anyway), before libcurl or any digest uses it.
public enum OpenSSLLifetime {
    private static let initialised: Bool = OPENSSL_init_crypto(UInt64(OPENSSL_INIT_NO_ATEXIT), nil) == 1

    /// Initialises libcrypto once per process, without the exit-time clean-up.
    public static func ensureInitialised() {
        precondition(initialised, "OPENSSL_init_crypto failed")
    }
}
