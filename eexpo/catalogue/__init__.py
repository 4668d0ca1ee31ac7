"""The offline event's catalogue: halls and stands, programme, venues, signed projects; CSV."""
