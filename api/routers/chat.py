"""Routes for the chat feature."""
from fastapi import APIRouter

router = APIRouter()
