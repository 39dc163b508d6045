"""Web pages (.html/.htm): the page's tables as grid rows and its text blocks as free lines, in order.

The charset comes from a byte-order mark, then the page's own `<meta charset>` /
`http-equiv` declaration (GB2312/GBK read as their superset GB18030), then the
bytes (parsers.encoding).  `rowspan`/`colspan` give the same grid model as the
other formats: a merged cell's text on its top-left position and its `span` id on
every position it covers.  Inside a cell, `<p>`, `<div>` and `<br>` end a line
(the mappers join lines as wraps; the 说明 notes keep them); a line break in the
page source is a wrap.  The page's chrome is left out: script/style, `<nav>`, a
page-level `<header>`/`<footer>`, elements whose class/id/role names navigation,
breadcrumbs, menus or footers, blocks of mostly links, and copyright/print lines.
A row with a table nested in a cell is flattened (layout tables).
"""

from __future__ import annotations

import codecs

import lxml.html
import regex
from lxml import etree

from parsers.encoding import Decoded, damaged_bytes_warning, decode_text
from parsers.rows import MAX_COLUMNS, Cell, DocumentBuilder, RawDocument, check_grid, text_row
from selfeval.errors import CorruptFileError, EncodingError, HostileInputError, NoFormFoundError

# <meta charset="gbk"> / <meta http-equiv=Content-Type content="text/html; charset=gb2312"> / <?xml encoding=?>
META_CHARSET = regex.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*(?P<cs>[A-Za-z0-9_:.\-]+)"""
                             rb"""|<\?xml[^>]*encoding\s*=\s*["'](?P<xml>[A-Za-z0-9_.\-]+)""", regex.IGNORECASE)
# an XML declaration, which lxml refuses in a decoded string
XML_DECL = regex.compile(r"^\s*<\?xml[^>]*\?>")
# control characters no XML/HTML text may hold (lxml refuses them when a tree is edited): damage, read as spaces
NOT_XML_CHAR = regex.compile(r"[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF\p{Cs}]")
# class / id / role words that name page chrome: nav, menu, breadcrumb(s), footer, copyright ...
CHROME_NAME = regex.compile(r"(?:^|[\s_\-])(?:nav|navbar|navigation|menu|breadcrumbs?|crumbs?|footer|foot|"
                            r"copyright|banner|topbar|top-bar|sidebar|sitemap|site-header|skip|share|toolbar|"
                            r"contentinfo|pager|pagination|bottom)(?:$|[\s_\-\d])", regex.IGNORECASE)
# a text block that is page chrome: copyright, ICP licence, site credits, breadcrumbs, print/close links
CHROME_TEXT = regex.compile(r"版权所有|Copyright|©|ICP备|ICP证|公网安备|主办单位|承办单位|技术支持|网站地图|"
                            r"联系我们|联系电话|^\s*(?:当前位置|您的位置|您现在的位置|所在位置)\s*[:：]|打印本页|关闭窗口|"
                            r"返回顶部|【\s*打印\s*】|【\s*关闭\s*】|分享到|上一篇|下一篇|"
                            r"字体\s*[:：]\s*[【\[]?\s*大|网站标识码|浏览次数|阅读次数", regex.IGNORECASE)
CHROME_MAX_CHARS = 300
# an inline style that hides the element
HIDDEN_STYLE = regex.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", regex.IGNORECASE)
# source line breaks with the indentation around them: a wrap in the page source
SOURCE_BREAK = regex.compile(r"[ \t\f]*[\r\n]+[ \t\f\r\n]*")
# other runs of HTML whitespace
SPACES = regex.compile(r"[ \t\f]+")
WRAP = "\x00"  # marks a source line break until both its neighbours are known
# a wrap between two Latin letters or digits stands for a space
LATIN_WRAP = regex.compile(r"(?<=[A-Za-z0-9])\x00+(?=[A-Za-z0-9])")

DROP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "nav", "select", "option",
                       "button", "iframe", "object", "embed", "svg", "input", "textarea", "map"})
BLOCK_TAGS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
                        "section", "article", "main", "aside", "blockquote", "pre", "form", "fieldset",
                        "center", "address", "figure", "figcaption", "caption", "hr", "header", "footer",
                        "body", "html", "tr", "td", "th", "thead", "tbody", "tfoot"})
CONTENT_TAGS = frozenset({"article", "main", "section"})
# libxml2's complaint when elements nest past its limit (it drops everything below)
TOO_DEEP = regex.compile(r"Excessive depth in document")
MAX_DEPTH = 256  # libxml2's nesting limit without XML_PARSE_HUGE
GB_FAMILY = frozenset({"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "gb18030", "euc-cn", "x-euc-cn"})


def _declared_codec(data: bytes) -> tuple[str, str] | None:
    """(the charset the page declares, the text codec to read it with), when it names one Python has."""
    m = META_CHARSET.search(data[:8192])
    if not m:
        return None
    declared = (m.group("cs") or m.group("xml")).decode("ascii").lower()
    codec = "gb18030" if declared in GB_FAMILY else declared
    try:
        info = codecs.lookup(codec)
    except LookupError:
        return None  # an unknown charset name: read the bytes instead
    # 'undefined', 'base64', 'rot13' ... are codecs, but not text encodings a page can be in
    return (declared, codec) if info._is_text_encoding and info.name != "undefined" else None


def decode_page(data: bytes) -> Decoded:
    if not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        if (found := _declared_codec(data)) is not None:
            declared, codec = found
            try:
                return Decoded(data.decode(codec), codec)
            except UnicodeError as exc:  # not that charset after all (UnicodeDecodeError, UTF-7 ...)
                try:
                    return decode_text(data, what="page")
                except EncodingError as inner:
                    at = f" (byte {exc.start})" if isinstance(exc, UnicodeDecodeError) else ""
                    raise EncodingError(f"the page declares charset {declared!r} but is not valid "
                                        f"{declared}{at}, and {inner}") from exc
    return decode_text(data, what="page")


def parse_html(data: bytes) -> RawDocument:
    decoded = decode_page(data)
    text = NOT_XML_CHAR.sub(" ", XML_DECL.sub("", decoded.text))
    parser = lxml.html.HTMLParser(encoding="utf-8", no_network=True)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise CorruptFileError(f"not a readable HTML page: {exc}") from exc
    if any(TOO_DEEP.search(entry.message) for entry in parser.error_log):
        # libxml2 stops building the tree there: what is deeper (tables, forms) would be lost unsaid
        raise HostileInputError(f"the page nests its elements more than {MAX_DEPTH} deep; what lies deeper "
                                f"cannot be read, so the page is refused rather than read in part")
    tables = root.xpath("//table")
    if not tables:
        raise NoFormFoundError("the page has no table (<table>): a form's indicator table is missing")
    main = max(tables, key=lambda t: len(t.xpath(".//td|.//th")))
    _drop_chrome(root, main)
    reader = _Reader()
    reader.walk(root)
    if decoded.damaged:
        reader.doc.warnings.append(damaged_bytes_warning(decoded))
    return reader.doc


def _is_chrome(el, main) -> bool:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in DROP_TAGS:
        return True
    if el is main or main in el.iterdescendants("table"):
        return False
    if main in el.iterancestors("table"):  # inside the form's table nothing but scripts is chrome
        return False
    if el.get("hidden") is not None or HIDDEN_STYLE.search(el.get("style") or ""):
        return True
    if tag in ("header", "footer") and not any(a.tag in CONTENT_TAGS for a in el.iterancestors()):
        return True
    names = " ".join(filter(None, (el.get("class"), el.get("id"), el.get("role"))))
    if names and CHROME_NAME.search(names):
        return True
    if (tag in BLOCK_TAGS or tag == "table") and tag not in ("body", "html") and el.find(".//table") is None:
        text = el.text_content().strip()
        if text and len(text) <= CHROME_MAX_CHARS and CHROME_TEXT.search(text):  # chrome lines are short
            return True
        links = el.xpath(".//a")
        link_text = sum(len(a.text_content().strip()) for a in links)
        if len(links) >= 3 and link_text >= 0.6 * len(text):
            return True
    return False


def _drop_chrome(root, main) -> None:
    doomed = [el for el in root.iter() if isinstance(el.tag, str) and _is_chrome(el, main)]
    for el in doomed:
        if el.getparent() is not None and not any(a in doomed for a in el.iterancestors()):
            el.drop_tree()


def _flow_text(el, parts: list[str], top: bool = True) -> None:
    """The text of an element as lines: block ends and <br> are newlines, source breaks are wraps."""
    if not isinstance(el.tag, str):  # comments, processing instructions
        return
    tag = el.tag
    if tag == "br":
        parts.append("\n")
        return
    block = tag in BLOCK_TAGS and not top
    if block:
        parts.append("\n")
    if el.text:
        parts.append(_source_text(el.text))
    for child in el:
        _flow_text(child, parts, top=False)
        if child.tail:
            parts.append(_source_text(child.tail))
    if block:
        parts.append("\n")


def _source_text(text: str) -> str:
    return SPACES.sub(" ", SOURCE_BREAK.sub(WRAP, text))


def _lines(parts: list[str]) -> list[str]:
    text = LATIN_WRAP.sub(" ", "".join(parts)).replace(WRAP, "")
    return [line.strip() for line in text.split("\n") if line.strip()]


class _Reader(DocumentBuilder):
    def _free(self, parts: list[str]) -> None:
        for line in _lines(parts):
            self.doc.rows.append(text_row(line, line=self.next_line()))
        parts.clear()

    def walk(self, el) -> None:
        """Free text and tables of a container, in document order."""
        parts: list[str] = []
        if el.text:
            parts.append(_source_text(el.text))
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else None
            if tag == "table":
                self._free(parts)
                self.table(child)
            elif tag is not None and (tag in BLOCK_TAGS or child.find(".//table") is not None):
                self._free(parts)
                self.walk(child)
            elif tag is not None:
                _flow_text(child, parts)
            if child.tail:
                parts.append(_source_text(child.tail))
        self._free(parts)

    def table(self, table) -> None:
        for caption in table.findall("caption"):
            self.walk(caption)
        grid: dict[tuple[int, int], Cell] = {}
        r = 0
        index = next(self.tables)
        rows = _rows(table)
        for tr in rows:
            cells = [c for c in tr if c.tag in ("td", "th")]
            if any(c.find(".//table") is not None for c in cells):
                self._flush(grid, r, index)
                grid, r, index = {}, 0, next(self.tables)
                for cell in cells:
                    self.walk(cell)
                continue
            c = 0
            for cell in cells:
                while (r, c) in grid:
                    c += 1
                # a span reaches no further than the table's last row; colspan stops at 1000 (as in browsers)
                down = min(_int_attr(cell, "rowspan"), len(rows) - r)
                across = min(_int_attr(cell, "colspan"), MAX_COLUMNS)
                check_grid(len(rows), c + across, f"table {index + 1}")  # the grid it is padded to
                parts: list[str] = []
                _flow_text(cell, parts)
                text = "\n".join(_lines(parts)) or None
                span = next(self.spans) if down > 1 or across > 1 else None
                for dr in range(down):
                    for dc in range(across):
                        grid[(r + dr, c + dc)] = Cell(text if dr == dc == 0 else None, span)
                c += across
            r += 1
        self._flush(grid, r, index)

    def _flush(self, grid: dict[tuple[int, int], Cell], n_rows: int, index: int) -> None:
        if not grid:
            return
        width = max(c for _, c in grid) + 1
        check_grid(n_rows, width, f"table {index + 1}")
        for r in range(n_rows):
            self.add_table_row(tuple(grid.get((r, c), Cell()) for c in range(width)), width, index)


def _rows(table) -> list:
    """The table's rows in display order: a <tfoot> written before the body still shows last."""
    out, foot = [], []
    for child in table:
        if child.tag == "tr":
            out.append(child)
        elif child.tag in ("thead", "tbody"):
            out.extend(c for c in child if c.tag == "tr")
        elif child.tag == "tfoot":
            foot.extend(c for c in child if c.tag == "tr")
    return out + foot


def _int_attr(cell, name: str) -> int:
    try:
        return max(int((cell.get(name) or "1").strip()), 1)
    except ValueError:
        return 1
