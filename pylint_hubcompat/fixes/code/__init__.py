"""Fixers that edit the linted code."""
