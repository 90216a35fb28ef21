"""Renderers: results in, strings out. The only package that imports rich."""
