// Accepted: a Java program in two files; Main holds main, Range is in Range.java.
import java.util.Scanner;

public class Main {
	public static void main(String[] args) {
		Scanner in = new Scanner(System.in);
		int n = in.nextInt();
		Range r = new Range(in.nextLong());
		for (int i = 1; i < n; i++)
			r.add(in.nextLong());
		System.out.println(r);
	}
}
