// TmpTrace.java - the trace probe from Java (same names as tmp_trace.c).
// Attack: state carried between tests and submissions through /tmp.
// Holds when: /tmp is fresh on every run -> ok on every test.
// Twin: accepted/trace_seen.c.
import java.nio.file.Files;
import java.nio.file.Path;

public class TmpTrace {
    public static void main(String[] args) throws Exception {
        Path p = Path.of("/tmp/arbiter-trace");
        if (Files.exists(p)) {
            System.out.println("HOLE:/tmp/arbiter-trace-left-by-an-earlier-run");
            return;
        }
        Files.writeString(p, "seen");
        System.out.println("ok");
    }
}
