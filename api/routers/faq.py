"""Routes for the faq feature."""
from fastapi import APIRouter

router = APIRouter()
