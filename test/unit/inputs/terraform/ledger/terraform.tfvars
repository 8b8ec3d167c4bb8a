# A planted fake value: it must never appear in the inventory, an issue or a report.
ledger_db_password = "FAKE-never-echo-7f3a9c2e"
