"""What every domain's views share: download responses and service errors shown on forms."""
