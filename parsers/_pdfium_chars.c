/* One call per text page for what parsers/pdf_pdfium.py otherwise asks pdfium character by character.
 *
 * pdfium has no bulk call for character boxes: this loop makes the reader's own per-character and
 * per-text-object calls (FPDFText_GetTextObject, _GetLooseCharBox, _IsGenerated,
 * _HasUnicodeMapError, _GetMatrix, _GetFontSize) through the function pointers of the pdfium
 * that pypdfium2 has loaded, so it links against nothing, and does the reader's arithmetic on
 * the answers (parsers/pdf_pdfium._text_object, parsers/pdf_paths.displayed), operation for
 * operation in doubles, so that it gives the same characters to the last bit.  It is an
 * optional build (setup.py): without it the reader makes the calls from Python.  It is loaded
 * with ctypes.CDLL; the module init at the end only lets setuptools build it as an extension.
 */

#include <Python.h>
#include <math.h>

typedef struct { float left, top, right, bottom; } rect_t; /* pdfium's FS_RECTF */
typedef struct { float a, b, c, d, e, f; } matrix_t;       /* pdfium's FS_MATRIX */

typedef void *(*text_object_fn)(void *textpage, int index);
typedef int (*char_fn)(void *textpage, int index);
typedef int (*box_fn)(void *textpage, int index, rect_t *rect);
typedef int (*matrix_fn)(void *textpage, int index, matrix_t *matrix);
typedef double (*size_fn)(void *textpage, int index);

/* a text object's line: along x or not, its extent across the line (lo, hi), size and turn */
typedef struct { int along_x; double lo, hi, size; int turn; } line_t;

/* The reader's _text_object, or 0 for a skewed text matrix (both c and d nonzero): the size is
 * then |(c, d)| by math.hypot, which this does not reproduce, and the page is read from Python. */
static int text_object_line(void *textpage, int k, int quarters, matrix_fn get_matrix, size_fn get_size,
                            matrix_t *matrix, line_t *line)
{
    get_matrix(textpage, k, matrix); /* a failed call leaves *matrix as it was, as in Python */
    double a = matrix->a, b = matrix->b, c = matrix->c, d = matrix->d;
    if (c != 0 && d != 0)
        return 0;
    volatile double size = get_size(textpage, k) * (c == 0 ? fabs(d) : fabs(c)); /* rounded here: no fused multiply-add */
    line->size = size;
    line->along_x = fabs(a) >= fabs(b);
    double base = line->along_x ? (double)matrix->f : (double)matrix->e, up = line->along_x ? d : c;
    if (up >= 0) {
        line->lo = base;
        line->hi = base + line->size;
    } else {
        line->lo = base - line->size;
        line->hi = base;
    }
    int turn = (line->along_x ? (a > 0 ? 0 : 2) : (b > 0 ? 1 : 3)) - quarters;
    line->turn = ((turn % 4) + 4) % 4;
    return 1;
}

/* Python's min(x, y) and max(x, y), NaN included */
static double first_min(double x, double y) { return y < x ? y : x; }
static double first_max(double x, double y) { return y > x ? y : x; }

/* fns: FPDFText_GetTextObject, _GetLooseCharBox, _IsGenerated, _HasUnicodeMapError, _GetMatrix,
 * _GetFontSize.  space[k]: character k is white space (left out).  rect, matrix: the reader's
 * own, kept across calls.  m: the page's display matrix; quarters: its /Rotate in quarter turns.
 * Out, per printed character j: index[j] (its character index), box[4j..4j+3] (x0, x1, top,
 * bottom as displayed), size[j], turn[j]; counts: glyphs (drawn characters, spaces included),
 * unmapped (glyphs whose font gives no unicode).  Returns the number of printed characters, or
 * -1 when the page has skewed text (the reader then reads it from Python).
 */
int selfeval_read_chars(void *textpage, int n, const unsigned char *space, void *const *fns,
                        rect_t *rect, matrix_t *matrix, const double *m, int quarters,
                        int *index, double *box, double *size, signed char *turn, long long *counts)
{
    text_object_fn text_object = (text_object_fn)fns[0];
    box_fn get_box = (box_fn)fns[1];
    char_fn is_generated = (char_fn)fns[2], map_error = (char_fn)fns[3];
    matrix_fn get_matrix = (matrix_fn)fns[4];
    size_fn get_size = (size_fn)fns[5];
    int upright = m[0] == 1.0 && m[1] == 0.0 && m[2] == 0.0 && m[3] == -1.0;
    void *current = NULL;
    line_t line = {1, 0.0, 0.0, 0.0, 0};
    int printed = 0, unmapped_font = 0;
    long long glyphs = 0, unmapped = 0;
    for (int k = 0; k < n; k++) {
        if (space[k]) {
            if (!is_generated(textpage, k)) {
                glyphs++;
                unmapped += map_error(textpage, k); /* an unmapped glyph's code may read as a space */
            }
            continue;
        }
        glyphs++;
        void *obj = text_object(textpage, k);
        if (obj != current) { /* a new text object (before the first one, the defaults above) */
            current = obj;
            if (!text_object_line(textpage, k, quarters, get_matrix, get_size, matrix, &line))
                return -1;
            unmapped_font = map_error(textpage, k);
        }
        if (unmapped_font && map_error(textpage, k))
            unmapped++;
        get_box(textpage, k, rect); /* a failed call leaves *rect as it was, as in Python */
        double x0, x1, y0, y1;
        if (line.along_x) {
            x0 = rect->left, x1 = rect->right, y0 = line.lo, y1 = line.hi;
        } else {
            x0 = line.lo, x1 = line.hi, y0 = rect->bottom, y1 = rect->top;
        }
        double *out = box + 4 * printed;
        if (upright) {
            out[0] = x0 + m[4], out[1] = x1 + m[4], out[2] = m[5] - y1, out[3] = m[5] - y0;
        } else {
            double left, right, t0, t1;
            if (m[1] == 0 && m[2] == 0) {
                left = m[0] * x0 + m[4], right = m[0] * x1 + m[4], t0 = m[3] * y1 + m[5], t1 = m[3] * y0 + m[5];
            } else {
                left = m[2] * y0 + m[4], right = m[2] * y1 + m[4], t0 = m[1] * x0 + m[5], t1 = m[1] * x1 + m[5];
            }
            out[0] = first_min(left, right), out[1] = first_max(left, right);
            out[2] = first_min(t0, t1), out[3] = first_max(t0, t1);
        }
        index[printed] = k;
        size[printed] = line.size;
        turn[printed] = (signed char)line.turn;
        printed++;
    }
    counts[0] = glyphs;
    counts[1] = unmapped;
    return printed;
}

/* The page objects the reader looks at, of a page (form == 0) or a Form XObject: their handles
 * and types, images, paths and forms only (text objects, most of a page's, are skipped here
 * instead of one ctypes call each).  fns: FPDFPage_CountObjects, FPDFPage_GetObject,
 * FPDFFormObj_CountObjects, FPDFFormObj_GetObject, FPDFPageObj_GetType.  With handles NULL it
 * returns how many objects the container holds (the room the next call needs).
 */
typedef int (*count_fn)(void *container);
typedef void *(*object_fn)(void *container, int index);
typedef void *(*form_object_fn)(void *container, unsigned long index);
typedef int (*type_fn)(void *obj);

int selfeval_objects(void *container, int form, void *const *fns, void **handles, int *types)
{
    int n = ((count_fn)fns[form ? 2 : 0])(container);
    if (!handles)
        return n;
    int kept = 0;
    for (int k = 0; k < n; k++) {
        void *obj = form ? ((form_object_fn)fns[3])(container, (unsigned long)k)
                         : ((object_fn)fns[1])(container, k);
        int type = ((type_fn)fns[4])(obj);
        if (type == 2 || type == 3 || type == 5) { /* FPDF_PAGEOBJ_PATH, _IMAGE, _FORM */
            handles[kept] = obj;
            types[kept++] = type;
        }
    }
    return kept;
}

/* An object's matrix (the reader's _matrix: the identity when the call fails; *matrix is the
 * reader's own, left as it was then) into out[6], and, for a path (segments not NULL), its
 * segments' type, x, y and close flag (the reader's _segments; *px, *py are its own, left as
 * they were by a failed call).  fns: FPDFPageObj_GetMatrix, FPDFPath_CountSegments,
 * FPDFPath_GetPathSegment, FPDFPathSegment_GetPoint, _GetType, _GetClose.  With segments NULL
 * it returns how many segments the object has.
 */
typedef int (*obj_matrix_fn)(void *obj, matrix_t *matrix);
typedef void *(*segment_fn)(void *obj, int index);
typedef int (*point_fn)(void *segment, float *x, float *y);
typedef int (*segment_int_fn)(void *segment);

int selfeval_path(void *obj, void *const *fns, matrix_t *matrix, float *px, float *py, double *out,
                  int *kinds, double *xy, unsigned char *closes)
{
    if (!kinds)
        return ((count_fn)fns[1])(obj);
    if (((obj_matrix_fn)fns[0])(obj, matrix)) {
        out[0] = matrix->a, out[1] = matrix->b, out[2] = matrix->c;
        out[3] = matrix->d, out[4] = matrix->e, out[5] = matrix->f;
    } else {
        out[0] = 1.0, out[1] = 0.0, out[2] = 0.0, out[3] = 1.0, out[4] = 0.0, out[5] = 0.0;
    }
    int n = ((count_fn)fns[1])(obj);
    for (int k = 0; k < n; k++) {
        void *segment = ((segment_fn)fns[2])(obj, k);
        ((point_fn)fns[3])(segment, px, py);
        kinds[k] = ((segment_int_fn)fns[4])(segment);
        xy[2 * k] = *px, xy[2 * k + 1] = *py;
        closes[k] = ((segment_int_fn)fns[5])(segment) != 0;
    }
    return n;
}

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_pdfium_chars", NULL, -1, NULL};

PyMODINIT_FUNC PyInit__pdfium_chars(void) { return PyModule_Create(&module); }
