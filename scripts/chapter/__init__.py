"""What the chapters import: data access with provenance, facts and glue, tables, charts, citation."""
