"""Signals other capabilities listen to, so documents need not know about them.

``document_ingested`` is sent inside the ingest transaction, after the document's paragraphs,
verbs, citations and supersession are stored (``document``, ``by``, ``created``); a receiver
that raises makes the whole ingest fail, so nothing is half-written.
"""

from django.dispatch import Signal

document_ingested = Signal()
