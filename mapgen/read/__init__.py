"""Stage 1, read: files on disk -> text, YAML documents, JSON, articles and table rows.

Nothing here knows the model: each reader turns bytes into plain values that remember
where they came from (``path:line``), and refuses what it cannot read with a
:class:`~mapgen.errors.DataError`. :mod:`mapgen.validate` makes records of them.
"""
