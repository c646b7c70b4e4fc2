"""The centre's own numbers: statistics of a year or any period, the summary paragraph as the
centre writes it (in Arabic, English and French), charts, and exports (XLSX and CSV)."""
