"""Fixers that edit the project's dependency files."""
