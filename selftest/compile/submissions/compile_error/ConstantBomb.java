// ConstantBomb.java - a string constant doubled 15 times (1 MiB).
// Attack: javac folds constant expressions: a few lines become a
// megabyte-sized constant in the class file, or the compiler's memory.
// Holds when: javac refuses it ("constant string too long") -> CE.
// Twin: accepted/HostFiles.java in filesystem (a clean Java compile).
public class ConstantBomb {
    static final String A0 = "abcdefghijklmnopqrstuvwxyz012345";
    static final String A1 = A0 + A0, A2 = A1 + A1, A3 = A2 + A2, A4 = A3 + A3;
    static final String A5 = A4 + A4, A6 = A5 + A5, A7 = A6 + A6, A8 = A7 + A7;
    static final String A9 = A8 + A8, A10 = A9 + A9, A11 = A10 + A10;
    static final String A12 = A11 + A11, A13 = A12 + A12, A14 = A13 + A13;
    static final String A15 = A14 + A14;

    public static void main(String[] args) {
        System.out.println(A15.length());
    }
}
