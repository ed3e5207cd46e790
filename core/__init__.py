"""The shared ground floor: typed records, the filter type, the text fold and the section rule (no upward imports)."""
