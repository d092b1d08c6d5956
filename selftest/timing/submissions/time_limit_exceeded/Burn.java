// Burn.java - four threads spin in the JVM.
// Attack: CPU spread over threads of a JVM (whose own JIT and GC threads
// also run): a per-thread or main-thread measure misses most of it.
// Holds when: the cgroup sums every thread -> TLE.
// Twin: accepted/threads_short.c.
public class Burn {
    static volatile long sink;

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < 4; i++) {
            new Thread(() -> { for (long j = 0;; j++) sink = j; }).start();
        }
        Thread.sleep(60000);
    }
}
