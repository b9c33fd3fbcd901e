import Backends
import Foundation

// First, while this is the only thread: an arena limit set later leaves the arenas of earlier threads in place.
MallocArenas.limit(cores: ProcessInfo.processInfo.activeProcessorCount, environment: ProcessInfo.processInfo.environment)
// Before anything else touches OpenSSL (libcurl, Foundation's networking): no clean-up at exit under running tasks.
OpenSSLLifetime.ensureInitialised()
await GalleryArchive.launch()
