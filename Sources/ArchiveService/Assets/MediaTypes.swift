/// The media type of an original from its file name's extension (what Gallery's `mimeTypes` table knows best;
/// anything else is sent as bytes).
enum MediaTypes {
    static func forFileName(_ name: String) -> String {
        guard let dot = name.lastIndex(of: ".") else { return fallback }
        return byExtension[name[name.index(after: dot)...].lowercased()] ?? fallback
    }

    static let fallback = "application/octet-stream"

    private static let byExtension: [String: String] = [
        "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif", "webp": "image/webp",
        "heic": "image/heic", "heif": "image/heif", "avif": "image/avif", "tif": "image/tiff", "tiff": "image/tiff",
        "dng": "image/x-adobe-dng", "bmp": "image/bmp", "mp4": "video/mp4", "mov": "video/quicktime",
        "m4v": "video/x-m4v", "webm": "video/webm", "mkv": "video/x-matroska", "3gp": "video/3gpp",
        "avi": "video/x-msvideo", "mp3": "audio/mpeg", "m4a": "audio/mp4", "wav": "audio/wav",
    ]
}
