"""Links to other datasets: the versioned linksets in ``links/``, reconciliation and review."""
