"""The optional C helpers of the PDF path (parsers/_pdfium_chars.c, parsers/_page_text.c); everything else is in
pyproject.toml.

`optional=True`: where no C compiler or no Python headers are found, the build skips it with a
warning and the install goes on; the reader then makes its pdfium calls from Python
(parsers/pdfium_chars.py).
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("parsers._pdfium_chars", ["parsers/_pdfium_chars.c"], optional=True),
                   Extension("parsers._page_text", ["parsers/_page_text.c"], optional=True)])
