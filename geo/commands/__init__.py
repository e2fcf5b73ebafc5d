"""One module per command-line verb; :mod:`geo.cli` finds them. See its docstring."""
