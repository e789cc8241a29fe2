"""Pretrained models for IR: the paper list as data (no MkDocs in here)."""
