"""wirestream: streaming ingestion of news wire stories."""
