// Accepted in Java: the class holding main need not be called Main.
public class Hello {
	public static void main(String[] args) {
		System.out.println("Hello World!");
	}
}
