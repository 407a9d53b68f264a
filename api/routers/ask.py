"""Routes for the ask feature."""
from fastapi import APIRouter

router = APIRouter()
