"""What a build keeps of the last one, so that the next build redoes only what changed.

The record of the published graph (:mod:`.record`), the subject blocks of its files
(:mod:`.blocks`), the patch that rewrites them where a few parts changed (:mod:`.patch`) and
the graph kept in an on-disk store for incremental validation (:mod:`.kept`).
"""
