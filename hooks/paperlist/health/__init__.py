"""The list's health: its links checked, its preprints followed, its citation counts; data, checks and report."""
