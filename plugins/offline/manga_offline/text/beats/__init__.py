"""Scene banks, one module per part of an episode: openings, companions, conflicts, arc stages."""
