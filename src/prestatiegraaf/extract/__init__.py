"""Stage 2, extract: facts of prestatie sections, one module per concept."""
