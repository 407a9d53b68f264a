"""Routes for the requests feature."""
from fastapi import APIRouter

router = APIRouter()
