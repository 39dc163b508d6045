"""selfeval: the ground floor shared by parsers, normalizers and extractor.

Only modules that import nothing else of the project live here (today: `errors`),
so that every layer can import them without an import going upward.
"""
