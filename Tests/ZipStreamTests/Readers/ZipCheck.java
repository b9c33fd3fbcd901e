// Reads a ZIP archive the way Java programs do and prints "name<TAB>size<TAB>crc32-hex" per entry.
//   java ZipCheck.java zipfile PATH   — java.util.zip.ZipFile (central directory; CRC checked here)
//   java ZipCheck.java stream PATH    — java.util.zip.ZipInputStream (local headers only; it checks CRCs itself,
//                                       and refuses STORED entries that use a data descriptor)
// Any problem is an exception and a non-zero exit.
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.zip.*;

public class ZipCheck {
    static final byte[] buffer = new byte[1 << 16];

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new BufferedOutputStream(System.out), false, "UTF-8");
        if (args[0].equals("zipfile")) {
            try (ZipFile zip = new ZipFile(args[1], StandardCharsets.UTF_8)) {
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    try (InputStream in = zip.getInputStream(entry)) {
                        report(out, entry, in, true);
                    }
                }
            }
        } else {
            try (ZipInputStream zip = new ZipInputStream(
                    new BufferedInputStream(new FileInputStream(args[1]), 1 << 16), StandardCharsets.UTF_8)) {
                for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                    report(out, entry, zip, false);
                }
            }
        }
        out.flush();
    }

    static void report(PrintStream out, ZipEntry entry, InputStream in, boolean checkCRC) throws IOException {
        CRC32 crc = new CRC32();
        long size = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            crc.update(buffer, 0, n);
            size += n;
        }
        if (checkCRC && entry.getCrc() != crc.getValue()) throw new IOException("CRC mismatch: " + entry.getName());
        if (entry.getSize() != -1 && entry.getSize() != size) throw new IOException("size mismatch: " + entry.getName());
        out.println(entry.getName() + "\t" + size + "\t" + Long.toHexString(crc.getValue()));
    }
}
