/* diagnostic_flood - 2^16 copies of an error (about 10 MB of messages).
 * Attack: flood the judge with compiler output: its memory, its disk,
 * the result message, the database and the web page that shows it.
 * Holds when: the compile step's output is capped (16 KiB in the
 * result) and the verdict is CE; the integration test checks the cap.
 * Twin: accepted/has_include_ok.c (a clean compile). */
#define E0 x = "" * 2;
#define E1 E0 E0
#define E2 E1 E1
#define E3 E2 E2
#define E4 E3 E3
#define E5 E4 E4
#define E6 E5 E5
#define E7 E6 E6
#define E8 E7 E7
#define E9 E8 E8
#define E10 E9 E9
#define E11 E10 E10
#define E12 E11 E11
#define E13 E12 E12
#define E14 E13 E13
#define E15 E14 E14
#define E16 E15 E15
int x;

int main(void)
{
	E16
	return 0;
}
