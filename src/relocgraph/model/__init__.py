"""Names, prefixes, formats, errors and reports shared by every layer; imports nothing above it."""
