"""Import and export of places, requests and admissions as CSV or XLSX files (D-24: no double entry).

One column format per entity (`formats.py`) is used by the readers, the validation, the writers, the
documentation and the template files. An import validates every row before anything is written and writes
all rows or none (`importer.py`); an export writes the same format, so export → import changes nothing.
"""
