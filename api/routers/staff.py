"""Routes for the staff feature."""
from fastapi import APIRouter

router = APIRouter()
