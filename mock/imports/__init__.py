"""The import: records sent as rows or files, batched and turned into jobs of scripts."""
