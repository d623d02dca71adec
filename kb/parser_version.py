"""The parsers' version, here where every part can read it without importing the parsers (0.8 s): bumped when
parsing (ingest/) changes what is stored, and every file is then parsed again on the next ingest. Stored with each
file (``sources.parser_version``): ``kb search`` tells a pending upgrade from one query."""

PARSER_VERSION = "100"
