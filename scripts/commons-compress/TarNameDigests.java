// Reference digests for test/unit/wave/tarNames.commons-compress.json, computed by Apache
// commons-compress itself (not by the extension's code). Run through regenerate.mjs, which needs
// Debian's libcommons-compress-java and a JDK 11+ (single-file source launch):
//   java -cp /usr/share/java/commons-compress.jar TarNameDigests.java < names
// stdin: one entry name per line, as hex of its UTF-8 bytes. stdout, per name: the sha256 of a
// one-file tar written the way wave-utils' Packer writes a build context (LONGFILE_POSIX, ids 0,
// root/root, mtime 0, mode 0100644, content "x\n"), then the 100-byte name field of the entry's
// own header in hex. The encoding is named as UTF-8, as wave-cli's default charset is.
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

public class TarNameDigests {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        HexFormat hex = HexFormat.of();
        for (String line; (line = in.readLine()) != null; ) {
            if (line.isBlank()) continue;
            String name = new String(hex.parseHex(line.trim()), StandardCharsets.UTF_8);
            byte[] content = "x\n".getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, "UTF-8")) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                TarArchiveEntry entry = new TarArchiveEntry(name);
                entry.setIds(0, 0);
                entry.setGroupName("root");
                entry.setUserName("root");
                entry.setModTime(FileTime.fromMillis(0));
                entry.setMode(0100644);
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
                tar.finish();
            }
            byte[] tar = bytes.toByteArray();
            // The entry's own header is the last header before its data: 512 bytes before the data
            // record, which is followed by the two zero records of the end of the archive.
            int header = tar.length - 4 * 512;
            byte[] nameField = java.util.Arrays.copyOfRange(tar, header, header + 100);
            String digest = hex.formatHex(MessageDigest.getInstance("SHA-256").digest(tar));
            System.out.println("sha256:" + digest + " " + hex.formatHex(nameField));
        }
    }
}
