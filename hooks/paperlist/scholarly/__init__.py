"""Open scholarly services: arXiv, Crossref and OpenAlex, read over HTTP with base URLs from the environment."""
