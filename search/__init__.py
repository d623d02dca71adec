"""Search: embeddings, vector index, keyword index, hybrid ranking, evaluation."""
