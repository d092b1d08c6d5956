// Redis.java - talks to Redis on the host's loopback from Java.
// Attack: the judge's queue at 127.0.0.1:6379 / [::1]:6379.
// Holds when: the box has no route to the host's loopback -> ok.
// Twin: accepted/sockets_ok.c.
import java.net.InetSocketAddress;
import java.net.Socket;

public class Redis {
    public static void main(String[] args) {
        for (String host : new String[] {"127.0.0.1", "::1"}) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, 6379), 200);
                System.out.println("HOLE:redis-at-" + host);
                return;
            } catch (Exception e) {
                // refused or unreachable: what we want
            }
        }
        System.out.println("ok");
    }
}
