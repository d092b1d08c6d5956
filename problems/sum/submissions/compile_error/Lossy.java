// Compile error: javac refuses the implicit long -> int narrowing.
import java.util.Scanner;

public class Lossy {
	public static void main(String[] args) {
		Scanner in = new Scanner(System.in);
		int n = in.nextInt();
		int sum = 0L;
		for (int i = 0; i < n; i++)
			sum += in.nextLong();
		System.out.println(sum);
	}
}
