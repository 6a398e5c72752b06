"""The learning-pathways ranker: simulated interactions, training, offline evaluation, registry."""
