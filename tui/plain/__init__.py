"""Plain mode: a session as one line per event, for screen readers, pipes and thin links.

No textual here.
"""
