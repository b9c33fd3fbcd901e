import ArchiveService

/// The curl commands the demo prints, each working as printed against the seeded catalog.
struct DemoCommands {
    let url: String
    let albumAssets: [String]
    let withS3: Bool

    var text: String {
        let album = DemoLibrary.sharedAlbumID
        let individual = [DemoLibrary.uuid("asset:sunrise"), DemoLibrary.uuid("asset:cafe")]
        let selection = [DemoLibrary.uuid("asset:beach-1"), DemoLibrary.uuid("asset:beach-2"),
                         DemoLibrary.uuid("asset:img-upper"), DemoLibrary.uuid("asset:img-lower"),
                         DemoLibrary.uuid("asset:live-still"), DemoLibrary.uuid("asset:live-motion")]
        let alice = "-H 'x-api-key: \(DemoLibrary.apiKey("alice"))'"
        let bob = "-H 'Authorization: Bearer \(DemoLibrary.sessionToken("bob"))'"
        let json = "-H 'content-type: application/json'"
        return """
        # Demo library seeded\(withS3 ? " (one asset on S3)" : ""). Users: alice (owner), bob (partner), carol (album member), dave (stranger).
        # API keys: demo-api-key-<user>; session tokens: demo-session-<user>.

        # 1. Album: how it splits (201), then the whole album as one ZIP through the web client's HTML form.
        curl -sS \(alice) \(json) -d '{"albumId":"\(album)"}' \(url)/api/download/info
        curl -sS \(alice) --data-urlencode 'assetIds=\(albumAssets.joined(separator: ","))' \\
          --data-urlencode "archiveName=\(DemoLibrary.sharedAlbumName.replacingOccurrences(of: "\"", with: "\\\""))" \\
          -D - -o album.zip \(url)/api/download/archive && unzip -l album.zip

        # 2. Selection, by Alice's partner Bob with a session token (JSON body, as the web client's fetch sends it).
        curl -sS \(bob) \(json) -d '{"assetIds":\(jsonList(selection))}' -o selection.zip \(url)/api/download/archive && unzip -t selection.zip

        # 3. Shared link: by key, by slug, and the password-protected album link with its unlock cookie.
        curl -sS \(json) -d '{"assetIds":\(jsonList(individual))}' -o shared.zip '\(url)/api/download/archive?key=\(DemoLibrary.Link.individual.urlKey)' && unzip -l shared.zip
        curl -sS \(json) -d '{"assetIds":\(jsonList(individual))}' -o shared-slug.zip '\(url)/api/download/archive?slug=sunrise-and-cafe' && unzip -l shared-slug.zip
        curl -sS -b 'immich_shared_link_token=\(DemoLibrary.passwordCookie)' \(json) -d '{"albumId":"\(album)"}' '\(url)/api/download/info?key=\(DemoLibrary.Link.password.urlKey)'

        # Refusals: a link without downloads (403), an expired link (401), a stranger (403).
        curl -sS \(json) -d '{"albumId":"\(album)"}' '\(url)/api/download/info?key=\(DemoLibrary.Link.albumNoDownload.urlKey)'
        curl -sS \(json) -d '{"assetIds":\(jsonList(individual))}' '\(url)/api/download/info?key=\(DemoLibrary.Link.expired.urlKey)'
        curl -sS -H 'x-api-key: \(DemoLibrary.apiKey("dave"))' \(json) -d '{"albumId":"\(album)"}' \(url)/api/download/info

        # 4. A download link, for the browser's own download manager: POST for the URL, then GET it with no other
        #    credential. The first download teaches the service every CRC-32; from then on the archive's bytes are
        #    fixed in advance and a cut download resumes (here: 3,000 bytes, as a dropped connection leaves them).
        link=$(curl -sS \(alice) \(json) -d '{"assetIds":\(jsonList(albumAssets))}' \(url)/api/download/links \\
          | python3 -c 'import json, sys; print(json.load(sys.stdin)["url"])')
        curl -sS -o /dev/null "$link"
        curl -sS -r 0-2999 -o album-by-link.zip "$link"
        curl -sS -C - -o album-by-link.zip "$link" && unzip -t album-by-link.zip

        # 5. The shared-link download page, to open in a browser (the second asks for the password hunter2):
        #    \(url)/download/share/\(DemoLibrary.Link.album.urlKey)
        #    \(url)/download/share/\(DemoLibrary.Link.password.urlKey)
        #    \(url)/download/s/sunrise-and-cafe

        # One original, and the operator's endpoints.
        curl -sS \(alice) -o sunrise.jpg \(url)/api/assets/\(individual[0])/original
        curl -sS \(url)/health; curl -sS \(url)/metrics | grep gallery_archive
        """
    }

    private func jsonList(_ ids: [String]) -> String {
        "[" + ids.map { "\"\($0)\"" }.joined(separator: ",") + "]"
    }
}
