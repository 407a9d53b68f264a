"""Routes for the web feature."""
from fastapi import APIRouter

router = APIRouter()
