"""Stage 6, publish: endpoint, pages, static site and pushes to triple stores (to come)."""
