"""Every error selfeval raises, under one base class.

    SelfevalError                 base of all of them
    ├── InputError                the input file cannot be read as a form (its `files` row says why)
    │   ├── EmptyFileError        zero bytes, or nothing but whitespace
    │   ├── BinaryContentError    bytes that are not text where text was expected
    │   ├── EncodingError         text whose encoding cannot be determined
    │   ├── CorruptFileError      a container (zip, PDF ...) that is broken or truncated
    │   ├── EncryptedFileError    password-protected input
    │   ├── NoTextLayerError      a scanned PDF with no text layer
    │   ├── NoCharacterMapError   a PDF whose fonts map glyphs to no characters: text reads as (cid:N)
    │   ├── UnsupportedFormatError  a suffix / content type no parser reads
    │   ├── NoFormFoundError      readable, but no known form template in it
    │   ├── InputTooLargeError    over the configured size limit
    │   ├── GridTooLargeError     a table whose grid or merged span is far beyond what a form can be
    │   ├── NotRegularFileError   a FIFO, device, socket or folder where a file was expected (never opened)
    │   ├── HostileInputError     a zip bomb, or XML/HTML declaring entities (refused before parsing)
    │   └── MislabelledFileError  the bytes are another type than the suffix says, and no parser reads it
    ├── MissingDependencyError    an optional package or program is not installed (names the extra)
    ├── NumberError               a cell that should hold a number does not (caught by mappers, kept as a finding)
    ├── UsageError                the command line names something that cannot be converted (exit code 2)
    └── QueryError                the SQL or the output folder of `query` is wrong (exit code 2)

Bad input is never a bug: parsers raise an InputError `from` the library's own
exception, and the pipeline turns it into a failed `files` row.  Anything else
escaping a parser is a defect and is reported with its type name.
"""

from __future__ import annotations


class SelfevalError(Exception):
    """Base class of every error raised by selfeval."""


class InputError(SelfevalError):
    """The input file cannot be read as a form."""


class EmptyFileError(InputError):
    pass


class BinaryContentError(InputError):
    pass


class EncodingError(InputError):
    pass


class CorruptFileError(InputError):
    pass


class EncryptedFileError(InputError):
    pass


class NoTextLayerError(InputError):
    pass


class NoCharacterMapError(InputError):
    pass


class UnsupportedFormatError(InputError):
    pass


class NoFormFoundError(InputError):
    pass


class InputTooLargeError(InputError):
    pass


class GridTooLargeError(InputError):
    """A table dimension or merged span far beyond any form: refused before it is built."""


class NotRegularFileError(InputError):
    """Not a regular file (a FIFO, a device, a socket): never read, so it cannot block the batch."""


class HostileInputError(InputError):
    pass


class MislabelledFileError(UnsupportedFormatError):
    pass


class MissingDependencyError(SelfevalError):
    """An optional package or program is needed for this input."""


class NumberError(SelfevalError, ValueError):
    """A cell that should hold a number holds something else."""


class UsageError(SelfevalError):
    """The command line names something that cannot be converted (exit code 2)."""


class QueryError(SelfevalError):
    """The SQL or the output folder is wrong (exit code 2)."""
