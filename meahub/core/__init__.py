"""The site shell, and nothing domain-shaped.

What belongs here: the base layout, home page and search box, the health endpoint, maps
(TopoJSON → SVG), HTMX helpers, audit helpers (``audit.py``), HTML → PDF (``pdf.py``), the
admin base class, the demo data loader (which calls the domain apps), and tests of the whole
(CLI, browser tour).
Anything about instruments, countries, people or reports goes to its domain app.
"""
