"""The names of the sampling designs and of the columns `sample` stratifies by.

Names only, so the command line can offer them without loading pandas; `extractor.sampling` draws
by them and `extractor.sample_command` parses them (neither imports the other's module at import time).
"""

from __future__ import annotations

METHODS = ("random", "stratified", "risk", "mus")
STRATA = ("grade", "budget_unit", "fiscal_year", "template")
