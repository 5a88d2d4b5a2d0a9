"""codegen/ and schema/: generation, check mode, schema changes and vendor WSDL diffs."""
