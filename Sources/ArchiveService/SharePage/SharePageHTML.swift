import Foundation

/// The shared-link download page: plain HTML and a little script, no framework, no external fonts or files, readable
/// on a phone. Every text that comes from the catalog is escaped.
enum SharePageHTML {
    /// The album's (or link's) name, how many files and bytes, and one button per archive. A button asks
    /// `POST /api/download/links` for a GET link to its archive and hands that to the browser, whose own download
    /// manager then shows progress and can pause and resume.
    static func downloads(title: String, info: DownloadInfo, linksURL: String) -> String {
        let files = info.archives.reduce(0) { $0 + $1.assetIds.count }
        let ids = info.archives.map { archive in archive.assetIds.map { "\"\($0.uuidString.lowercased())\"" } }
        let json = "[" + ids.map { "[" + $0.joined(separator: ",") + "]" }.joined(separator: ",") + "]"
        let buttons = info.archives.enumerated().map { index, archive in
            let label = info.archives.count == 1 ? "Download" : "Download part \(index + 1) of \(info.archives.count)"
            return #"<li><button type="button" data-archive="\#(index)">\#(label)</button> "#
                + #"<span class="size">\#(ByteText.short(archive.size)), \#(archive.assetIds.count) files</span></li>"#
        }.joined(separator: "\n")
        return page(title: title, body: """
            <h1>\(escape(title))</h1>
            <p id="summary">\(files) \(files == 1 ? "file" : "files"), \(ByteText.short(info.totalSize)) \
            (<span id="bytes">\(ByteText.grouped(info.totalSize))</span> bytes)</p>
            <ul id="archives">
            \(buttons)
            </ul>
            <p id="status" role="status"></p>
            <script type="application/json" id="archive-ids">\(json)</script>
            <script>
            const archives = JSON.parse(document.getElementById('archive-ids').textContent);
            const status = document.getElementById('status');
            for (const button of document.querySelectorAll('button[data-archive]')) {
              button.addEventListener('click', async () => {
                const part = Number(button.dataset.archive);
                const name = archives.length === 1 ? document.title : document.title + ' (' + (part + 1) + ')';
                button.disabled = true;
                status.textContent = 'Preparing the download…';
                try {
                  const answer = await fetch(\(jsString(linksURL)), {method: 'POST', credentials: 'same-origin',
                    body: new URLSearchParams({assetIds: archives[part].join(','), archiveName: name})});
                  const reply = await answer.json();
                  if (!answer.ok) throw new Error(reply.message);
                  status.textContent = 'Your browser is downloading it.';
                  window.location.href = reply.url;
                } catch (error) {
                  status.textContent = 'The download could not start: ' + error.message;
                } finally {
                  button.disabled = false;
                }
              });
            }
            </script>
            """)
    }

    /// The password form (Gallery's shared-link password); `wrong` after a refused attempt.
    static func password(title: String, wrong: Bool) -> String {
        page(title: title, body: """
            <h1>\(escape(title))</h1>
            <p>This link is protected by a password.</p>
            <form method="post">
            <label for="password">Password</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required autofocus>
            <button type="submit">Open</button>
            </form>
            \(wrong ? #"<p id="error" role="alert">Wrong password. Try again.</p>"# : "")
            """)
    }

    /// A refusal as a page: what happened, in words.
    static func refusal(_ message: String) -> String {
        page(title: "Download unavailable", body: """
            <h1>Download unavailable</h1>
            <p id="error" role="alert">\(escape(message))</p>
            """)
    }

    private static func page(title: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        body { font: 16px/1.5 system-ui, sans-serif; max-width: 36rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
        h1 { font-size: 1.5rem; overflow-wrap: anywhere; }
        ul { list-style: none; padding: 0; }
        li { margin: 0.75rem 0; }
        button { font: inherit; padding: 0.6rem 1.2rem; border-radius: 0.4rem; border: 1px solid #246; background: #2a5db0;
                 color: #fff; cursor: pointer; }
        button:disabled { opacity: 0.6; }
        input { font: inherit; padding: 0.5rem; width: 100%; box-sizing: border-box; margin: 0.5rem 0 1rem; }
        .size { color: #555; margin-left: 0.5rem; }
        #error { color: #a00; }
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>
        """
    }

    /// Text for an HTML element body or attribute.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A JavaScript string literal (JSON's form, with `<` escaped so it cannot close the script element).
    private static func jsString(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
        let array = String(decoding: data, as: UTF8.self)
        return String(array.dropFirst().dropLast()).replacingOccurrences(of: "<", with: "\\u003c")
    }
}
