"""Pages of national reporting, one module per part of the work; each module lists its own
``urlpatterns`` (combined in ``meahub.reporting.urls``):

- ``cycles``: the reporting home, cycles (create, edit) and their status page (table, map);
- ``formats``: formats authored in the browser, versions, question mappings;
- ``xlsform``: XLSForm import and export;
- ``filling``: a country's report: fill in, save per answer, repeat items, files, prefill,
  reuse, submit; the edit log (``review``: the Secretariat's review and the delegation of
  sections, its routes included by ``filling``);
- ``offline``: the report as XLSX to fill in offline and upload back; PDF and DOCX exports;
- ``overview``: the overview report compiled from submitted reports, and its exports.
"""
