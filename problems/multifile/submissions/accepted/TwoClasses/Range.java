// The smallest and largest value seen so far (used by Main.java).
public class Range {
	private long lo, hi;

	public Range(long first) {
		lo = hi = first;
	}

	public void add(long x) {
		lo = Math.min(lo, x);
		hi = Math.max(hi, x);
	}

	@Override
	public String toString() {
		return lo + " " + hi;
	}
}
