"""The site's search: one record per paper (and per hand-written page), indexed by Pagefind."""
