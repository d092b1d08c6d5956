// HostFiles.java - the host's secrets, by path, from Java.
// Attack: read /etc/shadow and the judge's files through java.nio.
// Holds when: none of them exists in the box -> ok.
// Twin: accepted/box_files.c.
import java.nio.file.Files;
import java.nio.file.Path;

public class HostFiles {
    public static void main(String[] args) {
        String[] paths = {"/etc/shadow", "/etc/passwd", "/root", "/home",
                          "/var", "/run", "/work", "/sys"};
        for (String p : paths) {
            if (Files.exists(Path.of(p))) {
                System.out.println("HOLE:" + p + "-exists");
                return;
            }
        }
        try {
            Files.readAllBytes(Path.of("/etc/shadow"));
            System.out.println("HOLE:/etc/shadow-readable");
        } catch (Exception e) {
            System.out.println("ok");
        }
    }
}
