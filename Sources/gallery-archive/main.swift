import Foundation

// First, while this is the only thread: an arena limit set later leaves the arenas of earlier threads in place.
MallocArenas.limit(cores: ProcessInfo.processInfo.activeProcessorCount, environment: ProcessInfo.processInfo.environment)
await GalleryArchive.launch()
