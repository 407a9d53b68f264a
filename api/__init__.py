"""FastAPI gateway of 百问百答助手."""
