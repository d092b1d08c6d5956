/* batch_report.c - a batch's results as CSV, JSON and a self-contained
 * HTML report; see batch.h.
 *
 * Pure functions over the result objects: no judging, no file names.
 * Every string that reaches the output may come from a student (the id is
 * a file name they chose; messages quote their output; compiler output is
 * theirs): CSV fields are quoted per RFC 4180 and guarded against formula
 * injection, HTML text and attributes are entity-escaped, and the page
 * carries a Content-Security-Policy that forbids every network fetch, so
 * even an escaping bug could not phone home.  Data never goes into the
 * script: the sort reads the table's cells.
 */
#include "batch.h"

#include <math.h>
#include <string.h>
#include <time.h>

#define CHART_BINS 10

/*** Summaries ***/

static const char *str_of(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static long long int_of(const json_t *o, const char *key)
{
	return (long long)json_number_value(json_object_get(o, key));
}

/* A verdict we print or put in a class name: only a known one. */
static const char *safe_verdict(const char *v)
{
	int k = verdict_from_name(v);

	return k >= 0 ? verdict_name((enum verdict)k) : "JE";
}

void batch_summarize(const json_t *result, size_t n_tests, struct batch_summary *s)
{
	const json_t *tests = json_object_get(result, "tests");
	size_t i;
	json_t *t;

	memset(s, 0, sizeof(*s));
	s->total = n_tests;
	if (!result) {
		s->verdict = "JE";
		s->message = "no result (not judged yet, or its worker died)";
		return;
	}
	s->verdict = safe_verdict(str_of(result, "verdict"));
	s->score = json_number_value(json_object_get(result, "score"));
	s->time_ms = int_of(result, "time_ms");
	s->memory_kb = int_of(result, "memory_kb");
	s->message = str_of(result, "message");
	json_array_foreach(tests, i, t) {
		bool ac = !strcmp(str_of(t, "verdict"), "AC");

		s->passed += ac;
		if (!ac && !s->message[0])
			s->message = str_of(t, "message");
	}
	if (!s->total)
		s->total = json_array_size(tests);
}

/*** CSV ***/

void batch_csv_field(FILE *out, const char *field)
{
	/* A spreadsheet runs a cell that starts with one of these as a
	 * formula (=HYPERLINK(...) exfiltrates); a leading ' makes it text. */
	bool guard = strchr("=+-@\t\r", field[0]) && field[0];
	bool quote = guard || strpbrk(field, ",\"\r\n") != NULL;

	if (!quote) {
		fputs(field, out);
		return;
	}
	putc('"', out);
	if (guard)
		putc('\'', out);
	for (const char *p = field; *p; p++) {
		if (*p == '"')
			putc('"', out);
		putc(*p, out);
	}
	putc('"', out);
}

int batch_write_csv(FILE *out, const struct batch_view *v)
{
	fputs("student,verdict,score,tests_passed,tests_total,max_time_ms,"
	      "max_memory_kb,message\r\n", out);
	for (size_t i = 0; i < v->n; i++) {
		struct batch_summary s;

		batch_summarize(v->results[i], v->n_tests, &s);
		batch_csv_field(out, v->students[i]);
		fprintf(out, ",%s,%g,%zu,%zu,%lld,%lld,", s.verdict, s.score, s.passed,
			s.total, s.time_ms, s.memory_kb);
		batch_csv_field(out, s.message);
		fputs("\r\n", out);
	}
	return ferror(out) ? -1 : 0;
}

/*** JSON ***/

int batch_write_json(FILE *out, const struct batch_view *v)
{
	json_auto_t *a = json_array();

	if (!a)
		return -1;
	for (size_t i = 0; i < v->n; i++) {
		json_t *r = v->results[i] ? json_deep_copy(v->results[i]) : json_null();
		json_t *o = json_pack("{s:s, s:o}", "student", v->students[i], "result", r);

		if (!o || json_array_append_new(a, o) < 0)
			return -1;
	}
	if (json_dumpf(a, out, JSON_INDENT(1) | JSON_ENSURE_ASCII) < 0)
		return -1;
	putc('\n', out);
	return ferror(out) ? -1 : 0;
}

/*** HTML ***/

void batch_html_escape(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: putc(*s, out);
		}
	}
}

static const char *const verdict_colours[VERDICT_COUNT] = {
	[VERDICT_AC] = "#2e9d48", [VERDICT_WA] = "#d9403a", [VERDICT_TLE] = "#e8891d",
	[VERDICT_MLE] = "#9b59b6", [VERDICT_OLE] = "#c0568d", [VERDICT_RTE] = "#a3322c",
	[VERDICT_CE] = "#d4b106", [VERDICT_JE] = "#7f8c8d",
};

static const char html_head[] =
	"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	/* No network at all: no fetch, image, font or form target. */
	"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	"style-src 'unsafe-inline'; script-src 'unsafe-inline'; form-action 'none'; "
	"base-uri 'none'\">\n"
	"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";

static const char html_style[] =
	"<style>\n"
	"body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}\n"
	"h1{font-size:1.4em;margin:0 0 .3em}\n"
	".meta{color:#555;margin:0 0 1em}\n"
	".charts{display:flex;flex-wrap:wrap;gap:1.5em;margin-bottom:1.5em}\n"
	".charts figure{margin:0}.charts figcaption{font-weight:600;margin-bottom:.3em}\n"
	"svg text{font:11px system-ui,sans-serif;fill:#333}\n"
	"table{border-collapse:collapse}\n"
	"th,td{border:1px solid #ccc;padding:2px 6px;text-align:left;white-space:nowrap}\n"
	"th{background:#f0f0f0;cursor:pointer;user-select:none;position:sticky;top:0}\n"
	"th.asc::after{content:' \\25B2'}th.desc::after{content:' \\25BC'}\n"
	"td.num{text-align:right}td.t{text-align:center;font-size:12px;min-width:2.2em}\n"
	"td.student{max-width:20em;overflow:hidden;text-overflow:ellipsis}\n"
	".v{color:#fff;font-weight:600}\n"
	".v-skip{background:#eee;color:#999}\n";

/* The sort: click a header; numbers by value, text by locale (digits as
 * numbers: s2 before s10); again to reverse.  Cells carry their sort key in
 * data-k when it is not the text.  A test that did not run (data-k "~")
 * sorts last either way: the collation would put "~" before letters, so
 * sorting a test column up would bury its verdicts under the skipped. */
static const char html_script[] =
	"<script>\n"
	"(function(){\n"
	"var t=document.getElementById('results');if(!t)return;\n"
	"var hs=t.tHead.rows[0].cells;\n"
	"function key(r,i,num){var c=r.cells[i];var k=c.getAttribute('data-k');"
	"if(k===null)k=c.textContent;return num?parseFloat(k):k;}\n"
	"Array.prototype.forEach.call(hs,function(h,i){h.addEventListener('click',function(){\n"
	"var num=h.getAttribute('data-type')==='num';\n"
	"var dir=h.classList.contains('asc')?-1:1;\n"
	"Array.prototype.forEach.call(hs,function(x){x.classList.remove('asc','desc');});\n"
	"h.classList.add(dir>0?'asc':'desc');\n"
	"var b=t.tBodies[0];var rows=Array.prototype.slice.call(b.rows);\n"
	"rows.sort(function(a,c){var x=key(a,i,num),y=key(c,i,num);\n"
	"if(x==='~'||y==='~')return (x==='~')-(y==='~');\n"
	"if(num){x=isNaN(x)?-1:x;y=isNaN(y)?-1:y;return (x-y)*dir;}\n"
	"return x.localeCompare(y,undefined,{numeric:true})*dir;});\n"
	"rows.forEach(function(r){b.appendChild(r);});});});\n"
	"})();\n"
	"</script>\n";

struct bar {
	char label[32];
	size_t count;
	const char *colour;
};

/* A bar chart of N bars, W x H pixels, as inline SVG. */
static void svg_bars(FILE *out, const char *title, const struct bar *bars, size_t n)
{
	const int w = 360, h = 200, left = 30, bottom = 30, top = 14;
	size_t max = 1;
	double bw;

	for (size_t i = 0; i < n; i++)
		if (bars[i].count > max)
			max = bars[i].count;
	bw = (double)(w - left - 10) / (double)n;
	fputs("<figure><figcaption>", out);
	batch_html_escape(out, title);
	fprintf(out, "</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
		"width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"",
		w, h, w, h);
	batch_html_escape(out, title);
	fputs("\">\n", out);
	fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>\n",
		left, h - bottom, w - 5, h - bottom);
	fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%zu</text>\n",
		left - 4, top + 4, max);
	fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>\n",
		left - 4, h - bottom);
	for (size_t i = 0; i < n; i++) {
		double bh = (double)(h - bottom - top) * (double)bars[i].count / (double)max;
		double x = left + bw * (double)i + 2;

		fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
			"fill=\"%s\"><title>", x, (double)(h - bottom) - bh, bw - 4, bh,
			bars[i].colour);
		batch_html_escape(out, bars[i].label);
		fprintf(out, ": %zu</title></rect>\n", bars[i].count);
		if (bars[i].count)
			fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%zu</text>\n",
				x + (bw - 4) / 2, (double)(h - bottom) - bh - 3, bars[i].count);
		fprintf(out, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">",
			x + (bw - 4) / 2, h - bottom + 14);
		batch_html_escape(out, bars[i].label);
		fputs("</text>\n", out);
	}
	fputs("</svg></figure>\n", out);
}

static void charts(FILE *out, const struct batch_view *v)
{
	struct bar verdicts[VERDICT_COUNT], scores[CHART_BINS], times[CHART_BINS];
	long long tmax = (long long)((v->time_limit_us + 999) / 1000);
	double step;

	memset(verdicts, 0, sizeof(verdicts));
	memset(scores, 0, sizeof(scores));
	memset(times, 0, sizeof(times));
	for (size_t i = 0; i < v->n; i++) {
		struct batch_summary s;

		batch_summarize(v->results[i], v->n_tests, &s);
		if (s.time_ms > tmax)
			tmax = s.time_ms;
	}
	if (tmax < CHART_BINS)
		tmax = CHART_BINS;
	step = (double)tmax / CHART_BINS;
	for (int k = 0; k < VERDICT_COUNT; k++) {
		snprintf(verdicts[k].label, sizeof(verdicts[k].label), "%s",
			 verdict_name((enum verdict)k));
		verdicts[k].colour = verdict_colours[k];
	}
	for (int k = 0; k < CHART_BINS; k++) {
		snprintf(scores[k].label, sizeof(scores[k].label), "%.1f",
			 (double)k / CHART_BINS);
		scores[k].colour = "#3b7dd8";
		snprintf(times[k].label, sizeof(times[k].label), "%.0f", step * k);
		times[k].colour = "#16a085";
	}
	for (size_t i = 0; i < v->n; i++) {
		struct batch_summary s;
		int k;

		batch_summarize(v->results[i], v->n_tests, &s);
		verdicts[verdict_from_name(s.verdict)].count++;
		k = (int)floor(s.score * CHART_BINS);
		scores[k < 0 ? 0 : k >= CHART_BINS ? CHART_BINS - 1 : k].count++;
		/* Only students whose program ran have a time. */
		if (v->results[i] && json_array_size(json_object_get(v->results[i], "tests"))) {
			k = (int)((double)s.time_ms / step);
			times[k < 0 ? 0 : k >= CHART_BINS ? CHART_BINS - 1 : k].count++;
		}
	}
	fputs("<section class=\"charts\">\n", out);
	svg_bars(out, "Verdicts", verdicts, VERDICT_COUNT);
	svg_bars(out, "Scores (bins of 0.1)", scores, CHART_BINS);
	svg_bars(out, "Max CPU time per student (ms)", times, CHART_BINS);
	fputs("</section>\n", out);
}

static const json_t *find_test(const json_t *result, const char *name)
{
	const json_t *tests = json_object_get(result, "tests");
	size_t i;
	json_t *t;

	json_array_foreach(tests, i, t)
		if (!strcmp(str_of(t, "name"), name))
			return t;
	return NULL;
}

static void test_cell(FILE *out, const json_t *result, const char *name)
{
	const json_t *t = result ? find_test(result, name) : NULL;
	const char *vd;

	if (!t) {
		fputs("<td class=\"t v-skip\" title=\"not run\" data-k=\"~\">&middot;</td>", out);
		return;
	}
	vd = safe_verdict(str_of(t, "verdict"));
	fprintf(out, "<td class=\"t v\" style=\"background:%s\" title=\"",
		verdict_colours[verdict_from_name(vd)]);
	batch_html_escape(out, vd);
	fprintf(out, ", %lld ms, %lld KiB", int_of(t, "time_ms"), int_of(t, "memory_kb"));
	if (str_of(t, "message")[0]) {
		fputs(": ", out);
		batch_html_escape(out, str_of(t, "message"));
	}
	fprintf(out, "\">%s</td>", vd);
}

static void row(FILE *out, const struct batch_view *v, size_t i)
{
	const json_t *r = v->results[i];
	struct batch_summary s;

	batch_summarize(r, v->n_tests, &s);
	fputs("<tr><td class=\"student\" title=\"", out);
	batch_html_escape(out, v->students[i]);
	fputs("\">", out);
	batch_html_escape(out, v->students[i]);
	fprintf(out, "</td><td class=\"v\" style=\"background:%s\" title=\"",
		verdict_colours[verdict_from_name(s.verdict)]);
	batch_html_escape(out, s.message);
	if (r && !strcmp(s.verdict, "CE") &&
	    str_of(json_object_get(r, "compile"), "output")[0]) {
		fputs("\n", out);
		batch_html_escape(out, str_of(json_object_get(r, "compile"), "output"));
	}
	fprintf(out, "\">%s</td><td class=\"num\">%g</td>"
		"<td class=\"num\" data-k=\"%zu\">%zu/%zu</td>"
		"<td class=\"num\">%lld</td><td class=\"num\">%lld</td><td>",
		s.verdict, s.score, s.passed, s.passed, s.total, s.time_ms, s.memory_kb);
	batch_html_escape(out, r ? str_of(r, "language") : "");
	fputs("</td>", out);
	for (size_t k = 0; k < v->n_tests; k++)
		test_cell(out, r, v->test_names[k]);
	fputs("</tr>\n", out);
}

int batch_write_html(FILE *out, const struct batch_view *v)
{
	size_t counts[VERDICT_COUNT] = {0};
	char when[64];
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M %Z", &tm);
	for (size_t i = 0; i < v->n; i++) {
		struct batch_summary s;

		batch_summarize(v->results[i], v->n_tests, &s);
		counts[verdict_from_name(s.verdict)]++;
	}
	fputs(html_head, out);
	fputs("<title>arbiter batch: ", out);
	batch_html_escape(out, v->problem_title ? v->problem_title : v->problem);
	fputs("</title>\n", out);
	fputs(html_style, out);
	for (int k = 0; k < VERDICT_COUNT; k++)
		fprintf(out, ".v-%s{background:%s}\n", verdict_name((enum verdict)k),
			verdict_colours[k]);
	fputs("</style></head><body>\n<h1>", out);
	batch_html_escape(out, v->problem_title ? v->problem_title : v->problem);
	fputs(" <small>(", out);
	batch_html_escape(out, v->problem);
	fprintf(out, ")</small></h1>\n<p class=\"meta\">%zu students", v->n);
	for (int k = 0; k < VERDICT_COUNT; k++)
		if (counts[k])
			fprintf(out, " &middot; %s %zu", verdict_name((enum verdict)k), counts[k]);
	if (v->time_limit_us)
		fprintf(out, " &middot; time limit %.3g s", (double)v->time_limit_us / 1e6);
	fprintf(out, " &middot; %zu tests &middot; generated %s by arbiter batch</p>\n",
		v->n_tests, when);
	charts(out, v);
	fputs("<table id=\"results\"><thead><tr><th>student</th><th>verdict</th>"
	      "<th data-type=\"num\">score</th><th data-type=\"num\">passed</th>"
	      "<th data-type=\"num\">time ms</th><th data-type=\"num\">memory KiB</th>"
	      "<th>language</th>", out);
	for (size_t k = 0; k < v->n_tests; k++) {
		fputs("<th title=\"", out);
		batch_html_escape(out, v->test_names[k]);
		fputs("\">", out);
		batch_html_escape(out, v->test_names[k]);
		fputs("</th>", out);
	}
	fputs("</tr></thead>\n<tbody>\n", out);
	for (size_t i = 0; i < v->n; i++)
		row(out, v, i);
	fputs("</tbody></table>\n", out);
	fputs("<p class=\"meta\">Click a column header to sort.  Hover a cell for the "
	      "test's time, memory and the first difference.</p>\n", out);
	fputs(html_script, out);
	fputs("</body></html>\n", out);
	return ferror(out) ? -1 : 0;
}
