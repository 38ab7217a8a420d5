"""What every domain uses: the audit log, centres, time and errors."""
