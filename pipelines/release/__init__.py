"""Registry, promotion, the release pin and lineage, for every registered model kind."""
