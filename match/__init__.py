"""Profile matching: which clauses apply to an enterprise (taxonomy, tagging, profiles, matcher, export)."""
