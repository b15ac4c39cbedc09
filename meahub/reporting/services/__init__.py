"""Writes of national reporting, one function per thing a person does.

- ``cycles``: open a reporting cycle, work out its deadline, open a country's report;
- ``answers``: save an answer (with optimistic locking), a file, items of repeated sections,
  prefill from the previous cycle, reuse a mapped answer, calculated values;
- ``review``: delegate sections, submit (also on a country's behalf), return with comments,
  accept, publish;
- ``formats``: author a format in the browser, new versions, map questions across formats;
- ``xlsform``: import and export formats as XLSForm;
- ``offline``: the report as an XLSX workbook to fill in and upload back.
"""
