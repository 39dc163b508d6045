/* One call per PDF page for what parsers/pdf_tables.py otherwise does character by character in Python:
 * put every character into the ruled cell box its centre lies in (pdf_tables._assign), then read each
 * box's text lines and the free text lines outside every grid (pdf_lines.rows_of, line_text,
 * line_cells), operation for operation in doubles and with the same stable orders, so that it gives
 * the same text to the last character.  It reads the page's characters as the pdfium reader's C helper
 * left them (parsers/pdfium_chars.PageChars): no Python object per character is made or read.
 *
 * It is an optional build (setup.py): without it, or for a page it declines (a NaN among the boxes),
 * the Python code does the work (parsers/page_text.py).  Loaded with ctypes.CDLL; the module init at
 * the end only lets setuptools build it as an extension.
 */

#include <Python.h>
#include <math.h>
#include <stdlib.h>

#define LINE_GAP 0.5  /* pdf_lines.LINE_GAP: tops this share of the font size apart are one line */
#define WORD_GAP 0.25 /* pdf_lines.WORD_GAP: a wider gap between two ASCII letters or digits is a space */
#define CELL_GAP 2.0  /* pdf_lines.CELL_GAP: a wider gap cuts a free line into cells */
#define OVERPRINT 0.2 /* pdf_lines.OVERPRINT: the same character this close is printed twice over itself */
#define LINE_END 0x0A /* between the lines of a box's text */
#define RECORD_END 0x1E /* after each box's text and each free line (white space: never a character) */
#define CELL_END 0x1F /* between the cells of a free line (white space too) */

typedef struct {
    const double *box; /* x0, x1, top, bottom of character i at 4i */
    const double *size;
    const unsigned int *cp; /* the text page's code points */
    const int *index;       /* character i is code point cp[index[i]] */
} page_t;

typedef struct { int ch, rank; } entry_t; /* a character, and its place in the order before a sort */

static const page_t *sorting; /* qsort has no context argument: the page being sorted */

/* Python's sorted(key=attrgetter("top", "x0")): stable, so ties keep the earlier order (rank) */
static int by_top_left(const void *pa, const void *pb)
{
    const entry_t *a = pa, *b = pb;
    const double *x = sorting->box + 4 * a->ch, *y = sorting->box + 4 * b->ch;
    if (x[2] != y[2])
        return x[2] < y[2] ? -1 : 1;
    if (x[0] != y[0])
        return x[0] < y[0] ? -1 : 1;
    return a->rank - b->rank;
}

/* list.sort(key=attrgetter("x0")), stable */
static int by_left(const void *pa, const void *pb)
{
    const entry_t *a = pa, *b = pb;
    double x = sorting->box[4 * a->ch], y = sorting->box[4 * b->ch];
    if (x != y)
        return x < y ? -1 : 1;
    return a->rank - b->rank;
}

static unsigned int code(const page_t *p, int ch) { return p->cp[p->index[ch]]; }

static int ascii_alnum(unsigned int c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* One text line (entries sorted left to right): the overprinted copies left out, a space between
 * two ASCII words, and (cells != 0) CELL_END where a wide gap cuts it.  Returns code points written. */
static int emit_line(const page_t *p, const entry_t *row, int m, int cells, unsigned int *out)
{
    int w = 0, last = row[0].ch;
    out[w++] = code(p, last);
    for (int k = 1; k < m; k++) {
        int ch = row[k].ch;
        double size = p->size[ch], x0 = p->box[4 * ch];
        if (code(p, ch) == code(p, last) && fabs(x0 - p->box[4 * last]) < OVERPRINT * size)
            continue; /* printed twice over itself (fake bold): kept once */
        double gap = x0 - p->box[4 * last + 1];
        if (cells && gap > CELL_GAP * size)
            out[w++] = CELL_END;
        else if (gap > WORD_GAP * size && ascii_alnum(code(p, last)) && ascii_alnum(code(p, ch)))
            out[w++] = ' ';
        out[w++] = code(p, ch);
        last = ch;
    }
    return w;
}

/* The text lines of m characters (entries: ranks 0..m-1 in the order given), top to bottom.  A box
 * (cells == 0): the lines joined by LINE_END.  Free text (cells != 0): each line's cells, ended by
 * RECORD_END, its top (its leftmost character's) into tops.  Returns code points written. */
static int emit_group(const page_t *p, entry_t *e, int m, int cells, unsigned int *out, double *tops, int *ntops)
{
    int w = 0;
    qsort(e, (size_t)m, sizeof *e, by_top_left);
    for (int start = 0; start < m;) {
        double first_top = p->box[4 * e[start].ch + 2];
        int end = start + 1;
        while (end < m && fabs(p->box[4 * e[end].ch + 2] - first_top) <= p->size[e[end].ch] * LINE_GAP)
            end++;
        for (int k = start; k < end; k++)
            e[k].rank = k;
        qsort(e + start, (size_t)(end - start), sizeof *e, by_left);
        if (cells) {
            tops[(*ntops)++] = p->box[4 * e[start].ch + 2];
        } else if (start > 0) {
            out[w++] = LINE_END;
        }
        w += emit_line(p, e + start, end - start, cells, out + w);
        if (cells)
            out[w++] = RECORD_END;
        start = end;
    }
    return w;
}

/* The box id of the point, or -1: as _assign, the first grid (of ngrids, in order) whose outer lines
 * hold it decides, and a position of it no box covers is free.  meta[4g..4g+3]: grid g's column and
 * row line counts (nx, ny), the offset of its xs (then its ys) in lines, of its owner ids in owner
 * ((ny - 1) x (nx - 1), row by row, -1 where no box covers the position). */
static int place(double cx, double cy, int ngrids, const int *meta, const double *lines, const int *owner)
{
    for (int g = 0; g < ngrids; g++) {
        int nx = meta[4 * g], ny = meta[4 * g + 1];
        const double *xs = lines + meta[4 * g + 2], *ys = xs + nx;
        if (!(xs[0] <= cx && cx <= xs[nx - 1] && ys[0] <= cy && cy <= ys[ny - 1]))
            continue;
        int r = 0, c = 0; /* bisect_right(ys, cy) - 1 and bisect_right(xs, cx) - 1, kept in the grid */
        while (r + 1 < ny && ys[r + 1] <= cy)
            r++;
        while (c + 1 < nx && xs[c + 1] <= cx)
            c++;
        if (r > ny - 2)
            r = ny - 2;
        if (c > nx - 2)
            c = nx - 2;
        return owner[meta[4 * g + 3] + r * (nx - 1) + c];
    }
    return -1;
}

/* n characters (box: x0, x1, top, bottom at 4i; size; cp[index[i]] its code point), the grids (see
 * place) and nboxes, their boxes' count.  Out: each box's text (empty for none) ended by RECORD_END,
 * in box id order, then the free lines (emit_group); tops: the free lines' tops.  out needs room for
 * 3n + nboxes code points, tops for n.  Returns the code points written, or -1 for a page this
 * declines (a NaN among the boxes or sizes: Python's sort orders those its own way), -2 when out of
 * memory. */
int selfeval_page_text(int n, const double *box, const double *size, const unsigned int *cp, const int *index,
                       int ngrids, const int *meta, const double *lines, const int *owner, int nboxes,
                       unsigned int *out, double *tops, int *ntops)
{
    for (int i = 0; i < 4 * n; i++)
        if (isnan(box[i]) || (i < n && isnan(size[i])))
            return -1;
    int *target = malloc(sizeof(int) * (size_t)(n + 1)), *start = calloc((size_t)nboxes + 2, sizeof(int));
    int *next = malloc(sizeof(int) * (size_t)(nboxes + 1));
    entry_t *e = malloc(sizeof(entry_t) * (size_t)(n + 1));
    if (!target || !start || !next || !e) {
        free(target), free(start), free(next), free(e);
        return -2;
    }
    for (int i = 0; i < n; i++) { /* the free characters are group nboxes */
        const double *b = box + 4 * i;
        int id = place((b[0] + b[1]) / 2, (b[2] + b[3]) / 2, ngrids, meta, lines, owner);
        target[i] = id < 0 ? nboxes : id;
        start[target[i] + 1]++;
    }
    for (int g = 0; g <= nboxes; g++) /* a counting sort: each group's characters in page order */
        start[g + 1] += start[g];
    for (int g = 0; g <= nboxes; g++)
        next[g] = start[g];
    for (int i = 0; i < n; i++) {
        entry_t *slot = e + next[target[i]]++;
        slot->ch = i, slot->rank = i;
    }
    page_t page = {box, size, cp, index};
    sorting = &page;
    int w = 0;
    *ntops = 0;
    for (int g = 0; g <= nboxes; g++) {
        int m = start[g + 1] - start[g];
        if (m)
            w += emit_group(&page, e + start[g], m, g == nboxes, out + w, tops, ntops);
        if (g < nboxes)
            out[w++] = RECORD_END;
    }
    free(target), free(start), free(e), free(next);
    return w;
}

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_page_text", NULL, -1, NULL, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__page_text(void) { return PyModule_Create(&module); }
